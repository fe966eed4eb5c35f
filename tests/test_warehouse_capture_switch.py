"""Change capture starts with the warehouse's first load (migration 0089, dw.capture_switch).

Before the first load nothing is logged: that load reads every row. The load switches capture on and then waits
for every transaction that wrote while it was off, so that nothing such a transaction wrote is lost.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import psycopg
import pytest
from conftest import run_dbtool
from test_core_support import Clinic, tomorrow_at
from test_warehouse_etl import assert_incremental_equals_rebuild, rebuild, refresh, small_world

from pharmacy_support import sqlstate

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def capture_on(conn: psycopg.Connection) -> bool:
    return conn.execute("select last_value = 1 from dw.capture_switch").fetchone()[0]


def logged(conn: psycopg.Connection) -> int:
    return conn.execute("select count(*) from dw.change_log").fetchone()[0]


def test_nothing_is_logged_before_the_first_load_and_every_change_after_it(conn: psycopg.Connection) -> None:
    clinic = small_world(conn)
    conn.execute("update clinic.appointment set created_at = created_at - interval '1 day'")
    assert not capture_on(conn)
    assert logged(conn) == 0
    assert refresh(conn) == "succeeded"
    assert capture_on(conn)
    assert conn.execute("select count(*) from dw.fact_appointment").fetchone() == (4,)
    conn.execute("update clinic.appointment set created_at = created_at - interval '1 day'")
    assert conn.execute(
        "select count(*) from dw.change_log where source_table = 'clinic.appointment'"
    ).fetchone() == (4,)
    clinic.visit(hour=16)
    assert refresh(conn) == "succeeded"
    assert logged(conn) == 0
    assert conn.execute("select count(*) from dw.fact_appointment").fetchone() == (5,)
    assert_incremental_equals_rebuild(conn)


def _advisory_wait(conn: psycopg.Connection, pid: int) -> bool:
    for _ in range(200):
        row = conn.execute("select wait_event_type, wait_event from pg_stat_activity where pid = %s", (pid,)).fetchone()
        if row == ("Lock", "advisory"):
            return True
        time.sleep(0.05)
    return False


def test_the_first_load_waits_for_a_transaction_that_wrote_while_capture_was_off_and_loads_its_rows(
    conn: psycopg.Connection, db_url: str
) -> None:
    small_world(conn)
    doctor = conn.execute("select min(staff_id) from clinic.staff where staff_role = 'doctor'").fetchone()[0]
    writer = psycopg.connect(db_url)  # a transaction open across the first load's start
    try:
        writing = Clinic(writer)
        booked = writing.book(writing.patient(), doctor, tomorrow_at(16))
        writer_pid = writer.execute("select pg_backend_pid()").fetchone()[0]
        loader = psycopg.connect(db_url, autocommit=True)
        notices: list[str] = []
        loader.add_notice_handler(lambda diag: notices.append(diag.message_primary or ""))
        pid = loader.execute("select pg_backend_pid()").fetchone()[0]
        outcome: list[str] = []
        thread = threading.Thread(target=lambda: outcome.append(refresh(loader)))
        thread.start()
        waited = _advisory_wait(conn, pid)
        assert capture_on(conn)  # switched on before the wait, visible to every session at once
        writer.commit()
        thread.join(timeout=60)
        loader.close()
    finally:
        writer.close()
    assert outcome == ["succeeded"]
    assert conn.execute("select count(*) from dw.fact_appointment where appointment_id = %s", (booked,)).fetchone() == (
        1,
    )
    assert waited
    assert any(f"backend(s) {writer_pid}," in n for n in notices), notices  # the DBA sees whom it waits for
    assert logged(conn) == 0
    assert_incremental_equals_rebuild(conn)


def test_a_first_load_that_gives_up_waiting_leaves_capture_on_and_the_next_load_still_waits(
    conn: psycopg.Connection, db_url: str
) -> None:
    """lock_wait bounds the first load's wait too (ZW003). Capture stays on (setval is not transactional), so the
    next load is no longer the one that switches it on: it must still wait for the writer that skipped the log."""
    small_world(conn)
    doctor = conn.execute("select min(staff_id) from clinic.staff where staff_role = 'doctor'").fetchone()[0]
    writer = psycopg.connect(db_url)
    try:
        writing = Clinic(writer)
        booked = writing.book(writing.patient(), doctor, tomorrow_at(16))
        writer_pid = writer.execute("select pg_backend_pid()").fetchone()[0]
        started = time.monotonic()
        with sqlstate("ZW003") as refused:
            conn.execute("call dw.refresh(lock_wait => '0.3 s')")
        assert time.monotonic() - started < 10
        assert str(writer_pid) in (refused.value.diag.message_detail or "")
        assert capture_on(conn)
        assert conn.execute("select count(*) from dw.etl_run").fetchone() == (0,)
        loader = psycopg.connect(db_url, autocommit=True)
        pid = loader.execute("select pg_backend_pid()").fetchone()[0]
        outcome: list[str] = []
        thread = threading.Thread(target=lambda: outcome.append(refresh(loader)))
        thread.start()
        waited = _advisory_wait(conn, pid)
        writer.commit()
        thread.join(timeout=60)
        loader.close()
    finally:
        writer.close()
    assert waited
    assert outcome == ["succeeded"]
    assert conn.execute("select count(*) from dw.fact_appointment where appointment_id = %s", (booked,)).fetchone() == (
        1,
    )
    assert_incremental_equals_rebuild(conn)


def test_the_first_load_refuses_repeatable_read_with_zw004_and_changes_nothing(conn: psycopg.Connection) -> None:
    small_world(conn)
    conn.execute("begin isolation level repeatable read")
    with sqlstate("ZW004"):
        conn.execute("call dw.refresh()")
    conn.execute("rollback")
    assert not capture_on(conn)
    assert conn.execute("select count(*) from dw.etl_run").fetchone() == (0,)
    assert conn.execute("select last_rebuild_at from dw.etl_state").fetchone() == (None,)
    assert refresh(conn) == "succeeded"
    # loaded once, later runs are not first loads: repeatable read is fine
    conn.execute("begin isolation level repeatable read")
    assert conn.execute("call dw.rebuild()").fetchone()[1] == "succeeded"
    conn.execute("commit")


def test_migration_0089_keeps_capture_on_for_a_warehouse_loaded_before_it(conn: psycopg.Connection) -> None:
    forward = (MIGRATIONS / "0089_warehouse_capture_from_first_load.sql").read_text()
    backward = (MIGRATIONS / "0089_warehouse_capture_from_first_load.rollback.sql").read_text()
    reown = "alter sequence dw.capture_switch owner to hc_owner"  # as dbtool apply's ownership step does
    conn.execute(backward)
    conn.execute(forward)  # never loaded: off
    conn.execute(reown)
    assert not capture_on(conn)
    small_world(conn)
    assert refresh(conn) == "succeeded"
    conn.execute(backward)
    conn.execute(forward)
    conn.execute(reown)
    assert capture_on(conn)
    conn.execute("update clinic.appointment set created_at = created_at - interval '1 day'")  # still logged
    assert logged(conn) == 4


def test_stopping_capture_makes_refresh_refuse_until_a_rebuild_switches_it_on_again(
    conn: psycopg.Connection, db_url: str
) -> None:
    clinic = small_world(conn)
    assert refresh(conn) == "succeeded"
    conn.execute("update clinic.appointment set created_at = created_at - interval '1 day'")
    assert logged(conn) == 4
    stopped = run_dbtool("--database-url", db_url, "warehouse", "stop-capture")
    assert stopped.returncode == 0, stopped.stderr
    assert "change capture off" in stopped.stdout
    assert not capture_on(conn)
    assert logged(conn) == 0  # the backlog goes: the rebuild reloads everything
    again = run_dbtool("--database-url", db_url, "warehouse", "stop-capture")
    assert again.returncode == 0 and again.stdout.strip() == "change capture is already off", again.stdout
    required = conn.execute("select rebuild_required from dw.etl_state").fetchone()[0]
    assert "change capture was stopped" in required
    status = run_dbtool("--database-url", db_url, "warehouse", "status")
    assert "change capture: off (stopped by dw.stop_change_capture" in status.stdout, status.stdout
    visit = clinic.visit(hour=16)
    assert logged(conn) == 0
    runs = conn.execute("select count(*) from dw.etl_run").fetchone()[0]
    with sqlstate("ZW001"):
        conn.execute("call dw.refresh()")
    assert conn.execute("select count(*) from dw.etl_run").fetchone()[0] == runs
    assert rebuild(conn) == "succeeded"
    assert capture_on(conn)
    assert conn.execute("select rebuild_required from dw.etl_state").fetchone() == (None,)
    assert conn.execute("select count(*) from dw.fact_encounter where encounter_id = %s",
                        (visit["encounter"],)).fetchone() == (1,)
    conn.execute("update clinic.encounter set checked_in_at = checked_in_at - interval '1 minute'"
                 " where encounter_id = %s", (visit["encounter"],))
    assert logged(conn) == 1
    assert refresh(conn) == "succeeded"
    assert_incremental_equals_rebuild(conn)


def test_a_stop_rolled_back_leaves_capture_off_and_refresh_still_refuses(conn: psycopg.Connection) -> None:
    """setval() is not transactional: the switch stays off though rebuild_required rolled back."""
    clinic = small_world(conn)
    assert refresh(conn) == "succeeded"
    conn.execute("begin")
    conn.execute("call dw.stop_change_capture()")
    conn.execute("rollback")
    assert not capture_on(conn)
    assert conn.execute("select rebuild_required from dw.etl_state").fetchone() == (None,)
    clinic.visit(hour=16)
    with sqlstate("ZW001") as refused:
        conn.execute("call dw.refresh()")
    assert "Change capture is off" in (refused.value.diag.message_detail or "")
    assert rebuild(conn) == "succeeded"
    assert capture_on(conn)
    assert_incremental_equals_rebuild(conn)


def test_a_dba_login_may_stop_capture_and_a_clinic_login_may_not(conn: psycopg.Connection, as_role) -> None:
    small_world(conn)
    assert refresh(conn) == "succeeded"
    _, analyst_url = as_role.login("hc_analyst")
    with psycopg.connect(analyst_url, autocommit=True) as analyst:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            analyst.execute("call dw.stop_change_capture()")
    assert capture_on(conn)
    dba, dba_url = as_role.login("hc_dba")
    with psycopg.connect(dba_url, autocommit=True) as dba_conn:
        dba_conn.execute("call dw.stop_change_capture()")
    assert not capture_on(conn)
    # the log says who stopped it: the DBA's own login
    assert f"by {dba} " in conn.execute("select rebuild_required from dw.etl_state").fetchone()[0]
