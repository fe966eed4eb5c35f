"""Change capture skips updates of columns no warehouse load reads (the `unread` lists of the dw_capture triggers).

The lists are read from the triggers themselves, so a column added to one is tested here; a column a load starts
reading while it is still on a list makes the rebuild below differ from the warehouse before the update.
"""

from __future__ import annotations

import psycopg
from test_core_support import Clinic, call
from test_warehouse_capture_switch import logged
from test_warehouse_etl import assert_incremental_equals_rebuild, rebuild, refresh, warehouse

# a new value for each unread column (updated_at is set by the tables' own triggers on every update)
NEW_VALUE = {
    "reason": "'changed reason'", "cancellation_reason": "'changed reason'", "chief_complaint": "'changed complaint'",
    "notes": "'changed notes'", "temperature_c": "38.1", "heart_rate": "88", "systolic_bp": "131",
    "diastolic_bp": "84", "respiratory_rate": "18", "oxygen_saturation": "96", "weight_kg": "71.5",
    "height_cm": "172", "updated_at": "now()",
}


def unread_columns(conn: psycopg.Connection) -> dict[str, list[str]]:
    """table -> the unread columns its dw_capture_update trigger was created with."""
    rows = conn.execute(
        """select t.tgrelid::regclass::text, a.arg
             from pg_trigger as t
            cross join lateral unnest(string_to_array(encode(t.tgargs, 'escape'), '\\000')) as a(arg)
            where t.tgname = 'dw_capture_update' and a.arg like 'unread:%%'"""
    ).fetchall()
    return {table: arg.removeprefix("unread:").split(",") for table, arg in rows}


def clinic_with_every_captured_row(conn: psycopg.Connection) -> dict:
    clinic = Clinic(conn)
    visit = clinic.visit()
    conn.execute("insert into clinic.diagnosis (encounter_id, icd10_code, severity) values (%s, 'J06.9', 'mild')",
                 (visit["encounter"],))
    call(conn, "call clinic.record_treatment(%s, %s, %s, 'improved')",
         (visit["encounter"], clinic.treatment(), visit["doctor"]))
    conn.execute("call clinic.complete_encounter(%s)", (visit["encounter"],))
    return visit


def test_updates_of_unread_columns_are_not_logged_and_change_nothing_in_the_warehouse(
    conn: psycopg.Connection,
) -> None:
    clinic_with_every_captured_row(conn)
    assert refresh(conn) == "succeeded"
    unread = unread_columns(conn)
    assert set(unread) == {"clinic.appointment", "clinic.encounter", "clinic.diagnosis", "clinic.treatment_given"}
    before = warehouse(conn)
    for table, columns in unread.items():
        assignments = ", ".join(f"{column} = {NEW_VALUE[column]}" for column in columns)
        assert conn.execute(f"update {table} set {assignments}").rowcount > 0  # noqa: S608 - the test's own SQL
    assert logged(conn) == 0
    assert refresh(conn) == "succeeded"
    assert warehouse(conn) == before
    # the loads do not read them: a rebuild from the updated rows gives the same warehouse
    assert rebuild(conn) == "succeeded"
    assert warehouse(conn) == before


def test_an_update_that_also_changes_a_read_column_is_logged_and_loaded(conn: psycopg.Connection) -> None:
    visit = clinic_with_every_captured_row(conn)
    assert refresh(conn) == "succeeded"
    # the same values again: nothing the warehouse reads changed
    conn.execute("update clinic.encounter set department_id = department_id, chief_complaint = 'again'"
                 " where encounter_id = %s", (visit["encounter"],))
    assert logged(conn) == 0
    department = Clinic(conn).department()
    conn.execute("update clinic.encounter set department_id = %s, chief_complaint = 'transferred'"
                 " where encounter_id = %s", (department, visit["encounter"]))
    conn.execute("update clinic.appointment set reason = 'follow-up', created_at = created_at - interval '2 days'"
                 " where appointment_id = %s", (visit["appointment"],))
    assert conn.execute(
        "select source_table, source_id from dw.change_log"
        " where source_table in ('clinic.appointment', 'clinic.encounter') order by 1"
    ).fetchall() == [
        ("clinic.appointment", visit["appointment"]), ("clinic.encounter", visit["encounter"]),
    ]
    assert refresh(conn) == "succeeded"
    assert conn.execute("select department_key from dw.fact_encounter where encounter_id = %s",
                        (visit["encounter"],)).fetchone() == (department,)
    assert_incremental_equals_rebuild(conn)

