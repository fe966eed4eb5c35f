"""`dbtool warehouse`: run dw.refresh() / dw.rebuild() with live progress, on a schedule, and show status.

The procedures do the work in the database (one transaction, an advisory lock,
a row in dw.etl_run per run); this module only calls them, prints the step
NOTICEs as they arrive, and reads dw.etl_run back for the summary.
"""

from __future__ import annotations

import re
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from types import FrameType

import psycopg
from psycopg import errors, sql

from dbtool.db import connect, first_line
from dbtool.errors import DbtoolError

Printer = Callable[[str], None]
DURATION = re.compile(r"^(\d+(?:\.\d+)?)([smh])$")
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600}
COUNTS = ("inserted", "updated", "deleted", "closed")


def parse_duration(text: str, option: str, *, allow_zero: bool = False) -> float:
    """'30s', '15m', '1.5h' -> seconds; anything else is a one-line usage error (exit 2)."""
    match = DURATION.match(text.strip())
    if not match:
        raise DbtoolError(
            f"{option}: {text!r} is not a duration: a number and a unit s, m or h (e.g. 30s, 15m, 1h)", exit_code=2
        )
    seconds = float(match.group(1)) * UNIT_SECONDS[match.group(2)]
    if seconds <= 0 and not allow_zero:
        raise DbtoolError(f"{option}: the duration must be more than zero, got {text!r}", exit_code=2)
    return seconds


@dataclass
class RunResult:
    run_id: int
    kind: str
    status: str
    seconds: float
    table_rows: dict[str, dict[str, int]]
    error: str | None
    sqlstate: str | None


def run_once(url: str, rebuild: bool, out: Printer, lock_wait: float | None = None) -> RunResult:
    """One dw.refresh() (or dw.rebuild()); prints each step as the database reports it, then the summary.

    Raises DbtoolError (one line) when the database refuses the run (ZW001 rebuild required, ZW003 busy)
    or when the run failed (it is logged in dw.etl_run and changed nothing).
    """
    kind = "rebuild" if rebuild else "refresh"
    started = time.perf_counter()

    def progress(diag: psycopg.errors.Diagnostic) -> None:
        if diag.severity_nonlocalized == "NOTICE":
            out(f"  [{time.perf_counter() - started:7.2f} s] {diag.message_primary}")

    with connect(url, autocommit=True, application_name=f"dbtool warehouse {kind}") as conn:
        conn.add_notice_handler(progress)
        out(f"warehouse {kind}:")
        wait = None if lock_wait is None else timedelta(seconds=lock_wait)
        try:
            cur = conn.execute(sql.SQL("call {}(lock_wait => %s)").format(sql.Identifier("dw", kind)), (wait,))
        except (errors.UndefinedFunction, errors.InvalidSchemaName) as exc:
            raise DbtoolError("the warehouse is not deployed in this database (run dbtool apply first)") from exc
        except psycopg.Error as exc:
            if exc.sqlstate and exc.sqlstate.startswith("ZW"):
                hint = f" {exc.diag.message_hint}" if exc.diag.message_hint else ""
                raise DbtoolError(f"warehouse {kind} refused ({exc.sqlstate}): {exc.diag.message_primary}.{hint}") from exc
            raise
        run_id, status = cur.fetchone()  # type: ignore[misc]
        row = conn.execute(
            """select run_kind, extract(epoch from finished_at - started_at)::float8, table_rows, error_message,
                      error_sqlstate
                 from dw.etl_run where etl_run_id = %s""",
            (run_id,),
        ).fetchone()
    assert row is not None
    result = RunResult(run_id, row[0], status, row[1], row[2], row[3], row[4])
    if result.status != "succeeded":
        raise DbtoolError(
            f"warehouse {result.kind} failed (run {run_id}, SQLSTATE {result.sqlstate}): "
            f"{first_line(result.error or '')}; the warehouse is unchanged"
        )
    for line in summary_lines(result):
        out(line)
    return result


def stop_capture(url: str, out: Printer) -> None:
    """CALL dw.stop_change_capture(): capture off, change log emptied, refresh refused until a rebuild."""
    with connect(url, autocommit=True, application_name="dbtool warehouse stop-capture") as conn:
        notices: list[str] = []
        conn.add_notice_handler(lambda diag: notices.append(diag.message_primary or ""))
        try:
            conn.execute("call dw.stop_change_capture()")
        except (errors.UndefinedFunction, errors.InvalidSchemaName) as exc:
            raise DbtoolError("the warehouse is not deployed in this database (run dbtool apply first)") from exc
    if notices:
        out(notices[0])
        return
    out("change capture off: the change log is emptied and dw.refresh() refuses (ZW001) until a rebuild;")
    out("dbtool warehouse refresh --rebuild reloads the warehouse and switches capture on again")


