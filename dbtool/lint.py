"""`dbtool lint`: sqlfluff, plus the project rules sqlfluff cannot see.

Project rules:
  P001  a SECURITY DEFINER function or procedure must SET search_path
  P002  every table has a primary key            (checked on sql/tables/)
  P003  every table has a COMMENT                (checked on sql/tables/)
  P004  every migration has its .rollback.sql
  P005  repeatable objects are schema-qualified and templates render
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from dbtool.config import Project
from dbtool.errors import DbtoolError
from dbtool.render import Renderer, _outside_bodies, _strip_comments


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    column: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.code} {self.message}"


_ROUTINE_START = re.compile(r"\bcreate\s+(?:or\s+replace\s+)?(?:function|procedure)\s+([\w.\"]+)", re.IGNORECASE)


def security_definer_violations(path: str, text: str) -> list[Violation]:
    """P001 on one SQL text (a migration or a rendered template)."""
    found = []
    cleaned = _outside_bodies(_strip_comments(text))
    # statement boundaries: bodies are blanked, so ';' only ends statements
    offset = 0
    for statement in cleaned.split(";"):
        match = _ROUTINE_START.search(statement)
        if match:
            lowered = statement.lower()
            definer = re.search(r"\bsecurity\s+definer\b", lowered)
            pinned = re.search(r"\bset\s+search_path\b", lowered)
            if definer and not pinned:
                line = cleaned.count("\n", 0, offset + match.start()) + 1
                found.append(
                    Violation(path, line, 1, "P001", f"SECURITY DEFINER routine {match.group(1)} does not SET search_path")
                )
        offset += len(statement) + 1
    return found


def table_file_violations(path: Path) -> list[Violation]:
    text = path.read_text()
    rel = f"sql/tables/{path.name}"
    found = []
    if "PRIMARY KEY" not in text:
        found.append(Violation(rel, 1, 1, "P002", f"table {path.stem} has no primary key"))
    if "COMMENT ON TABLE" not in text:
        found.append(Violation(rel, 1, 1, "P003", f"table {path.stem} has no COMMENT ON TABLE"))
    return found


def project_violations(project: Project) -> list[Violation]:
    found: list[Violation] = []
    migrations = sorted(project.migrations_dir.glob("*.sql")) if project.migrations_dir.is_dir() else []
    for path in migrations:
        if path.name.endswith(".rollback.sql"):
            continue
        if not path.with_name(path.stem + ".rollback.sql").exists():
            found.append(Violation(f"migrations/{path.name}", 1, 1, "P004", "no matching .rollback.sql"))
        found.extend(security_definer_violations(f"migrations/{path.name}", path.read_text()))
    try:
        renderer = Renderer(project.sql_dir)
        for template in renderer.render_all():
            found.extend(security_definer_violations(f"sql/{template.path}", template.sql))
    except DbtoolError as exc:
        found.append(Violation("sql", 1, 1, "P005", str(exc)))
    if project.tables_dir.is_dir():
        for path in sorted(project.tables_dir.glob("*.sql")):
            found.extend(table_file_violations(path))
    return found


def sqlfluff_violations(project: Project, paths: list[Path] | None = None) -> list[Violation]:
    from sqlfluff.core import FluffConfig, Linter

    config = FluffConfig.from_path(str(project.root))
    linter = Linter(config=config)
    targets = paths or [p for p in (project.sql_dir, project.migrations_dir) if p.exists()]
    result = linter.lint_paths(tuple(str(p) for p in targets))
    found = []
    for record in result.as_records():
        rel = str(Path(record["filepath"]).resolve().relative_to(project.root))
        for violation in record["violations"]:
            found.append(
                Violation(
                    rel,
                    int(violation.get("start_line_no") or 0),
                    int(violation.get("start_line_pos") or 0),
                    violation["code"],
                    violation["description"],
                )
            )
    return found


def lint(project: Project, *, sqlfluff: bool = True) -> list[Violation]:
    found = project_violations(project)
    if sqlfluff:
        found.extend(sqlfluff_violations(project))
    return sorted(found, key=lambda v: (v.path, v.line, v.column, v.code))
