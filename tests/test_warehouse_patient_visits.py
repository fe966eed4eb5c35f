"""dw.agg_patient_visits (migration 0092): encounters per patient and month, all departments. The refresh finds a
touched patient's months in it (first visits, patients seen and active per month); agg_visit_patient lost the
patient index it served them through, so a move to another department inserts its new group into one index
instead of two, and leaves this aggregate alone. Speed: bench/warehouse.py (docs/warehouse.md, Performance)."""

from __future__ import annotations

from pathlib import Path

import psycopg
from dbtool.ownership import transfer_to_owner
from test_core_support import Clinic
from test_warehouse_etl import assert_incremental_equals_rebuild, last_run_rows, rebuild, refresh, small_world

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"

PATIENT_VISITS = "select patient_durable_key, month_start, visits from dw.agg_patient_visits order by 1, 2"
SUMMED_OVER_DEPARTMENTS = """
    select patient_durable_key, month_start, sum(visits) from dw.agg_visit_patient group by 1, 2 order by 1, 2
"""
AGG_VISIT_PATIENT_INDEXES = "select indexname from pg_indexes where schemaname = 'dw' and tablename = 'agg_visit_patient'"


def test_it_is_agg_visit_patient_summed_over_the_departments_after_refreshes_and_rebuilds(
    conn: psycopg.Connection,
) -> None:
    clinic = small_world(conn)
    assert refresh(conn) == "succeeded"
    first = conn.execute(PATIENT_VISITS).fetchall()
    assert len(first) == 4 and {visits for _, _, visits in first} == {1}
    # the same patient again, with a doctor of another department: two agg_visit_patient groups, one row here
    patient = conn.execute("select patient_id from clinic.encounter order by encounter_id limit 1").fetchone()[0]
    clinic.visit(patient_id=patient, hour=15)
    assert refresh(conn) == "succeeded"
    durable = conn.execute("select patient_durable_key from dw.fact_encounter group by 1 having count(*) = 2").fetchone()[0]
    groups = conn.execute("select visits from dw.agg_visit_patient where patient_durable_key = %s", (durable,))
    assert [visits for (visits,) in groups] == [1, 1]
    assert [visits for p, _, visits in conn.execute(PATIENT_VISITS) if p == durable] == [2]
    assert conn.execute(PATIENT_VISITS).fetchall() == conn.execute(SUMMED_OVER_DEPARTMENTS).fetchall()
    assert_incremental_equals_rebuild(conn)
    assert conn.execute(PATIENT_VISITS).fetchall() == conn.execute(SUMMED_OVER_DEPARTMENTS).fetchall()


def test_a_move_to_another_department_changes_agg_visit_patient_and_leaves_the_patients_months(
    conn: psycopg.Connection,
) -> None:
    clinic = Clinic(conn)
    visit = clinic.visit()
    assert refresh(conn) == "succeeded"
    before = conn.execute(PATIENT_VISITS).fetchall()
    conn.execute("update clinic.encounter set department_id = %s where encounter_id = %s",
                 (clinic.department(), visit["encounter"]))
    assert refresh(conn) == "succeeded"
    # the old (month, department, patient) group is emptied and deleted, the new one inserted
    assert last_run_rows(conn, "dw.agg_visit_patient") == {"inserted": 1, "updated": 0, "deleted": 1, "closed": 0}
    assert last_run_rows(conn, "dw.agg_patient_visits") is None
    assert conn.execute(PATIENT_VISITS).fetchall() == before
    assert_incremental_equals_rebuild(conn)


def test_migration_0092_fills_it_as_a_rebuild_would_and_its_rollback_gives_back_the_patient_index(
    conn: psycopg.Connection,
) -> None:
    forward = (MIGRATIONS / "0092_patient_visit_months.sql").read_text()
    backward = (MIGRATIONS / "0092_patient_visit_months.rollback.sql").read_text()
    clinic = small_world(conn)
    patient = conn.execute("select patient_id from clinic.encounter order by encounter_id limit 1").fetchone()[0]
    clinic.visit(patient_id=patient, hour=15)
    assert refresh(conn) == "succeeded"
    loaded = conn.execute(PATIENT_VISITS).fetchall()
    assert "agg_visit_patient_patient_idx" not in {name for (name,) in conn.execute(AGG_VISIT_PATIENT_INDEXES)}

    conn.execute(backward)
    assert conn.execute("select to_regclass('dw.agg_patient_visits')").fetchone()[0] is None
    assert "agg_visit_patient_patient_idx" in {name for (name,) in conn.execute(AGG_VISIT_PATIENT_INDEXES)}

    # on a warehouse loaded before it, the migration fills the table from agg_visit_patient: what a rebuild makes
    conn.execute(forward)
    transfer_to_owner(conn)  # as every `dbtool apply` ends: the refresh runs as the owner
    assert conn.execute(PATIENT_VISITS).fetchall() == loaded
    assert {name for (name,) in conn.execute(AGG_VISIT_PATIENT_INDEXES)} == {"agg_visit_patient_pkey"}
    assert rebuild(conn) == "succeeded"
    assert conn.execute(PATIENT_VISITS).fetchall() == loaded
