"""`dbtool warehouse refresh|status` through the real CLI (issue 5)."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from conftest import PROJECT, run_dbtool
from test_warehouse_etl import small_world


def summary_row(output: str, table: str) -> tuple[int, ...]:
    """(inserted, updated, deleted, closed) of one table in the refresh summary."""
    match = re.search(rf"^\s+{re.escape(table)}\s+([\d,]+)\s+([\d,]+)\s+([\d,]+)\s+([\d,]+)\s*$", output, re.M)
    assert match, output
    return tuple(int(g.replace(",", "")) for g in match.groups())


def test_refresh_prints_each_step_and_rows_per_table(conn: psycopg.Connection, db_url: str) -> None:
    small_world(conn)
    first = run_dbtool("--database-url", db_url, "warehouse", "refresh")
    assert first.returncode == 0, first.stderr
    steps = re.findall(r"step (\d)/6", first.stdout)
    assert steps == ["1", "2", "3", "4", "5", "6"]
    assert summary_row(first.stdout, "dw.fact_encounter") == (4, 0, 0, 0)
    assert summary_row(first.stdout, "dw.fact_appointment") == (4, 0, 0, 0)
    conn.execute("update clinic.encounter set status = 'completed', discharged_at = admitted_at + interval '1 hour'"
                 " where encounter_id = (select min(encounter_id) from clinic.encounter)")
    second = run_dbtool("--database-url", db_url, "warehouse", "refresh")
    assert second.returncode == 0, second.stderr
    assert summary_row(second.stdout, "dw.fact_encounter") == (0, 1, 0, 0)
    assert "refresh succeeded" in second.stdout
    nothing = run_dbtool("--database-url", db_url, "warehouse", "refresh")
    assert "nothing changed" in nothing.stdout
    runs = conn.execute("select run_kind, run_status from dw.etl_run order by etl_run_id").fetchall()
    assert runs == [("rebuild", "succeeded"), ("refresh", "succeeded"), ("refresh", "succeeded")]


def test_rebuild_option_rebuilds(conn: psycopg.Connection, db_url: str) -> None:
    small_world(conn)
    result = run_dbtool("--database-url", db_url, "warehouse", "refresh", "--rebuild")
    assert result.returncode == 0, result.stderr
    assert "rebuild succeeded" in result.stdout
    assert conn.execute("select run_kind from dw.etl_run").fetchall() == [("rebuild",)]


def test_a_failed_run_is_one_line_and_exit_1(conn: psycopg.Connection, db_url: str) -> None:
    clinic = small_world(conn)
    conn.execute("call dw.refresh()")
    conn.execute("alter table dw.fact_encounter add constraint refuse check (encounter_id < 0) not valid")
    clinic.visit(hour=17)
    result = run_dbtool("--database-url", db_url, "warehouse", "refresh")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "failed" in lines[0] and "23514" in lines[0], result.stderr
    assert conn.execute("select run_status from dw.etl_run order by etl_run_id desc limit 1").fetchone() == ("failed",)


def test_a_refused_run_is_one_line_with_its_sqlstate(conn: psycopg.Connection, db_url: str) -> None:
    small_world(conn)
    conn.execute("call dw.refresh()")
    conn.execute("update dw.etl_state set rebuild_required = 'test'")
    result = run_dbtool("--database-url", db_url, "warehouse", "refresh")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "ZW001" in lines[0], result.stderr


@pytest.mark.parametrize("args", [
    ("--every", "0"), ("--every", "0m"), ("--every", "15x"), ("--every=-5m",), ("--every", "m"),
    ("--lock-wait", "soon"),
])
def test_bad_durations_are_one_line_and_exit_2(args: tuple[str, ...]) -> None:
    # validated before any connection: the URL below is never used
    result = run_dbtool("--database-url", "postgresql://nobody@127.0.0.1:1/none", "warehouse", "refresh", *args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and args[0].split("=")[0] in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_status_shows_runs_backlog_and_watermarks(conn: psycopg.Connection, db_url: str) -> None:
    small_world(conn)
    before = run_dbtool("--database-url", db_url, "warehouse", "status")
    assert before.returncode == 0, before.stderr
    assert re.search(r"^change capture: off until the first load", before.stdout, re.M), before.stdout
    conn.execute("call dw.refresh()")
    conn.execute("update clinic.encounter set checked_in_at = checked_in_at - interval '1 minute'")
    conn.execute("call dw.refresh()")
    conn.execute("update clinic.appointment set created_at = created_at - interval '1 day'")
    result = run_dbtool("--database-url", db_url, "warehouse", "status")
    assert result.returncode == 0, result.stderr
    assert re.search(r"^change capture: on", result.stdout, re.M), result.stdout
    run_id = conn.execute("select min(etl_run_id) from dw.etl_run").fetchone()[0]
    assert re.search(rf"^\s+{run_id}\s+rebuild\s+\S+ \S+\s+[\d.]+\s+succeeded\s+[\d,]+ rows", result.stdout, re.M)
    assert re.search(r"^\s+clinic\.appointment\s+4\s+since", result.stdout, re.M), result.stdout
    last_id, consumed = conn.execute(
        "select last_change_id, changes_consumed from dw.etl_source where source_table = 'clinic.encounter'"
    ).fetchone()
    pattern = rf"^\s+clinic\.encounter\s+change\s+{last_id:,}\s+{consumed:,} consumed"
    assert re.search(pattern, result.stdout, re.M), result.stdout


def test_a_dba_login_gets_the_status_but_not_the_changed_row_keys(
    conn: psycopg.Connection, db_url: str, as_role
) -> None:
    """Migration 0071: hc_dba reads the run log, state, watermarks and backlog counts; not change_log.source_id."""
    small_world(conn)
    conn.execute("call dw.refresh()")
    conn.execute("update clinic.appointment set created_at = created_at - interval '1 day'")
    _, dba_url = as_role.login("hc_dba")
    result = run_dbtool("--database-url", dba_url, "warehouse", "status")
    assert result.returncode == 0, result.stderr
    run_id = conn.execute("select etl_run_id from dw.etl_run").fetchone()[0]
    assert re.search(rf"^\s+{run_id}\s+rebuild\s+\S+ \S+\s+[\d.]+\s+succeeded", result.stdout, re.M), result.stdout
    assert re.search(r"^\s+clinic\.appointment\s+4\s+since", result.stdout, re.M), result.stdout
    assert re.search(r"^last rebuild: \d{4}-", result.stdout, re.M), result.stdout
    with psycopg.connect(dba_url, autocommit=True) as dba:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            dba.execute("select source_id from dw.change_log")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            dba.execute("delete from dw.change_log")
    assert conn.execute("select count(*) from dw.change_log").fetchone() == (4,)


def start_every(db_url: str, interval: str, tmp_path: Path) -> tuple[subprocess.Popen, Path, Path]:
    out, err = tmp_path / "out.txt", tmp_path / "err.txt"
    process = subprocess.Popen(
        [sys.executable, "-m", "dbtool", "--database-url", db_url, "warehouse", "refresh", "--every", interval],
        stdout=out.open("w"), stderr=err.open("w"), cwd=PROJECT.root,
    )
    return process, out, err


def wait_for(condition, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_every_keeps_refreshing_and_stops_cleanly_on_sigterm(
    conn: psycopg.Connection, db_url: str, tmp_path: Path
) -> None:
    small_world(conn)
    process, out, err = start_every(db_url, "3s", tmp_path)
    try:
        wait_for(lambda: conn.execute("select count(*) from dw.etl_run").fetchone()[0] >= 2)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        process.kill()
    assert conn.execute("select run_kind, run_status from dw.etl_run order by etl_run_id").fetchall() == [
        ("rebuild", "succeeded"), ("refresh", "succeeded")]
    assert "stopped after 2 run(s), 0 failed" in out.read_text()
    assert "Traceback" not in err.read_text()


def test_every_survives_refused_runs(conn: psycopg.Connection, db_url: str, tmp_path: Path) -> None:
    small_world(conn)
    conn.execute("call dw.refresh()")
    conn.execute("update dw.etl_state set rebuild_required = 'test'")
    process, out, err = start_every(db_url, "0.5s", tmp_path)
    try:
        wait_for(lambda: err.read_text().count("ZW001") >= 2)
        conn.execute("update dw.etl_state set rebuild_required = null")
        wait_for(lambda: conn.execute("select count(*) from dw.etl_run").fetchone()[0] >= 2)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        process.kill()
    assert "Traceback" not in err.read_text()
    assert re.search(r"stopped after \d+ run\(s\), [2-9]\d* failed or refused", out.read_text())


def test_stop_capture_on_a_database_without_the_warehouse_is_one_line(empty_db_url: str) -> None:
    result = run_dbtool("--database-url", empty_db_url, "warehouse", "stop-capture")
    assert result.returncode == 1, result
    assert result.stderr.strip().count("\n") == 0 and "the warehouse is not deployed" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
