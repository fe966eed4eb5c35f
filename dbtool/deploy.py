"""Planning and running deploys: migrations plus repeatable objects, atomically.

A deploy is ONE transaction holding a transaction-level advisory lock:
pending migrations (yoyo's bookkeeping, our statements on our connection),
then every repeatable template whose rendered text changed or whose objects
drifted in the database, then removal of objects whose template is gone.
Either all of it commits or none of it does. A second deploy waits for the
lock (up to DBTOOL_LOCK_TIMEOUT seconds, default 300) and then re-plans, so
two deploys never interleave.

Views are re-created as a group whenever a migration runs or any view template
changes: a migration may alter a table a view reads, and CREATE OR REPLACE VIEW
cannot drop or rename columns. Grants on views therefore live in the view's
template.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg import sql

from dbtool import catalog, ownership
from dbtool import migrations as migration_files
from dbtool.config import Project
from dbtool.db import connect, describe_target, first_line
from dbtool.errors import DbtoolError
from dbtool.render import DbObject, Rendered, Renderer

MIN_SERVER_VERSION_NUM = 180000
DEPLOY_LOCK_KEY = 0x6462746F6F6C  # 'dbtool' in ASCII
BOOKKEEPING_SQL = """
create schema if not exists dbtool;
comment on schema dbtool is 'dbtool bookkeeping: migration history (yoyo) and repeatable object checksums';
create table if not exists dbtool.migration_checksum (
    migration_id text primary key,
    sha256 text not null,
    applied_at timestamptz not null default now()
);
comment on table dbtool.migration_checksum is
    'sha256 of each applied migration and its rollback: an edited landed migration is refused';
create table if not exists dbtool.repeatable_object (
    path text primary key,
    checksum text not null,
    objects jsonb not null,
    fingerprint text not null,
    apply_order integer not null,
    applied_at timestamptz not null default now()
);
comment on table dbtool.repeatable_object is
    'one row per applied template under sql/: rendered checksum, objects it creates, catalog fingerprint';
