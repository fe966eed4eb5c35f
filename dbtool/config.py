"""Where the project lives and which database a command talks to."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from dbtool.errors import DbtoolError

DEFAULT_DATABASE = "healthcare"


def _looks_like_project(path: Path) -> bool:
    return (path / "migrations").is_dir() and (path / "sql").is_dir() and (path / "pyproject.toml").is_file()


def find_project_dir() -> Path:
    """The project checkout: DBTOOL_PROJECT_DIR, else the nearest parent of the
    working directory holding migrations/ and sql/, else the source tree dbtool
    was installed from (editable installs)."""
    explicit = os.environ.get("DBTOOL_PROJECT_DIR")
    if explicit:
        path = Path(explicit).resolve()
        if not _looks_like_project(path):
            raise DbtoolError(f"DBTOOL_PROJECT_DIR={explicit} does not hold migrations/, sql/ and pyproject.toml")
        return path
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if _looks_like_project(candidate):
            return candidate
    source_tree = Path(__file__).resolve().parent.parent
    if _looks_like_project(source_tree):
        return source_tree
    raise DbtoolError("no project found: run dbtool inside the checkout (the folder with migrations/ and sql/)")


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def migrations_dir(self) -> Path:
        return self.root / "migrations"

    @property
    def sql_dir(self) -> Path:
        return self.root / "sql"

    @property
    def tables_dir(self) -> Path:
        return self.sql_dir / "tables"

    @property
    def state_dir(self) -> Path:
        """Per-project local state: the embedded server's data, logs, outputs."""
        explicit = os.environ.get("DBTOOL_HOME")
        return Path(explicit).resolve() if explicit else self.root / ".dbtool"


def project() -> Project:
    return Project(find_project_dir())