def summary_lines(result: RunResult) -> list[str]:
    lines = [f"{result.kind} {result.status} in {result.seconds:.2f} s (run {result.run_id})"]
    if not result.table_rows:
        return lines + ["  nothing changed"]
    width = max(len("table"), *(len(t) for t in result.table_rows))
    lines.append(f"  {'table':<{width}} " + " ".join(f"{c:>10}" for c in COUNTS))
    totals = dict.fromkeys(COUNTS, 0)
    for table in sorted(result.table_rows):
        counts = result.table_rows[table]
        for c in COUNTS:
            totals[c] += int(counts.get(c, 0))
        lines.append(f"  {table:<{width}} " + " ".join(f"{int(counts.get(c, 0)):>10,}" for c in COUNTS))
    lines.append(f"  {'total':<{width}} " + " ".join(f"{totals[c]:>10,}" for c in COUNTS))
    return lines


def run_every(
    url: str, interval: float, rebuild: bool, out: Printer, err: Printer, lock_wait: float | None = None
) -> int:
    """Refresh every `interval` seconds (start to start) until Ctrl-C or SIGTERM; a failed or refused run is
    printed and the loop goes on. With `rebuild`, the first run is a rebuild. SIGTERM is handled as Ctrl-C:
    psycopg cancels a running CALL, which rolls back whole (nothing changes), and the loop ends."""

    def on_term(_signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_term)
    runs = failures = 0
    try:
        while True:
            started = time.monotonic()
            runs += 1
            try:
                run_once(url, rebuild and runs == 1, out, lock_wait)
            except DbtoolError as exc:
                failures += 1
                err(f"dbtool: error: {exc}")
            except psycopg.OperationalError as exc:
                failures += 1
                err(f"dbtool: database error: {first_line(str(exc))} (retrying at the next run)")
            delay = max(0.0, started + interval - time.monotonic())
            out(f"next run in {delay:.0f} s (Ctrl-C to stop)")
            time.sleep(delay)
    except KeyboardInterrupt:
        out(f"stopped after {runs} run(s), {failures} failed or refused")
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)


def status(url: str, out: Printer, runs: int = 10) -> None:
    """The last runs, the change-log backlog per source, the watermark per source and the ETL state."""
    with connect(url, autocommit=True, application_name="dbtool warehouse status") as conn:
        try:
            last = conn.execute(
                """select etl_run_id, run_kind, to_char(started_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS'),
                          extract(epoch from finished_at - started_at)::float8, run_status, table_rows,
                          error_sqlstate, error_message
                     from dw.etl_run order by etl_run_id desc limit %s""",
                (runs,),
            ).fetchall()
        except errors.UndefinedTable as exc:
            raise DbtoolError("the warehouse is not deployed in this database (run dbtool apply first)") from exc
        backlog = conn.execute(
            """select source_table, count(*), to_char(min(logged_at) at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS')
                 from dw.change_log group by 1 order by 1"""
        ).fetchall()
        sources = conn.execute(
            """select source_table, last_change_id, changes_consumed,
                      to_char(last_consumed_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS')
                 from dw.etl_source order by 1"""
        ).fetchall()
        state = conn.execute(
            """select to_char(last_rebuild_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS'), stock_snapshot_through,
                      rebuild_required
                 from dw.etl_state"""
        ).fetchone()
        capturing = conn.execute("select last_value = 1 from dw.capture_switch").fetchone()[0]
    out(f"last {len(last)} run(s) (times UTC):")
    if not last:
        out("  none yet: the first dbtool warehouse refresh loads everything")
    else:
        out(f"  {'run':>6} {'kind':<8} {'started':<19} {'seconds':>9} {'status':<9} rows")
        for run_id, kind, started, seconds, run_status, table_rows, sqlstate, message in last:
            if run_status == "succeeded":
                total = sum(int(v) for counts in table_rows.values() for v in counts.values())
                detail = f"{total:,} rows in {len(table_rows)} tables" if total else "nothing changed"
            else:
                detail = f"SQLSTATE {sqlstate}: {first_line(message or '')}"
            out(f"  {run_id:>6} {kind:<8} {started:<19} {seconds:>9.2f} {run_status:<9} {detail}")
    if capturing:
        out("change capture: on (the OLTP triggers log every change the warehouse reads, for the next refresh)")
    elif state is not None and state[0] is not None:
        out("change capture: off (stopped by dw.stop_change_capture; dbtool warehouse refresh --rebuild switches it on)")
    else:
        out("change capture: off until the first load (nothing to log: the first refresh reads every row)")
    out("change log backlog (changes waiting for the next refresh):")
    if not backlog:
        out("  empty")
    for source, count, oldest in backlog:
        out(f"  {source:<26} {count:>10,} since {oldest}")
    out("watermark per source (highest change id consumed):")
    if not sources:
        out("  no changes consumed yet")
    for source, last_id, consumed, at in sources:
        out(f"  {source:<26} change {last_id:>10,}  {consumed:>12,} consumed in all  last {at}")
    if state is not None:
        rebuild_at, through, required = state
        out(f"last rebuild: {rebuild_at or 'never'}; stock snapshot through: {through or 'not loaded'}")
        if required:
            out(f"REBUILD REQUIRED before the next refresh: {required} (dbtool warehouse refresh --rebuild)")
