"""sql/tables/: one file per table, generated from a migrated scratch database.

The migrations are the single source of the schema; sql/tables/ is what they
build, as pg_dump prints it, so a reader (or a diff in review) sees each
table's current definition in one place. `dbtool tables` rewrites the folder;
`dbtool tables --check` (and a test) fail when it is stale.
"""

from __future__ import annotations

import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from dbtool import deploy
from dbtool.config import Project
from dbtool.db import ScratchDatabase, connect
from dbtool.errors import DbtoolError

_NOISE = re.compile(
    r"^(SET |SELECT pg_catalog\.set_config|\\restrict|\\unrestrict|-- Dumped (from|by)|-- PostgreSQL database dump)"
)


def _pg_dump() -> str:
    from dbtool.server import BIN_DIR

    return str(BIN_DIR / "pg_dump")


_POLICY_ROLES = re.compile(r"^(CREATE POLICY .+? TO )(\S+(?:, \S+)*)( USING | WITH CHECK |;)")


def _sorted_policy_roles(line: str) -> str:
    """pg_dump lists a policy's roles in OID order, which differs between clusters where the
    roles were created in another order: sort them by name so the file depends on the schema only."""
    match = _POLICY_ROLES.match(line)
    if not match:
        return line
    roles = ", ".join(sorted(match.group(2).split(", ")))
    return match.group(1) + roles + match.group(3) + line[match.end():]


def _clean(dump: str) -> str:
    lines = [_sorted_policy_roles(line) for line in dump.splitlines() if not _NOISE.match(line)]
    while lines and lines[0].strip() in ("", "--"):
        lines.pop(0)
    while lines and lines[-1].strip() in ("", "--"):
        lines.pop()
    text = "\n".join(lines)
    text = re.sub(r"(--\n)+--\n", "--\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip() + "\n"


def _dump_table(url: str, schema: str, table: str) -> str:
    result = subprocess.run(
        [_pg_dump(), "--schema-only", "--no-owner",
         "-t", f'"{schema}"."{table}"', "-d", url],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise DbtoolError(f"pg_dump of {schema}.{table} failed: {result.stderr.strip().splitlines()[-1]}")
    return _clean(result.stdout)


def generate(project: Project, url: str) -> dict[str, str]:
    """{file name: content} for every table the migrations build."""
    with ScratchDatabase(url, "dbtool_tables") as scratch:
        deploy.apply(project, scratch.url, out=lambda _line: None, include_templates=False)
        with connect(scratch.url) as conn:
            tables = conn.execute(
                """
                select n.nspname, c.relname
                  from pg_class c join pg_namespace n on n.oid = c.relnamespace
                 where c.relkind in ('r', 'p') and not c.relispartition
                   and n.nspname not in ('pg_catalog', 'information_schema', 'dbtool')
                   and n.nspname not like 'pg_%%'
                 order by 1, 2
                """
            ).fetchall()
        with ThreadPoolExecutor(max_workers=4) as pool:
            dumps = list(pool.map(lambda st: _dump_table(scratch.url, st[0], st[1]), tables))
    return {f"{schema}.{table}.sql": dump for (schema, table), dump in zip(tables, dumps)}


def stale_files(project: Project, generated: dict[str, str]) -> list[str]:
    folder = project.tables_dir
    existing = {p.name: p.read_text() for p in folder.glob("*.sql")} if folder.is_dir() else {}
    names = sorted(set(existing) | set(generated))
    return [name for name in names if existing.get(name) != generated.get(name)]


def write(project: Project, generated: dict[str, str]) -> list[str]:
    folder: Path = project.tables_dir
    folder.mkdir(parents=True, exist_ok=True)
    changed = stale_files(project, generated)
    for name in changed:
        path = folder / name
        if name in generated:
            path.write_text(generated[name])
        else:
            path.unlink()
    return changed