"""

Printer = Callable[[str], None]
# the source tree as read once per command: the migration files and the rendered templates
Source = tuple[list[migration_files.MigrationFile], list[Rendered]]


def _print(line: str) -> None:
    print(line, flush=True)


@dataclass
class Record:
    path: str
    checksum: str
    objects: list[DbObject]
    fingerprint: str
    apply_order: int


@dataclass
class Plan:
    target: str
    applied: list[tuple[str, str]]  # (migration id, applied at)
    pending: list[migration_files.MigrationFile]
    templates: list[Rendered]
    reasons: dict[str, str]  # template path -> why it must be (re)applied
    orphans: list[Record]
    records: dict[str, Record]
    unmanaged: list[str] = field(default_factory=list)

    @property
    def to_apply(self) -> list[Rendered]:
        return [t for t in self.templates if t.path in self.reasons]

    @property
    def is_noop(self) -> bool:
        return not self.pending and not self.reasons and not self.orphans


# -- reading state -------------------------------------------------------------


def _exists(conn: psycopg.Connection, relation: str) -> bool:
    row = conn.execute("select to_regclass(%s) is not null", (relation,)).fetchone()
    return bool(row and row[0])


def _applied_migrations(conn: psycopg.Connection) -> list[tuple[str, str]]:
    if not _exists(conn, "dbtool._yoyo_migration"):
        return []
    rows = conn.execute(
        "select migration_id, to_char(applied_at_utc, 'YYYY-MM-DD HH24:MI:SS') from dbtool._yoyo_migration"
        " order by applied_at_utc, migration_id"
    ).fetchall()
    return [(r[0], r[1]) for r in rows]


def _checksums(conn: psycopg.Connection) -> dict[str, str]:
    if not _exists(conn, "dbtool.migration_checksum"):
        return {}
    return dict(conn.execute("select migration_id, sha256 from dbtool.migration_checksum").fetchall())


def _records(conn: psycopg.Connection) -> dict[str, Record]:
    if not _exists(conn, "dbtool.repeatable_object"):
        return {}
    rows = conn.execute(
        "select path, checksum, objects, fingerprint, apply_order from dbtool.repeatable_object order by apply_order"
    ).fetchall()
    return {
        r[0]: Record(r[0], r[1], [DbObject.from_json(o) for o in r[2]], r[3], r[4]) for r in rows
    }


def _unmanaged(conn: psycopg.Connection, records: dict[str, Record]) -> list[str]:
    """Routines, views and triggers in the database that no template creates."""
    managed = {obj.label() for record in records.values() for obj in record.objects}
    rows = conn.execute(
        """
        select case p.prokind when 'p' then 'procedure' else 'function' end || ' ' || n.nspname || '.' || p.proname
          from pg_proc p join pg_namespace n on n.oid = p.pronamespace
         where n.nspname not in ('pg_catalog', 'information_schema', 'dbtool') and n.nspname not like 'pg_%%'
           and p.prokind in ('f', 'p')
           and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
        union
        select case c.relkind when 'm' then 'materialized view' else 'view' end || ' ' || n.nspname || '.' || c.relname
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname not in ('pg_catalog', 'information_schema', 'dbtool') and n.nspname not like 'pg_%%'
           and c.relkind in ('v', 'm')
           and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype = 'e')
        union
        select 'trigger ' || t.tgname || ' on ' || n.nspname || '.' || c.relname
          from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
         where not t.tgisinternal and t.tgparentid = 0  -- clones on partitions follow their parent
           and n.nspname not in ('pg_catalog', 'information_schema', 'dbtool')
        """
    ).fetchall()
    return sorted(label for (label,) in rows if label not in managed)


def make_plan(
    project: Project, conn: psycopg.Connection, target: str, include_templates: bool = True,
    source: Source | None = None,
) -> Plan:
    """What a deploy would do to this database now. Reads only. `source`: the tree as _precheck read it (reading
    it again costs ~0.4 s of SQL splitting and ~0.2 s of rendering)."""
    files, rendered = source if source is not None else _precheck(project, include_templates)
    applied = _applied_migrations(conn)
    applied_ids = {mid for mid, _ in applied}
    known = {f.id for f in files}
    for mid in applied_ids - known:
        raise DbtoolError(f"migration {mid} is applied in the database but its file is missing from migrations/")
    checksums = _checksums(conn)
    for item in files:
        recorded = checksums.get(item.id)
        if item.id in applied_ids and recorded and recorded != item.checksum:
            raise DbtoolError(
                f"migrations/{item.path.name} was edited after it was applied (checksum mismatch): "
                "a landed migration must not change; add a new migration instead"
            )
    pending = [f for f in files if f.id not in applied_ids]

    templates = rendered if include_templates else []
    records = _records(conn) if include_templates else {}
    reasons: dict[str, str] = {}
    for template in templates:
        record = records.get(template.path)
        if record is None:
            reasons[template.path] = "new"
        elif record.checksum != template.checksum:
            reasons[template.path] = "changed"
        elif catalog.fingerprint(conn, record.objects) != record.fingerprint:
            reasons[template.path] = "drift"
    view_kinds = ("view", "materialized view")
    views_touched = bool(pending) or any(
        any(o.kind in view_kinds for o in t.objects) for t in templates if t.path in reasons
    )
    if views_touched:
        for template in templates:
            if template.path not in reasons and any(o.kind in view_kinds for o in template.objects):
                reasons[template.path] = "view rebuilt"
    paths = {t.path for t in templates}
    orphans = [r for r in records.values() if r.path not in paths]
    return Plan(target, applied, pending, templates, reasons, orphans, records)


# -- running -------------------------------------------------------------------


@contextmanager
def deploy_transaction(url: str, out: Printer) -> Iterator[tuple[object, psycopg.Connection]]:
    """yoyo backend + its connection inside ONE transaction under the deploy lock."""
    from yoyo import get_backend

    # bookkeeping first, in its own short locked transaction (idempotent)
    with connect(url) as conn:
        _check_server_version(conn)
        _lock(conn, out)
        conn.execute(BOOKKEEPING_SQL)
        conn.commit()
    yoyo_url = _yoyo_url(url)
    try:
        backend = get_backend(yoyo_url, migration_table="_yoyo_migration")
        backend.ensure_internal_schema_updated()
    except psycopg.Error as exc:
        raise DbtoolError(f"cannot prepare migration bookkeeping: {first_line(str(exc))}") from exc
    try:
        with backend.transaction():
            conn = backend.connection
            _lock(conn, out)
            yield backend, conn
    finally:
        backend.connection.close()


def _check_server_version(conn: psycopg.Connection) -> None:
    """The oldest server the SQL runs on: PostgreSQL 18 (the warehouse's MERGE ... RETURNING old / new); on an
    older one a deploy would stop half-way through with a syntax error (0030 already needs 16)."""
    version = conn.execute("select current_setting('server_version_num')::int, version()").fetchone()
    if version and version[0] < MIN_SERVER_VERSION_NUM:
        raise DbtoolError(
            f"this project needs PostgreSQL {MIN_SERVER_VERSION_NUM // 10000} or newer; the server is "
            f"{version[1].split(' on ')[0]} (nothing was changed)"
        )


def _yoyo_url(url: str) -> str:
    """yoyo needs postgresql+psycopg:// for psycopg 3, and keeps its tables in dbtool."""
    scheme, rest = url.split("://", 1)
    if scheme not in ("postgresql", "postgres"):
        raise DbtoolError(f"bad database URL scheme {scheme!r}")
    separator = "&" if "?" in rest else "?"
    return f"postgresql+psycopg://{rest}{separator}schema=dbtool"


def _lock(conn: psycopg.Connection, out: Printer) -> None:
    got = conn.execute("select pg_try_advisory_xact_lock(%s)", (DEPLOY_LOCK_KEY,)).fetchone()
    if got and got[0]:
        return
    holder = conn.execute(
        """select l.pid, a.application_name from pg_locks l left join pg_stat_activity a on a.pid = l.pid
            where l.locktype = 'advisory' and l.granted
              and ((l.classid::bigint << 32) | l.objid::bigint) = %s limit 1""",
        (DEPLOY_LOCK_KEY,),
    ).fetchone()
    who = f"backend pid {holder[0]}" if holder else "another session"
    timeout = int(os.environ.get("DBTOOL_LOCK_TIMEOUT", "300"))
    out(f"another deploy is running on this database ({who}); waiting up to {timeout}s for it to finish")
    conn.execute(sql.SQL("set local lock_timeout = {}").format(sql.Literal(f"{timeout}s")))
    try:
        conn.execute("select pg_advisory_xact_lock(%s)", (DEPLOY_LOCK_KEY,))
    except psycopg.errors.LockNotAvailable as exc:
        raise DbtoolError(f"another deploy ({who}) still holds the deploy lock after {timeout}s; try again later") from exc
    conn.execute("set local lock_timeout = 0")


def _run_migration(backend: object, conn: psycopg.Connection, item: migration_files.MigrationFile, direction: str) -> None:
    for statement in item.statements(direction):
        try:
            conn.execute("savepoint dbtool_statement")
            conn.execute(statement.encode())  # bytes: no client-side placeholder parsing
            conn.execute("release savepoint dbtool_statement")
        except psycopg.Error as exc:
            conn.execute("rollback to savepoint dbtool_statement")
            position = int(exc.diag.statement_position) if exc.diag.statement_position else None
            line = item.line_of(statement, position, direction)
            path = item.path if direction == "apply" else item.rollback_path
            where = f"migrations/{path.name}" + (f", line {line}" if line else "")
            raise DbtoolError(f"{where}: {first_line(exc.diag.message_primary or str(exc))} (nothing was changed)") from exc
    if direction == "apply":
        for data in item.data_files():
            _copy_data(conn, data)
        backend.mark_one(item.migration, log=False)  # type: ignore[attr-defined]
        backend.log_migration(item.migration, "apply")  # type: ignore[attr-defined]
        conn.execute(
            "insert into dbtool.migration_checksum (migration_id, sha256) values (%s, %s)"
            " on conflict (migration_id) do update set sha256 = excluded.sha256, applied_at = now()",
            (item.id, item.checksum),
        )
    else:
        backend.unmark_one(item.migration, log=False)  # type: ignore[attr-defined]
        backend.log_migration(item.migration, "rollback")  # type: ignore[attr-defined]
        conn.execute("delete from dbtool.migration_checksum where migration_id = %s", (item.id,))


def _copy_data(conn: psycopg.Connection, path: Path) -> None:
    """COPY a migration's CSV data file (header row names the columns) into its table."""
    table = migration_files.data_target(path)
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:  # type: ignore[operator]
        header = next(csv.reader([handle.readline()]))
        columns = sql.SQL(", ").join(sql.Identifier(c) for c in header)
        schema, name = table.split(".")
        statement = sql.SQL("copy {} ({}) from stdin with (format csv)").format(
            sql.Identifier(schema, name), columns
        )
        try:
            conn.execute("savepoint dbtool_copy")
            with conn.cursor().copy(statement) as copy:
                while chunk := handle.read(1 << 20):
                    copy.write(chunk)
            conn.execute("release savepoint dbtool_copy")
        except psycopg.Error as exc:
            conn.execute("rollback to savepoint dbtool_copy")
            raise DbtoolError(
                f"migrations/{path.parent.name}/{path.name}: {first_line(exc.diag.message_primary or str(exc))}"
                f" {exc.diag.context or ''}".rstrip() + " (nothing was changed)"
            ) from exc


def _routine_versions(conn: psycopg.Connection, objects: list[DbObject]) -> dict[str, str]:
    """{signature: row version (xmin)} of every overload of the routines a template declares."""
    versions: dict[str, str] = {}
    for obj in objects:
        if obj.kind in ("function", "procedure"):
            rows = conn.execute(
                """select p.oid::regprocedure::text, p.xmin::text
                     from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                    where n.nspname = %s and p.proname = %s""",
                (obj.schema, obj.name),
            ).fetchall()
            versions.update(dict(rows))
    return versions


def _drop_stale_overloads(conn: psycopg.Connection, template: Rendered, before: dict[str, str]) -> None:
    """An overload the template did not (re)create is a leftover of an old signature: drop it.

    CREATE OR REPLACE writes a new row version even when nothing changed, so an
    overload whose xmin is the same as before the template ran was not touched.
    """
    after = _routine_versions(conn, template.objects)
    for signature, version in after.items():
        if before.get(signature) == version:
            try:
                conn.execute("savepoint dbtool_overload")
                conn.execute(sql.SQL("drop routine {}").format(sql.SQL(signature)))
                conn.execute("release savepoint dbtool_overload")
            except psycopg.Error as exc:
                conn.execute("rollback to savepoint dbtool_overload")
                raise DbtoolError(
                    f"sql/{template.path}: the old overload {signature} is no longer in the source but cannot be"
                    f" dropped: {first_line(exc.diag.message_primary or str(exc))} (nothing was changed)"
                ) from exc


def _apply_template(conn: psycopg.Connection, template: Rendered, order: int) -> None:
    before = _routine_versions(conn, template.objects)
    try:
        conn.execute("savepoint dbtool_template")
        conn.execute(template.sql.encode())
        conn.execute("release savepoint dbtool_template")
    except psycopg.Error as exc:
        conn.execute("rollback to savepoint dbtool_template")
        position = int(exc.diag.statement_position) if exc.diag.statement_position else None
        line = template.sql.count("\n", 0, position - 1) + 1 if position else None
        where = f"sql/{template.path}" + (f", line {line} of the rendered SQL" if line else "")
        raise DbtoolError(f"{where}: {first_line(exc.diag.message_primary or str(exc))} (nothing was changed)") from exc
    _drop_stale_overloads(conn, template, before)
    objects = template.objects
    conn.execute(
        """insert into dbtool.repeatable_object (path, checksum, objects, fingerprint, apply_order)
           values (%s, %s, %s, %s, %s)
           on conflict (path) do update set checksum = excluded.checksum, objects = excluded.objects,
               fingerprint = excluded.fingerprint, apply_order = excluded.apply_order, applied_at = now()""",
        (
            template.path,
            template.checksum,
            json.dumps([o.as_json() for o in objects]),
            catalog.fingerprint(conn, objects),
            order,
        ),
    )


def _drop_views(conn: psycopg.Connection, plan: Plan) -> None:
    """Drop the managed views (newest first) that this deploy re-creates."""
    for record in sorted(plan.records.values(), key=lambda r: r.apply_order, reverse=True):
        if record.path not in plan.reasons:
            continue
        for obj in reversed(record.objects):
            if obj.kind in ("view", "materialized view"):
                catalog.drop(conn, obj)


def apply(
    project: Project, url: str, *, dry_run: bool = False, out: Printer = _print, include_templates: bool = True
) -> Plan:
    target = describe_target(url)
    if dry_run:
        with connect(url) as conn:
            plan = make_plan(project, conn, target, include_templates)
            conn.rollback()
        _print_dry_run(plan, out)
        return plan

    source = _precheck(project, include_templates)
    with deploy_transaction(url, out) as (backend, conn):
        plan = make_plan(project, conn, target, include_templates, source)
        if plan.is_noop:
            _give_to_owner(conn, out)
            out(f"{target}: nothing to do ({len(plan.applied)} migrations, {len(plan.templates)} objects up to date)")
            return plan
        _drop_views(conn, plan)
        for item in plan.pending:
            _run_migration(backend, conn, item, "apply")
            out(f"migration {item.id}: applied")
        order_of = {t.path: i for i, t in enumerate(plan.templates)}
        for template in plan.to_apply:
            previous = plan.records.get(template.path)
            if previous:
                for stale in previous.objects:
                    if stale not in template.objects:
                        catalog.drop(conn, stale)
            _apply_template(conn, template, order_of[template.path])
            out(f"sql/{template.path}: applied ({plan.reasons[template.path]})")
        for orphan in sorted(plan.orphans, key=lambda r: r.apply_order, reverse=True):
            for obj in reversed(orphan.objects):
                catalog.drop(conn, obj)
            conn.execute("delete from dbtool.repeatable_object where path = %s", (orphan.path,))
            out(f"sql/{orphan.path}: removed (template deleted)")
        # keep recorded order in step with the current templates
        for template in plan.templates:
            if template.path not in plan.reasons:
                conn.execute(
                    "update dbtool.repeatable_object set apply_order = %s where path = %s",
                    (order_of[template.path], template.path),
                )
        _give_to_owner(conn, out)
    unchanged = len(plan.templates) - len(plan.to_apply)
    out(
        f"{target}: deployed {len(plan.pending)} migration(s), {len(plan.to_apply)} object file(s)"
        f" ({unchanged} unchanged), removed {len(plan.orphans)}"
    )
    return plan


def _give_to_owner(conn: psycopg.Connection, out: Printer) -> None:
    """Last step of every deploy and rollback, in its transaction: see dbtool/ownership.py."""
    changed = ownership.transfer_to_owner(conn)
    if changed:
        out(f"ownership: {len(changed)} object(s) given to {ownership.OWNER_ROLE}")


def _precheck(project: Project, include_templates: bool = True) -> Source:
    """Read the source tree once: problems in it fail before the database is touched."""
    files = migration_files.load(project.migrations_dir)
    migration_files.check_rollback_files(files)
    return files, (Renderer(project.sql_dir).render_all() if include_templates else [])


def _print_dry_run(plan: Plan, out: Printer) -> None:
    out(f"-- dry run against {plan.target}: nothing below has been executed")
    if plan.is_noop:
        out("-- nothing to do: the database is up to date")
        return
    views = [
        o.label() for r in plan.records.values() if r.path in plan.reasons for o in r.objects if o.kind.endswith("view")
    ]
    if views:
        out(f"-- views dropped and re-created around this deploy: {', '.join(views)}")
    for item in plan.pending:
        out(f"-- migration {item.id}")
        for statement in item.statements("apply"):
            out(statement.strip().rstrip(";") + ";")
    for template in plan.to_apply:
        out(f"-- sql/{template.path} ({plan.reasons[template.path]})")
        out(template.sql.rstrip())
    for orphan in plan.orphans:
        out(f"-- sql/{orphan.path} deleted: drop {', '.join(o.label() for o in orphan.objects)}")
    out(f"-- then every object of the project's schemas is given to {ownership.OWNER_ROLE} (when the role exists)")


def rollback(project: Project, url: str, steps: int, *, out: Printer = _print) -> list[str]:
    """Roll back the last `steps` migrations in one transaction.

    Repeatable objects are dropped first (they may depend on what is rolled
    back) and re-created afterwards where they still compile; the ones that do
    not are reported and left for the next `dbtool apply`.
    """
    if steps < 1:
        raise DbtoolError("--steps must be at least 1")
    target = describe_target(url)
    rolled: list[str] = []
    files, _ = _precheck(project)
    with deploy_transaction(url, out) as (backend, conn):
        applied_ids = [mid for mid, _ in _applied_migrations(conn)]
        by_id = {f.id: f for f in files}
        order = [f.id for f in files if f.id in applied_ids]
        missing = [mid for mid in applied_ids if mid not in by_id]
        if missing:
            raise DbtoolError(f"migration {missing[0]} is applied but its file is missing from migrations/")
        if not order:
            raise DbtoolError(f"{target}: no migration is applied, nothing to roll back")
        checksums = _checksums(conn)
        victims = list(reversed(order))[:steps]
        for mid in victims:
            if checksums.get(mid) and checksums[mid] != by_id[mid].checksum:
                raise DbtoolError(f"migrations/{by_id[mid].path.name} was edited after it was applied; refusing to roll back")
        records = _records(conn)
        for record in sorted(records.values(), key=lambda r: r.apply_order, reverse=True):
            for obj in reversed(record.objects):
                catalog.drop(conn, obj)
        conn.execute("delete from dbtool.repeatable_object")
        for mid in victims:
            _run_migration(backend, conn, by_id[mid], "rollback")
            rolled.append(mid)
            out(f"migration {mid}: rolled back")
        templates = Renderer(project.sql_dir).render_all()
        left_out = []
        for index, template in enumerate(templates):
            try:
                _apply_template(conn, template, index)
            except DbtoolError:
                left_out.append(template.path)
        if left_out:
            out(f"{len(left_out)} object file(s) need tables that were rolled back and were not re-created:")
            for path in left_out:
                out(f"  sql/{path}")
        _give_to_owner(conn, out)
    out(f"{target}: rolled back {len(rolled)} migration(s)")
    return rolled


def status(project: Project, url: str, out: Printer = _print) -> Plan:
    target = describe_target(url)
    with connect(url) as conn:
        plan = make_plan(project, conn, target)
        plan.unmanaged = _unmanaged(conn, plan.records)
        conn.rollback()
    out(f"database {target}")
    out(f"migrations: {len(plan.applied)} applied, {len(plan.pending)} pending")
    for mid, when in plan.applied:
        out(f"  applied   {mid}  ({when} UTC)")
    for item in plan.pending:
        out(f"  pending   {item.id}")
    counts: dict[str, int] = {}
    for reason in plan.reasons.values():
        counts[reason] = counts.get(reason, 0) + 1
    up_to_date = len(plan.templates) - len(plan.reasons)
    summary = ", ".join(f"{n} {reason}" for reason, n in sorted(counts.items()))
    out(f"repeatable objects: {up_to_date} up to date" + (f", {summary}" if summary else ""))
    for path, reason in plan.reasons.items():
        if reason == "drift":
            out(f"  drift     sql/{path}: the database differs from the source (changed by hand?)")
        elif reason != "view rebuilt":
            out(f"  {reason:<9} sql/{path}")
    for orphan in plan.orphans:
        out(f"  removed   sql/{orphan.path} (still in the database; apply drops it)")
    for label in plan.unmanaged:
        out(f"  unmanaged {label} (in the database, not in sql/)")
    if plan.is_noop and not plan.unmanaged:
        out("up to date")
    return plan


def stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)
