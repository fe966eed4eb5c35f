"""Benchmark: the warehouse ETL (issue 5) on a seeded clinic.

On a private clone of the database `dbtool seed` filled (2,000 / 20,000 /
100,000 patients x 13 months for small / medium / large, the sizes the other
benchmarks share):

- full load: CALL dw.rebuild() on the never-loaded warehouse (after a VACUUM
  (ANALYZE) of the seeded database, as autovacuum leaves bulk-loaded tables; every dimension,
  fact, the daily stock snapshot and the aggregates), seconds and fact rows per
  second, with the time of each step (from the procedure's NOTICEs); then a
  second rebuild of the loaded warehouse (reference dimensions in place);
- the same fact rows written by a bare INSERT ... SELECT into unindexed,
  unpartitioned copies of the facts on the same server: the ceiling a load
  that computes nothing could reach; the full load's rate as a share of it;
- refresh after an update of 1 % and then 10 % of the encounters, their
  appointments and their diagnoses (plain UPDATEs as the superuser: every
  trigger fires as in production), seconds and the share of the full load;
  the encounters' chief complaint (not read by the warehouse, not logged) and
  the completed ones' discharge time change: the encounter fact's length of
  stay changes, nothing their diagnoses, treatments and invoice lines read; the
  appointments' reason (not logged) and the diagnoses' severity change; a
  second 1 % also moves the encounters to another department: the encounter
  fact and every diagnosis, treatment and invoice line of theirs change, the
  worst case of a 1 % change;
- refresh with nothing changed: median of several runs;
- the slowest statements of the full load and of the 10 % refresh from
  pg_stat_statements (track = all, so statements inside the procedures count).

Every figure carries the 1-minute load average when it was taken: the machine
is shared.

Data set override (both warehouse benchmarks): BENCH_WAREHOUSE_DATABASE=<name>
measures on a clone (CREATE DATABASE ... TEMPLATE, file copy) of that database
on the bench server instead of seeding one, e.g. a pg_restore of a large seed
dump (seeding 100,000 patients takes 3-9 minutes); the clone is deployed from
the working tree first and the data size is read from its tables:

    BENCH_WAREHOUSE_DATABASE=wh100k dbtool bench --scale large --only warehouse warehouse_kpi --no-write
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import psycopg
from psycopg import sql

TITLE = "Warehouse: full load and incremental refresh"
ORDER = 70
# `dbtool bench --growth` runs it again at the partner scale: the valued figures go into the Growth table
GROWTH = True
PATIENTS = {"small": 2_000, "medium": 20_000, "large": 100_000}
MONTHS = 13
FACTS = (
    "fact_appointment", "fact_encounter", "fact_diagnosis", "fact_treatment", "fact_billing", "fact_dispense",
    "fact_medication_stock_daily",
)
# refreshes measured after updating this share of the encounters (label, modulus, remainder: id % modulus = remainder,
# and whether the encounters also move to another department: every diagnosis, treatment and invoice line of theirs
# changes too; otherwise the encounter fact's length of stay and the diagnoses' severity change)
SHARES = (
    ("1 % of encounters", 100, 7, False),
    ("1 % of encounters, moved to another department", 100, 8, True),
    ("10 % of encounters", 10, 3, False),
)
NOTES = [
    "Full load = `CALL dw.rebuild()` on a never-loaded warehouse, all steps included (dimensions with the ~98,000 "
    "ICD-10-CM codes, seven facts, the stock snapshot, the aggregates); fact rows/s = all fact rows / that time. "
    "The bare INSERT ... SELECT copies the finished fact rows into unindexed, unpartitioned tables: no joins, no "
    "lookups, no indexes, so it is the upper bound for writing the same rows on this server. Refreshes are "
    "`CALL dw.refresh()` after plain UPDATEs of encounters, their appointments and diagnoses.",
    "Every timed run starts after a CHECKPOINT (not timed), so it begins with no dirty buffers of the run before "
    "and pays a full-page image in the WAL for every page it is the first to change since (with data checksums, "
    "also for the hint bits it sets): a refresh every few minutes in production meets exactly that, since the "
    "server checkpoints every 5 minutes. Without it the same refresh wrote 16 MB or 504 MB of WAL depending on "
    "where the server's own checkpoint had fallen (1 % moved to another department, 1M encounters, 2026-12-06).",
]


def load() -> str:
    return f"load {os.getloadavg()[0]:.1f}"


class StepClock:
    """Seconds per ETL step, from the NOTICEs `step n/6: ...` the procedures raise."""

    def __init__(self) -> None:
        self.marks: list[tuple[str, float]] = []

    def __call__(self, diag: psycopg.errors.Diagnostic) -> None:
        if diag.severity_nonlocalized == "NOTICE" and diag.message_primary:
            self.marks.append((diag.message_primary, time.perf_counter()))

    def timed(self, action: Callable[[], object]) -> float:
        self.marks = []
        started = time.perf_counter()
        action()
        finished = time.perf_counter()
        self.steps = [
            (label.split(": ", 1)[-1], (self.marks[i + 1][1] if i + 1 < len(self.marks) else finished) - at)
            for i, (label, at) in enumerate(self.marks)
        ]
        return finished - started

    def describe(self, top: int = 3) -> str:
        slowest = sorted(self.steps, key=lambda s: -s[1])[:top]
        return ", ".join(f"{label} {seconds:.1f} s" for label, seconds in slowest)


def slowest_statements(conn: psycopg.Connection, top: int = 3) -> str:
    rows = conn.execute(
        """select regexp_replace(left(query, 70), '\\s+', ' ', 'g'), total_exec_time
             from ext.pg_stat_statements
            where dbid = (select oid from pg_database where datname = current_database())
              and query !~* '^\\s*call ' and toplevel is false
            order by total_exec_time desc limit %s""",
        (top,),
    ).fetchall()
    return "; ".join(f"`{q.strip()}` {ms / 1000:.1f} s" for q, ms in rows)


def reset_statements(conn: psycopg.Connection) -> None:
    conn.execute("select ext.pg_stat_statements_reset()")


def checkpoint(conn: psycopg.Connection) -> None:
    """Start the next timed run from a checkpoint (see NOTES): deterministic, and what production meets."""
    conn.execute("checkpoint")


def wal_position(conn: psycopg.Connection) -> str:
    return conn.execute("select pg_current_wal_insert_lsn()::text").fetchone()[0]


def wal_megabytes_since(conn: psycopg.Connection, position: str) -> float:
    return float(conn.execute(
        "select pg_wal_lsn_diff(pg_current_wal_insert_lsn(), %s::pg_lsn)", (position,)
    ).fetchone()[0]) / 1e6


def fact_rows(conn: psycopg.Connection) -> int:
    return sum(
        conn.execute(sql.SQL("select count(*) from {}").format(sql.Identifier("dw", fact))).fetchone()[0]
        for fact in FACTS
    )


def bare(fact: str) -> sql.Identifier:
    return sql.Identifier("public", f"bare_{fact}")


def timed_bare_inserts(conn: psycopg.Connection, source_of: Callable[[str], sql.Composable]) -> float:
    """Seconds to fill an unindexed, unpartitioned copy of every fact (created first, not timed) by
    INSERT INTO copy <source_of(fact)>, all in one transaction."""
    statements = [sql.SQL("insert into {} {}").format(bare(fact), source_of(fact)) for fact in FACTS]
    for fact in FACTS:
        conn.execute(sql.SQL("create table {} (like {})").format(bare(fact), sql.Identifier("dw", fact)))
    checkpoint(conn)
    started = time.perf_counter()
    with conn.transaction():
        for statement in statements:
            conn.execute(statement)
    elapsed = time.perf_counter() - started
    for fact in FACTS:
        conn.execute(sql.SQL("drop table {}").format(bare(fact)))
    return elapsed


def finished_rows(fact: str) -> sql.Composable:
    return sql.SQL("select * from {}").format(sql.Identifier("dw", fact))


# the facts loaded by the fact_load_procedure macro: their templates export `columns` and `select_sql`
SOURCE_QUERY_FACTS = FACTS[:6]


def source_queries(sql_dir) -> Callable[[str], sql.Composable]:
    """Each fact's own source query (the full load's joins and lookups, from the fact's template); the daily
    stock snapshot, computed by a window over the whole ledger outside that macro, is copied from its finished
    rows."""
    from dbtool.render import Renderer

    env = Renderer(sql_dir).env

    def source_of(fact: str) -> sql.Composable:
        if fact not in SOURCE_QUERY_FACTS:
            return finished_rows(fact)
        template = env.get_template(f"warehouse/dw.load_{fact}.sql").module
        return sql.SQL("({}) {}").format(
            sql.SQL(", ").join(map(sql.Identifier, template.columns)),
            sql.SQL(template.select_sql.replace("__FILTER__", "true")),  # noqa: S608 - the project's own SQL
        )

    return source_of


def change_encounters(conn: psycopg.Connection, modulus: int, remainder: int, transfer: bool = False) -> int:
    """Update the encounters with id % modulus = remainder (their chief complaint and the discharge time of the
    completed ones; with `transfer` also their department, the next one), their appointments and diagnoses."""
    changed = conn.execute(
        """update clinic.encounter as e
              set chief_complaint = coalesce(chief_complaint, '') || ' (revised)',
                  discharged_at = discharged_at + interval '15 minutes',
                  department_id = case when not %(transfer)s then e.department_id else coalesce(
                      (select min(d.department_id) from clinic.department as d where d.department_id > e.department_id),
                      (select min(d.department_id) from clinic.department as d)) end
            where e.encounter_id %% %(modulus)s = %(remainder)s""",
        {"transfer": transfer, "modulus": modulus, "remainder": remainder},
    ).rowcount
    conn.execute(
        """update clinic.appointment as a set reason = coalesce(a.reason, '') || ' (revised)'
             from clinic.encounter as e
            where e.appointment_id = a.appointment_id and e.encounter_id %% %s = %s""",
        (modulus, remainder),
    )
    conn.execute(
        """update clinic.diagnosis set severity = case severity when 'mild' then 'moderate' else 'mild' end
            where encounter_id %% %s = %s""",
        (modulus, remainder),
    )
    return changed


@contextmanager
def data_set(ctx, patients: int, months: int) -> Iterator[tuple[str, int, int]]:
    """(url, patients, months) of a private database to measure on, deployed from the working tree.

    A clone of $BENCH_WAREHOUSE_DATABASE (a database on the bench server, e.g. a restored seed dump) when it is
    set, its size read from its tables; otherwise the run's shared seeded database of `patients` x `months`.
    """
    from dbtool import deploy
    from dbtool.db import ScratchDatabase

    given = os.environ.get("BENCH_WAREHOUSE_DATABASE")
    if given:
        ctx.log(f"   cloning database {given} (BENCH_WAREHOUSE_DATABASE) instead of seeding")
        source = ScratchDatabase(ctx.server_url, "bench_given", template=given)
    else:
        source = ctx.seeded_database(patients, months)
    with source as opened:
        url = opened.url if isinstance(opened, ScratchDatabase) else opened
        # the template may be older than the working tree: measure the code as it is now
        deploy.apply(ctx.project, url, out=lambda _line: None)
        if given:
            with psycopg.connect(url) as conn:
                patients, months = conn.execute(
                    """select (select count(*) from clinic.patient),
                              (select count(distinct date_trunc('month', checked_in_at at time zone 'UTC'))
                                 from clinic.encounter)"""
                ).fetchone()
        yield url, patients, months


def run(ctx) -> list:  # `dbtool bench` entry point
    with data_set(ctx, PATIENTS[ctx.scale], MONTHS) as (url, patients, months):
        return measure(ctx, url, patients, months)


def measure(ctx, url: str, patients: int, months: int = MONTHS) -> list:
    from dbtool.bench import Figure

    figures: list = []

    def add(figure: Figure) -> None:  # logged as soon as measured: a long run shows its figures as it goes
        figures.append(figure)
        ctx.log(f"   {figure.measurement}: {figure.result}")

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("create extension if not exists pg_stat_statements schema ext")
        conn.execute("set pg_stat_statements.track = 'all'")
        clock = StepClock()
        conn.add_notice_handler(clock)
        encounters = conn.execute("select count(*) from clinic.encounter").fetchone()[0]
        size = f"{patients:,} patients x {months} months, {encounters:,} encounters"

        # the state a first load meets in production: autovacuum has vacuumed the bulk-loaded OLTP tables
        # (insert threshold), setting the rows' hint bits, which the first reader of never-read rows pays
        # otherwise (+1.2-1.8 s for the 1M full load on 2026-12-06); the bare INSERTs below also read vacuumed rows
        started = time.perf_counter()
        conn.execute("vacuum analyze")
        vacuumed = time.perf_counter() - started
        checkpoint(conn)
        reset_statements(conn)
        full = clock.timed(lambda: conn.execute("call dw.rebuild()"))
        full_steps = clock.describe()
        full_statements = slowest_statements(conn)
        rows = fact_rows(conn)
        rate = rows / full
        add(Figure(
            "full load: CALL dw.rebuild() (never loaded before)", f"{size}; {rows:,} fact rows",
            f"{full:.1f} s, {rate:,.0f} fact rows/s ({load()}; after VACUUM (ANALYZE) of the seeded database, "
            f"{vacuumed:.1f} s); slowest steps: {full_steps}; "
            f"slowest statements: {full_statements}",
            f">= 100,000 fact rows/s: {'met' if rate >= 100_000 else 'NOT met'}", value=full, unit="s",
        ))

        conn.execute("vacuum analyze")
        checkpoint(conn)
        again = clock.timed(lambda: conn.execute("call dw.rebuild()"))
        add(Figure(
            "full load again: CALL dw.rebuild() of a loaded warehouse (reference dimensions in place)",
            f"{size}; {rows:,} fact rows",
            f"{again:.1f} s, {rows / again:,.0f} fact rows/s ({load()}); slowest steps: {clock.describe()}",
            f">= 100,000 fact rows/s: {'met' if rows / again >= 100_000 else 'NOT met'}",
        ))
        bare = timed_bare_inserts(conn, finished_rows)
        bare_rate = rows / bare
        ratio = rate / bare_rate
        add(Figure(
            "bare INSERT ... SELECT of the same fact rows (unindexed, unpartitioned copies)", f"{rows:,} fact rows",
            f"{bare:.1f} s, {bare_rate:,.0f} rows/s ({load()}); the full load runs at {ratio:.0%} of that rate",
            f"full load >= 50 % of it: {'met' if ratio >= 0.5 else 'NOT met'}", value=bare, unit="s",
        ))

        source = timed_bare_inserts(conn, source_queries(ctx.project.sql_dir))
        source_ratio = rate / (rows / source)
        add(Figure(
            "bare INSERT ... SELECT of each fact's own source query (same joins; unindexed, unpartitioned tables)",
            f"{rows:,} fact rows",
            f"{source:.1f} s, {rows / source:,.0f} rows/s ({load()}); the full load runs at {source_ratio:.0%} of "
            "that rate",
            f"full load >= 50 % of it: {'met' if source_ratio >= 0.5 else 'NOT met'}", value=source, unit="s",
        ))

        # autovacuum visits a rebuilt warehouse soon after (insert threshold) and sets its rows' hint bits; a
        # refresh measured before that would pay them, with a full-page image per fact page it reads (the
        # refresh after 1 % of 1M encounters: 8,000 fact pages and all of dim_patient, ~80 MB of its 322 MB of WAL)
        conn.execute("vacuum analyze")
        for share, modulus, remainder, transfer in SHARES:
            changed = change_encounters(conn, modulus, remainder, transfer)
            checkpoint(conn)
            reset_statements(conn)
            position = wal_position(conn)
            seconds = clock.timed(lambda: conn.execute("call dw.refresh()"))
            wal = wal_megabytes_since(conn, position)
            steps, statements = clock.describe(), slowest_statements(conn)
            target = ""
            if share.startswith("1 %"):
                target = f"<= 5 % of the full load: {'met' if seconds <= 0.05 * full else 'NOT met'}"
            add(Figure(
                f"refresh after updating {share} (+ their appointments, diagnoses)",
                f"{size}; {changed:,} encounters changed",
                f"{seconds:.2f} s = {seconds / full:.1%} of the full load, {wal:,.0f} MB of WAL ({load()}); "
                f"slowest steps: {steps}; "
                f"slowest statements: {statements}",
                target, value=seconds, unit="s",
            ))

        idle = []
        for _ in range(max(5, ctx.sizes["runs"])):
            idle.append(clock.timed(lambda: conn.execute("call dw.refresh()")))
        median_ms = statistics.median(idle) * 1000
        add(Figure(
            "refresh with nothing changed", size,
            f"median {median_ms:.0f} ms (min {min(idle) * 1000:.0f}, max {max(idle) * 1000:.0f}, {len(idle)} runs; "
            f"{load()})",
            f"< 200 ms: {'met' if median_ms < 200 else 'NOT met'}", value=median_ms, unit="ms",
        ))
    return figures
