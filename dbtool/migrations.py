"""Versioned migrations: yoyo reads and orders them; dbtool adds content checksums.

yoyo identifies a migration by a hash of its file name only, so an edited
landed migration would go unnoticed: dbtool records a sha256 of each applied
migration's SQL and its rollback in `dbtool.migration_checksum` and refuses to
deploy when a file no longer matches.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from yoyo import read_migrations
from yoyo.migrations import topological_sort
from yoyo.exceptions import BadMigration

from dbtool.errors import DbtoolError


@dataclass
class MigrationFile:
    id: str
    path: Path
    rollback_path: Path
    migration: object  # yoyo.migrations.Migration

    @property
    def data_dir(self) -> Path:
        """Optional `NNNN_name.data/` folder of CSV files loaded after the SQL."""
        return self.path.with_name(self.path.stem + ".data")

    def data_files(self) -> list[Path]:
        """`[NN_]schema.table.csv[.gz]` files (header row = column names), in name order."""
        if not self.data_dir.is_dir():
            return []
        return sorted(p for p in self.data_dir.iterdir() if p.name.endswith((".csv", ".csv.gz")))

    @property
    def checksum(self) -> str:
        digest = hashlib.sha256(self.path.read_bytes())
        digest.update(b"\0")
        if self.rollback_path.exists():
            digest.update(self.rollback_path.read_bytes())
        for data in self.data_files():
            digest.update(data.name.encode() + b"\0" + data.read_bytes())
        return digest.hexdigest()

    def statements(self, direction: str) -> list[str]:
        """The SQL statements of one direction, in the order they run."""
        self.migration.load()  # type: ignore[attr-defined]
        steps = list(self.migration.steps)  # type: ignore[attr-defined]
        if direction == "rollback":
            steps.reverse()
        result = []
        for wrapper in steps:
            step = getattr(wrapper, "step", wrapper)
            text = step._apply if direction == "apply" else step._rollback
            if isinstance(text, str) and text.strip():
                result.append(text)
        return result

    def line_of(self, statement: str, position: int | None, direction: str) -> int | None:
        """Line in the file of an error at `position` (1-based) inside `statement`."""
        source = (self.path if direction == "apply" else self.rollback_path).read_text()
        offset = source.find(statement.strip())
        if offset < 0:
            return None
        if position:
            offset += position - 1
        return source.count("\n", 0, offset) + 1


def data_target(path: Path) -> str:
    """The schema.table a data file loads into: `10_ref.icd10_code.csv.gz` -> `ref.icd10_code`."""
    name = path.name.removesuffix(".gz").removesuffix(".csv")
    name = re.sub(r"^\d+_", "", name)
    if not re.fullmatch(r"[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*", name):
        raise DbtoolError(f"{path}: data files are named [NN_]schema.table.csv[.gz]")
    return name


def load(migrations_dir: Path) -> list[MigrationFile]:
    """All migrations in dependency order (yoyo's topological sort)."""
    if not migrations_dir.is_dir():
        return []
    try:
        collection = read_migrations(str(migrations_dir))
        if collection.post_apply:
            raise DbtoolError("post-apply migrations are not supported: put that SQL in a repeatable template under sql/")
        for migration in collection:
            migration.load()
        collection = list(topological_sort(collection))
    except BadMigration as exc:
        raise DbtoolError(f"bad migration: {exc}") from exc
    files = []
    for migration in collection:
        if migration.id.endswith(".rollback"):
            continue
        path = Path(migration.path)
        if path.suffix != ".sql":
            raise DbtoolError(f"{path.name}: only SQL migrations are supported")
        files.append(MigrationFile(migration.id, path, path.with_name(path.stem + ".rollback.sql"), migration))
    for item in files:
        if not getattr(item.migration, "use_transactions", True):
            raise DbtoolError(
                f"migrations/{item.path.name} is marked 'transactional: false'; every deploy runs in one transaction"
            )
    return files


def check_rollback_files(files: list[MigrationFile]) -> None:
    for item in files:
        if not item.rollback_path.exists():
            raise DbtoolError(f"migrations/{item.path.name} has no rollback: create migrations/{item.rollback_path.name}")
