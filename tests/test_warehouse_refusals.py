"""Warehouse ETL refusals (issue 5): the ZW0xx SQLSTATEs of dw.refresh() / dw.rebuild()."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from security_support import HOSTILE_TEXT
from test_core_support import Clinic
from test_warehouse_etl import rebuild, refresh, small_world, warehouse

from pharmacy_support import sqlstate

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def bookkeeping(conn: psycopg.Connection) -> tuple:
    return (
        conn.execute("select count(*) from dw.etl_run").fetchone()[0],
        conn.execute("select count(*) from dw.change_log").fetchone()[0],
        conn.execute("select * from dw.etl_state").fetchone(),
    )


def test_refresh_refuses_while_a_rebuild_is_required_and_rebuild_clears_it(conn: psycopg.Connection) -> None:
    clinic = small_world(conn)
    refresh(conn)
    conn.execute("update dw.etl_state set rebuild_required = 'reference data reloaded'")
    clinic.visit(hour=17)
    before, books = warehouse(conn), bookkeeping(conn)
    with sqlstate("ZW001"):
        conn.execute("call dw.refresh()")
    assert warehouse(conn) == before
    assert bookkeeping(conn) == books
    assert rebuild(conn) == "succeeded"
    assert conn.execute("select rebuild_required from dw.etl_state").fetchone() == (None,)
    assert refresh(conn) == "succeeded"


def test_migration_0062_requires_a_rebuild_of_a_loaded_warehouse_only(conn: psycopg.Connection) -> None:
    forward = (MIGRATIONS / "0062_warehouse_stock_snapshot.sql").read_text()
    backward = (MIGRATIONS / "0062_warehouse_stock_snapshot.rollback.sql").read_text()
    conn.execute(backward)
    conn.execute(forward)  # never loaded: the first refresh loads everything anyway
    assert conn.execute("select rebuild_required from dw.etl_state").fetchone() == (None,)
    small_world(conn)
    assert refresh(conn) == "succeeded"
    conn.execute(backward)
    conn.execute(forward)
    assert conn.execute("select rebuild_required is not null from dw.etl_state").fetchone() == (True,)
    with sqlstate("ZW001"):
        conn.execute("call dw.refresh()")


def test_a_diagnosis_code_missing_from_the_warehouse_fails_the_refresh_with_zw002(conn: psycopg.Connection) -> None:
    clinic = Clinic(conn)
    encounter = clinic.visit(hour=11)["encounter"]
    refresh(conn)
    before = warehouse(conn)
    # reference data loaded after the last rebuild: a new billable code, used at once
    conn.execute(
        """insert into ref.icd10_code (code, description, parent_code, category_code, block_code, chapter_no, is_billable)
           select 'J06.ZZ', 'Test: code loaded after the rebuild upper respiratory infections', 'J06', category_code, block_code, chapter_no, true
             from ref.icd10_code where code = 'J06.9'"""
    )
    conn.execute("insert into clinic.diagnosis (encounter_id, icd10_code, severity) values (%s, 'J06.ZZ', 'mild')",
                 (encounter,))
    assert refresh(conn) == "failed"
    row = conn.execute("select run_status, error_sqlstate from dw.etl_run order by etl_run_id desc limit 1").fetchone()
    assert row == ("failed", "ZW002")
    assert warehouse(conn) == before
    assert rebuild(conn) == "succeeded"
    assert conn.execute("select count(*) from dw.fact_diagnosis where icd10_code = 'J06.ZZ'").fetchone() == (1,)


def test_a_medication_atc_class_missing_from_the_warehouse_fails_the_refresh_with_zw002(
    conn: psycopg.Connection,
) -> None:
    clinic = Clinic(conn)
    clinic.visit(hour=11)
    refresh(conn)
    conn.execute(
        """insert into ref.atc_class (atc_code, atc_level, class_name, parent_code)
           values ('N02BE99', 5, 'test substance', 'N02BE')"""
    )
    medication = clinic.medication()
    conn.execute("update pharmacy.medication set atc_code = 'N02BE99' where medication_id = %s", (medication,))
    assert refresh(conn) == "failed"
    row = conn.execute("select error_sqlstate from dw.etl_run order by etl_run_id desc limit 1").fetchone()
    assert row == ("ZW002",)
    assert rebuild(conn) == "succeeded"
    assert conn.execute("select atc_code from dw.dim_medication where medication_key = %s",
                        (medication,)).fetchone() == ("N02BE99",)


def test_a_busy_warehouse_is_refused_after_lock_wait_with_zw003(conn: psycopg.Connection, db_url: str) -> None:
    small_world(conn)
    refresh(conn)
    books = bookkeeping(conn)
    with psycopg.connect(db_url, autocommit=True) as other:
        other.execute("select pg_advisory_lock(hashtext('dw.refresh'))")
        with sqlstate("ZW003") as refused:
            conn.execute("call dw.refresh(lock_wait => '0')")
        assert str(other.info.backend_pid) in (refused.value.diag.message_detail or "")
        with sqlstate("ZW003"):
            conn.execute("call dw.rebuild(lock_wait => '0.2 seconds')")
        other.execute("select pg_advisory_unlock(hashtext('dw.refresh'))")
    assert bookkeeping(conn) == books
    assert conn.execute("call dw.refresh(lock_wait => '0')").fetchone()[1] == "succeeded"


def test_a_negative_lock_wait_is_malformed_input(conn: psycopg.Connection) -> None:
    with pytest.raises(psycopg.errors.InvalidParameterValue):
        conn.execute("call dw.refresh(lock_wait => '-1 second')")
    assert conn.execute("select count(*) from dw.etl_run").fetchone() == (0,)


def test_a_dba_may_run_the_etl_an_analyst_may_not(conn: psycopg.Connection, as_role) -> None:
    small_world(conn)
    dba = as_role.connect("hc_dba")
    assert dba.execute("call dw.refresh()").fetchone()[1] == "succeeded"
    assert dba.execute("call dw.rebuild()").fetchone()[1] == "succeeded"
    analyst = as_role.connect("hc_analyst")
    for statement in ("call dw.refresh()", "call dw.rebuild()"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            analyst.execute(statement)
    assert conn.execute("select count(*) from dw.etl_run").fetchone() == (2,)


def test_text_passed_for_the_status_output_is_ignored(conn: psycopg.Connection, as_role) -> None:
    """run_status is INOUT text: whatever a caller passes in is overwritten, stored nowhere, executed never."""
    small_world(conn)
    dba = as_role.connect("hc_dba")
    calls = [("refresh", hostile) for hostile in HOSTILE_TEXT] + [("rebuild", hostile) for hostile in HOSTILE_TEXT[:3]]
    for procedure, hostile in calls:
        row = dba.execute(
            sql.SQL("call {}(run_status => %s)").format(sql.Identifier("dw", procedure)), (hostile,)
        ).fetchone()
        assert row[1] == "succeeded"
    logged = conn.execute("select count(*), count(*) filter (where run_status <> 'succeeded') from dw.etl_run")
    assert logged.fetchone() == (len(calls), 0)
    assert conn.execute("select count(*) from dw.fact_encounter").fetchone() == (4,)
