"""Warehouse ETL (issue 5): incremental refresh equals a rebuild, SCD2, idempotence, crash-safety."""

from __future__ import annotations

import re
import threading
import time
from datetime import timedelta
from decimal import Decimal

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_core_support import Clinic, call, tomorrow_at

import pharmacy_support

WAREHOUSE_TABLES = (
    "dw.dim_patient", "dw.dim_doctor", "dw.dim_department", "dw.doctor_working_hours",
    "dw.fact_appointment", "dw.fact_encounter", "dw.fact_diagnosis", "dw.fact_treatment", "dw.fact_billing",
    "dw.fact_dispense", "dw.agg_visit_patient", "dw.agg_patient_visits", "dw.agg_visit_doctor", "dw.agg_appointment",
    "dw.agg_diagnosis_severity", "dw.agg_diagnosis_patient", "dw.agg_treatment", "dw.agg_billing",
    "dw.patient_first_visit", "dw.fact_medication_stock_daily", "dw.agg_stock", "dw.agg_prevalence_block",
    "dw.agg_prevalence_chapter", "dw.agg_visit_weekday", "dw.agg_patient_month",
)


def warehouse(conn: psycopg.Connection) -> dict[str, list[tuple]]:
    return {t: conn.execute(f"select x::text from {t} as x order by 1").fetchall() for t in WAREHOUSE_TABLES}  # noqa: S608


def refresh(conn: psycopg.Connection) -> str:
    return conn.execute("call dw.refresh()").fetchone()[1]


def rebuild(conn: psycopg.Connection) -> str:
    return conn.execute("call dw.rebuild()").fetchone()[1]


def assert_incremental_equals_rebuild(conn: psycopg.Connection) -> None:
    """The warehouse the refreshes built equals the one a rebuild makes from the same OLTP."""
    incremental = warehouse(conn)
    assert rebuild(conn) == "succeeded"
    assert warehouse(conn) == incremental


def small_world(conn: psycopg.Connection) -> Clinic:
    clinic = Clinic(conn)
    doctors = [clinic.doctor() for _ in range(2)]
    for i in range(4):
        clinic.visit(doctor_id=doctors[i % 2], hour=9 + i)
    return clinic


def test_first_refresh_loads_everything_and_a_second_changes_nothing(conn: psycopg.Connection) -> None:
    small_world(conn)
    assert refresh(conn) == "succeeded"
    loaded = warehouse(conn)
    assert len(loaded["dw.fact_encounter"]) == 4
    assert len(loaded["dw.fact_appointment"]) == 4
    assert conn.execute("select sum(visits) from dw.agg_visit_patient").fetchone()[0] == 4
    assert refresh(conn) == "succeeded"
    assert warehouse(conn) == loaded
    last = conn.execute("select run_kind, run_status, table_rows from dw.etl_run order by etl_run_id desc limit 1")
    assert last.fetchone() == ("refresh", "succeeded", {})


def test_scd2_patient_moving_region_closes_one_row_opens_another_old_facts_keep_old_row(
    conn: psycopg.Connection,
) -> None:
    clinic = small_world(conn)
    patient_id = clinic.patient()
    conn.execute("update clinic.patient set country = 'US', postal_code = '02139' where patient_id = %s", (patient_id,))
    clinic.visit(patient_id=patient_id, hour=15)
    refresh(conn)
    old_key, old_region = conn.execute(
        "select patient_key, region from dw.dim_patient where patient_id = %s and is_current", (patient_id,)
    ).fetchone()
    assert old_region == "US-021"
    # the patient moves; a later visit must get the new version, the old one keeps the old row
    conn.execute("update clinic.patient set postal_code = '94110' where patient_id = %s", (patient_id,))
    clinic.visit(patient_id=patient_id, hour=16, days=2)
    refresh(conn)
    versions = conn.execute(
        "select patient_key, region, is_current, valid_to = 'infinity' from dw.dim_patient"
        " where patient_id = %s order by valid_from", (patient_id,)
    ).fetchall()
    assert [(v[1], v[2], v[3]) for v in versions] == [("US-021", False, False), ("US-941", True, True)]
    assert versions[0][0] == old_key
    keys = conn.execute(
        "select f.patient_key from dw.fact_encounter f join dw.dim_patient d on d.patient_key = f.patient_key"
        " where d.patient_id = %s order by f.date_key", (patient_id,)
    ).fetchall()
    assert keys == [(old_key,), (versions[1][0],)]
    durable = conn.execute(
        "select count(distinct patient_durable_key) from dw.dim_patient where patient_id = %s", (patient_id,)
    ).fetchone()
    assert durable == (1,)


def test_a_payer_changing_type_gives_its_patients_a_new_version_and_no_one_else(conn: psycopg.Connection) -> None:
    clinic = small_world(conn)
    payer = clinic.payer()
    insured, other = clinic.patient(payer_id=payer), clinic.patient()
    clinic.visit(patient_id=insured, hour=15)
    refresh(conn)
    conn.execute("update billing.payer set payer_type = 'government' where payer_id = %s", (payer,))
    refresh(conn)
    versions = conn.execute(
        "select payer_type, is_current from dw.dim_patient where patient_id = %s order by valid_from", (insured,)
    ).fetchall()
    assert versions == [("insurer", False), ("government", True)]
    assert conn.execute("select count(*) from dw.dim_patient where patient_id = %s", (other,)).fetchone() == (1,)
    assert_incremental_equals_rebuild(conn)


def test_a_refresh_reads_the_patients_only_when_a_patient_or_a_payer_changed(conn: psycopg.Connection) -> None:
    clinic = small_world(conn)
    refresh(conn)

    def patient_table_reads() -> int:
        # the counts of this session's earlier statements leave the pending statistics first (they are kept
        # up to a second before being flushed, and pg_stat_xact_* would include them)
        conn.execute("select pg_stat_force_next_flush()")
        with conn.transaction():
            conn.execute("call dw.refresh()")
            return conn.execute(
                "select seq_scan + coalesce(idx_scan, 0) from pg_stat_xact_user_tables"
                " where relid = 'clinic.patient'::regclass"
            ).fetchone()[0]

    # an encounter moved to another department: facts and aggregates change, no patient does
    conn.execute("update clinic.encounter set department_id = %s where encounter_id = (select max(encounter_id)"
                 " from clinic.encounter)", (clinic.department(),))
    assert patient_table_reads() == 0
    assert last_run_rows(conn, "dw.fact_encounter") == {"inserted": 0, "updated": 1, "deleted": 0, "closed": 0}
    conn.execute("update clinic.patient set postal_code = '94110' where patient_id = (select max(patient_id)"
                 " from clinic.patient)")
    assert patient_table_reads() > 0
    assert_incremental_equals_rebuild(conn)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["visit", "cancel", "move", "complete", "diagnose", "delete_diagnosis",
                                 "stock_in", "stock_backdated", "reschedule", "delete_line", "transfer",
                                 "annotate", "respecialize", "reassign", "repay"]),
                min_size=1, max_size=6))
def test_incremental_refresh_equals_rebuild(conn: psycopg.Connection, actions: list[str]) -> None:
    clinic = Clinic(conn)
    doctor = clinic.doctor()
    for hour in (9, 10):
        clinic.visit(doctor_id=doctor, hour=hour, days=30)
    # an insured patient, whose payer "repay" changes
    clinic.visit(patient_id=clinic.patient(payer_id=clinic.payer()), doctor_id=doctor, hour=12, days=30)
    # loaded by the first refresh, then moved to another month by "reschedule"
    scheduled = clinic.book(clinic.patient(), doctor, tomorrow_at(11, days=5))
    medication = clinic.medication()
    location = pharmacy_support.location(conn, f"W{conn.execute('select count(*) from pharmacy.stock_location').fetchone()[0]}")
    lot = conn.execute(
        """insert into pharmacy.lot (medication_id, stock_location_id, lot_number, expiry_date, unit_cost)
           values (%s, %s, 'L0', current_date + 400, 0.10) returning lot_id""", (medication, location)
    ).fetchone()[0]
    conn.execute("insert into pharmacy.stock_movement (lot_id, movement_type, quantity, occurred_at)"
                 " values (%s, 'receipt', 100, now() - interval '10 days')", (lot,))
    refresh(conn)
    hour = 8
    for action in actions:
        hour = hour % 17 + 1 if hour < 17 else 8
        encounter = conn.execute("select max(encounter_id) from clinic.encounter").fetchone()[0]
        if action == "visit":
            clinic.visit(doctor_id=doctor, hour=hour, days=40 + hour)
        elif action == "cancel":
            appointment = clinic.book(clinic.patient(), doctor, __import__("test_core_support").tomorrow_at(hour, days=60))
            conn.execute("call clinic.cancel_appointment(%s, 'test')", (appointment,))
        elif action == "move":
            conn.execute("update clinic.patient set postal_code = %s where patient_id = (select max(patient_id)"
                         " from clinic.patient)", (f"{hour:03d}99",))
        elif action == "complete":
            conn.execute("update clinic.encounter set status = 'completed', discharged_at = admitted_at + interval"
                         " '1 hour' where encounter_id = %s and status = 'in progress'", (encounter,))
        elif action == "diagnose":
            conn.execute("insert into clinic.diagnosis (encounter_id, icd10_code, severity) values (%s, 'J06.9',"
                         " 'severe') on conflict do nothing", (encounter,))
        elif action == "stock_in":
            pharmacy_support.receive(conn, medication, location, f"L{hour}", 300, 5)
        elif action == "stock_backdated":
            conn.execute("insert into pharmacy.stock_movement (lot_id, movement_type, quantity, occurred_at, reason)"
                         " values (%s, 'adjustment', -1, now() - make_interval(days => %s), 'count')", (lot, hour % 9))
        elif action == "reschedule":
            starts_at = tomorrow_at(hour, days=70 + hour)
            conn.execute("call clinic.reschedule_appointment(%s, %s, %s)",
                         (scheduled, starts_at, starts_at + timedelta(minutes=30)))
        elif action == "delete_line":
            conn.execute("delete from billing.invoice_line where invoice_line_id = (select max(invoice_line_id)"
                         " from billing.invoice_line)")
        elif action == "transfer":
            # the encounter's department: its diagnoses, treatments and invoice lines carry it too
            conn.execute("update clinic.encounter set department_id = %s where encounter_id = %s",
                         (clinic.department(), encounter))
        elif action == "reassign":
            # the encounter's doctor: its diagnoses carry it too
            conn.execute("update clinic.encounter set doctor_id = %s where encounter_id = %s",
                         (clinic.doctor(), encounter))
        elif action == "respecialize":
            # a new type 2 version of the doctor: the facts dated after it re-key to it
            conn.execute("update clinic.staff set specialty = %s where staff_id = %s",
                         (f"specialty {hour}", doctor))
        elif action == "repay":
            # a payer's new type: a new type 2 version of each of its patients
            conn.execute("update billing.payer set payer_type = case payer_type when 'insurer' then 'government'"
                         " else 'insurer' end where payer_id = (select max(payer_id) from billing.payer"
                         " where payer_type <> 'self-pay')")
        elif action == "annotate":
            conn.execute("update clinic.encounter set chief_complaint = %s where encounter_id = %s",
                         (f"note {hour}", encounter))
        elif action == "delete_diagnosis":
            conn.execute("delete from clinic.diagnosis where diagnosis_id = (select max(diagnosis_id)"
                         " from clinic.diagnosis)")
    assert refresh(conn) == "succeeded"
    assert_incremental_equals_rebuild(conn)
    conn.execute("truncate dw.etl_run")


def last_run_rows(conn: psycopg.Connection, table: str) -> dict | None:
    return conn.execute(
        "select table_rows -> %s from dw.etl_run order by etl_run_id desc limit 1", (table,)
    ).fetchone()[0]


def test_an_appointment_moved_to_another_month_moves_its_fact_row_and_counts_as_updated(
    conn: psycopg.Connection,
) -> None:
    # a refresh looks for a fact row in the partition of its new date first; a row whose month changed is
    # inserted there and its old copy deleted: one row per appointment, reported as an update
    clinic = Clinic(conn)
    doctor = clinic.doctor()
    appointment = clinic.book(clinic.patient(), doctor, tomorrow_at(11, days=3))
    assert refresh(conn) == "succeeded"
    starts_at = tomorrow_at(11, days=66)
    conn.execute("call clinic.reschedule_appointment(%s, %s, %s)",
                 (appointment, starts_at, starts_at + timedelta(minutes=30)))
    assert refresh(conn) == "succeeded"
    rows = conn.execute(
        "select date_key, tableoid::regclass::text from dw.fact_appointment where appointment_id = %s",
        (appointment,),
    ).fetchall()
    assert rows == [(int(starts_at.strftime("%Y%m%d")), f"dw.fact_appointment_{starts_at:%Y}m{starts_at:%m}")]
    assert last_run_rows(conn, "dw.fact_appointment") == {"inserted": 0, "updated": 1, "deleted": 0, "closed": 0}
    booked = conn.execute(
        "select month_start, appointments from dw.agg_appointment where doctor_durable_key = %s", (doctor,)
    ).fetchall()
    assert booked == [(starts_at.date().replace(day=1), 1)]
    assert_incremental_equals_rebuild(conn)


def treated_visit(conn: psycopg.Connection) -> tuple[Clinic, dict, int]:
    """A completed visit with one treatment (an invoice with a consultation and a treatment line), refreshed into
    the warehouse; returns the clinic, the visit and its invoice."""
    clinic = Clinic(conn)
    visit = clinic.visit()
    call(conn, "call clinic.record_treatment(%s, %s, %s, 'improved')", (visit["encounter"], clinic.treatment(), visit["doctor"]))
    conn.execute("call clinic.complete_encounter(%s)", (visit["encounter"],))
    invoice = clinic.invoice_of(visit["encounter"])
    assert refresh(conn) == "succeeded"
    return clinic, visit, invoice


def test_a_deleted_invoice_line_leaves_the_billing_fact(conn: psycopg.Connection) -> None:
    _, visit, invoice = treated_visit(conn)
    lines = conn.execute("select count(*) from dw.fact_billing where invoice_id = %s", (invoice,)).fetchone()[0]
    assert lines == 2  # the consultation and the treatment
    conn.execute("delete from billing.invoice_line where invoice_line_id = (select max(invoice_line_id)"
                 " from billing.invoice_line where invoice_id = %s)", (invoice,))
    assert refresh(conn) == "succeeded"
    assert conn.execute(
        "select count(*) from dw.fact_billing where invoice_id = %s", (invoice,)
    ).fetchone()[0] == lines - 1
    assert last_run_rows(conn, "dw.fact_billing")["deleted"] == 1


def test_a_department_move_and_a_deleted_invoice_line_in_one_run_count_each_row_once(
    conn: psycopg.Connection,
) -> None:
    """The moved encounter's invoice is reloaded for its own change (a deleted line), its treatment gets the new
    department in place (dw.follow_moved_encounters): the remaining line is updated once, not again by the
    in-place move, and the monthly billing and treatment totals leave the old department whole."""
    clinic, visit, invoice = treated_visit(conn)
    old_department = conn.execute("select department_id from clinic.encounter where encounter_id = %s",
                                  (visit["encounter"],)).fetchone()[0]
    department = clinic.department()
    with conn.transaction():
        conn.execute("update clinic.encounter set department_id = %s where encounter_id = %s",
                     (department, visit["encounter"]))
        conn.execute("delete from billing.invoice_line where invoice_line_id = (select max(invoice_line_id)"
                     " from billing.invoice_line where invoice_id = %s)", (invoice,))
    assert refresh(conn) == "succeeded"
    billing = last_run_rows(conn, "dw.fact_billing")
    assert (billing["updated"], billing["deleted"]) == (1, 1)
    assert last_run_rows(conn, "dw.fact_treatment")["updated"] == 1
    assert conn.execute("select array_agg(department_key) from dw.fact_billing where invoice_id = %s",
                        (invoice,)).fetchone()[0] == [department]
    assert conn.execute("select department_key from dw.fact_treatment where encounter_id = %s",
                        (visit["encounter"],)).fetchone()[0] == department
    # the old department keeps nothing of this encounter
    assert conn.execute(
        "select (select count(*) from dw.agg_billing where department_key = %(d)s),"
        " (select count(*) from dw.agg_treatment where department_key = %(d)s)", {"d": old_department}
    ).fetchone() == (0, 0)
    assert_incremental_equals_rebuild(conn)


def test_an_invoice_line_moved_to_another_invoice_moves_in_the_billing_fact(conn: psycopg.Connection) -> None:
    # both invoices reach the refresh: the line's capture logs its old and new invoice, and the OLTP refreshes both
    clinic = Clinic(conn)
    first, second = clinic.visit(hour=9), clinic.visit(hour=10, days=40)
    call(conn, "call clinic.record_treatment(%s, %s, %s, 'improved')",
         (first["encounter"], clinic.treatment(), first["doctor"]))
    for visit in (first, second):
        conn.execute("call clinic.complete_encounter(%s)", (visit["encounter"],))
    source, target = clinic.invoice_of(first["encounter"]), clinic.invoice_of(second["encounter"])
    # paid shares are allocated in line order: moving the first line changes the remaining line's share
    call(conn, "call billing.record_payment(%s, 1.00)", (source,))
    assert refresh(conn) == "succeeded"
    line = conn.execute("select min(invoice_line_id) from billing.invoice_line where invoice_id = %s",
                        (source,)).fetchone()[0]
    conn.execute("update billing.invoice_line set invoice_id = %s where invoice_line_id = %s", (target, line))
    assert refresh(conn) == "succeeded"
    assert conn.execute(
        "select invoice_id, count(*) from dw.fact_billing where invoice_id in (%s, %s) group by 1 order by 1",
        (source, target),
    ).fetchall() == [(source, 1), (target, 2)]
    assert_incremental_equals_rebuild(conn)


def test_a_working_day_moved_to_another_doctor_leaves_the_first_doctors_hours(conn: psycopg.Connection) -> None:
    clinic = Clinic(conn)
    first, second = clinic.doctor(weekdays=range(1, 6)), clinic.doctor(weekdays=range(1, 3))
    assert refresh(conn) == "succeeded"
    conn.execute("update clinic.working_day set staff_id = %s where staff_id = %s and iso_weekday = 5", (second, first))
    assert refresh(conn) == "succeeded"
    assert conn.execute(
        "select doctor_durable_key, array_agg(iso_weekday order by iso_weekday) from dw.doctor_working_hours"
        " where doctor_durable_key in (%s, %s) group by 1 order by 1", (first, second),
    ).fetchall() == [(first, [1, 2, 3, 4]), (second, [1, 2, 5])]
    assert_incremental_equals_rebuild(conn)


def test_an_encounter_change_reloads_its_dependants_for_a_new_patient_and_moves_them_for_a_new_department_or_doctor(
    conn: psycopg.Connection,
) -> None:
    clinic = Clinic(conn)
    visit = clinic.visit()
    call(conn, "call clinic.record_treatment(%s, %s, %s, 'improved')", (visit["encounter"], clinic.treatment(), visit["doctor"]))
    conn.execute("insert into clinic.diagnosis (encounter_id, icd10_code, severity) values (%s, 'J06.9', 'mild')",
                 (visit["encounter"],))
    conn.execute("call clinic.complete_encounter(%s)", (visit["encounter"],))
    assert refresh(conn) == "succeeded"
    dependants = ("dw.fact_diagnosis", "dw.fact_treatment", "dw.fact_billing")

    def refresh_scope() -> tuple:
        """Refresh; the number of encounter, diagnosis, treatment and invoice keys in the run's scope (its
        working tables live until the run's transaction commits)."""
        with conn.transaction():
            assert refresh(conn) == "succeeded"
            return conn.execute(
                "select (select count(*) from pg_temp.ids_fact_encounter),"
                " (select count(*) from pg_temp.ids_fact_diagnosis),"
                " (select count(*) from pg_temp.ids_fact_treatment), (select count(*) from pg_temp.ids_fact_billing)"
            ).fetchone()

    # a check-in a minute earlier (same day) changes nothing the warehouse keeps: the encounter fact is compared and
    # unchanged, and nothing of the dependants is in the run's scope. (A chief complaint is not even logged:
    # tests/test_warehouse_capture_filter.py)
    conn.execute("update clinic.encounter set checked_in_at = checked_in_at - interval '1 minute'"
                 " where encounter_id = %s", (visit["encounter"],))
    assert refresh_scope() == (1, 0, 0, 0)

    # a longer stay changes the encounter fact, but nothing its dependants read
    conn.execute("update clinic.encounter set discharged_at = discharged_at + interval '15 minutes'"
                 " where encounter_id = %s", (visit["encounter"],))
    assert refresh_scope() == (1, 0, 0, 0)
    assert last_run_rows(conn, "dw.fact_encounter")["updated"] == 1

    # a new department is: the encounter's diagnoses, treatments and invoice lines follow it. They read nothing else
    # of the encounter that changed, so they are not reloaded (not in the run's scope): their rows get the new
    # department in place (dw.follow_moved_encounters) and count as updated
    department = clinic.department()
    conn.execute("update clinic.encounter set department_id = %s where encounter_id = %s",
                 (department, visit["encounter"]))
    assert refresh_scope() == (1, 0, 0, 0)
    assert [last_run_rows(conn, t)["updated"] for t in dependants] == [1, 1, 2]
    assert [conn.execute(f"select array_agg(distinct department_key) from {t} where encounter_id = %s",  # noqa: S608
                         (visit["encounter"],)).fetchone()[0] for t in dependants] == [[department]] * 3

    # a new doctor: only the diagnoses carry the encounter's doctor (a treatment has its own)
    doctor = clinic.doctor()
    conn.execute("update clinic.encounter set doctor_id = %s where encounter_id = %s", (doctor, visit["encounter"]))
    assert refresh_scope() == (1, 0, 0, 0)
    assert [last_run_rows(conn, t) for t in dependants] == [
        {"inserted": 0, "updated": 1, "deleted": 0, "closed": 0}, None, None]
    assert conn.execute("select doctor_durable_key from dw.fact_diagnosis where encounter_id = %s",
                        (visit["encounter"],)).fetchone()[0] == doctor
    assert_incremental_equals_rebuild(conn)


def test_a_diagnosis_deleted_while_its_encounter_moves_leaves_the_fact_and_its_siblings_follow(
    conn: psycopg.Connection,
) -> None:
    """In the run in which its encounter moves to another department, one diagnosis is deleted (a logged scope key
    with no source row: it must leave the fact), one re-graded (reloaded with the new department) and one untouched
    (given the new department in place by dw.follow_moved_encounters, not again for the reloaded one)."""
    clinic = Clinic(conn)
    visit = clinic.visit()
    diagnoses = [
        conn.execute("insert into clinic.diagnosis (encounter_id, icd10_code, severity) values (%s, %s, 'mild')"
                     " returning diagnosis_id", (visit["encounter"], code)).fetchone()[0]
        for code in ("J06.9", "I10", "E11.9")
    ]
    conn.execute("call clinic.complete_encounter(%s)", (visit["encounter"],))
    assert refresh(conn) == "succeeded"

    department = clinic.department()
    conn.execute("update clinic.encounter set department_id = %s where encounter_id = %s",
                 (department, visit["encounter"]))
    conn.execute("delete from clinic.diagnosis where diagnosis_id = %s", (diagnoses[0],))
    conn.execute("update clinic.diagnosis set severity = 'severe' where diagnosis_id = %s", (diagnoses[1],))
    assert refresh(conn) == "succeeded"

    rows = conn.execute("select diagnosis_id, department_key, severity from dw.fact_diagnosis"
                        " where encounter_id = %s order by diagnosis_id", (visit["encounter"],)).fetchall()
    assert rows == [(diagnoses[1], department, "severe"), (diagnoses[2], department, "mild")]
    assert {k: last_run_rows(conn, "dw.fact_diagnosis")[k] for k in ("updated", "deleted")} == {"updated": 2, "deleted": 1}
    assert_incremental_equals_rebuild(conn)


def test_a_patients_first_visit_month_follows_the_earliest_encounter_moved_back_and_deleted(
    conn: psycopg.Connection,
) -> None:
    clinic = Clinic(conn)
    visit = clinic.visit()
    assert refresh(conn) == "succeeded"
    patient = visit["patient"]

    def first_month() -> list[tuple]:
        return conn.execute("select first_month from dw.patient_first_visit where patient_durable_key = %s",
                            (patient,)).fetchall()

    this_month = first_month()[0][0]
    conn.execute("update clinic.encounter set checked_in_at = checked_in_at - interval '95 days'"
                 " where encounter_id = %s", (visit["encounter"],))
    assert refresh(conn) == "succeeded"
    assert first_month() != [(this_month,)] and first_month()[0][0] < this_month
    assert last_run_rows(conn, "dw.patient_first_visit") == {"inserted": 0, "updated": 1, "deleted": 0, "closed": 0}
    conn.execute("delete from clinic.encounter where encounter_id = %s", (visit["encounter"],))
    assert refresh(conn) == "succeeded"
    assert first_month() == []
    assert_incremental_equals_rebuild(conn)


def test_an_encounter_given_to_another_patient_moves_its_dispensings_to_that_patient(
    conn: psycopg.Connection,
) -> None:
    clinic = Clinic(conn)
    medication = clinic.medication()
    location = pharmacy_support.location(conn, "WX")
    pharmacy_support.receive(conn, medication, location, "LX", 100, 5)
    prescription = pharmacy_support.prescription(conn, medication)
    pharmacy_support.dispense(conn, medication, location, 2, prescription_id=prescription)
    encounter = conn.execute("select encounter_id from clinic.prescription where prescription_id = %s",
                             (prescription,)).fetchone()[0]
    assert refresh(conn) == "succeeded"
    other = clinic.patient()
    conn.execute("update clinic.encounter set patient_id = %s where encounter_id = %s", (other, encounter))
    assert refresh(conn) == "succeeded"
    assert conn.execute(
        "select p.patient_id from dw.fact_dispense as f"
        " join dw.dim_patient as p on p.patient_key = f.patient_key where f.dispensing_id in"
        " (select dispensing_id from pharmacy.dispensing where prescription_id = %s)", (prescription,),
    ).fetchall() == [(other,)]
    assert_incremental_equals_rebuild(conn)


def test_refresh_killed_half_way_changes_nothing_and_the_next_run_completes(
    conn: psycopg.Connection, db_url: str
) -> None:
    small_world(conn)
    refresh(conn)
    conn.execute("update clinic.encounter set checked_in_at = checked_in_at - interval '1 minute'")
    conn.execute("update clinic.appointment set created_at = created_at - interval '1 day'")
    before = warehouse(conn)
    pending = conn.execute("select count(*) from dw.change_log").fetchone()[0]
    # hold a row lock the refresh needs half-way (after consuming the change log), then kill the backend
    blocker = psycopg.connect(db_url)
    blocker.execute("lock table dw.fact_appointment in exclusive mode")
    victim = psycopg.connect(db_url, autocommit=True)
    pid = victim.execute("select pg_backend_pid()").fetchone()[0]
    thread = threading.Thread(target=lambda: _swallow(victim, "call dw.refresh()"))
    thread.start()
    for _ in range(100):
        waiting = conn.execute("select wait_event_type from pg_stat_activity where pid = %s", (pid,)).fetchone()
        if waiting and waiting[0] == "Lock":
            break
        time.sleep(0.05)
    conn.execute("select pg_terminate_backend(%s)", (pid,))
    thread.join()
    blocker.rollback()
    blocker.close()
    assert warehouse(conn) == before
    assert conn.execute("select count(*) from dw.change_log").fetchone()[0] == pending
    assert refresh(conn) == "succeeded"
    after_crash = warehouse(conn)
    rebuild(conn)
    assert warehouse(conn) == after_crash


def _swallow(conn: psycopg.Connection, statement: str) -> None:
    try:
        conn.execute(statement)
    except psycopg.Error:
        pass


def test_an_error_inside_a_run_is_logged_and_changes_nothing(conn: psycopg.Connection) -> None:
    clinic = small_world(conn)
    refresh(conn)
    before = warehouse(conn)
    clinic.visit(hour=17)
    conn.execute("alter table dw.fact_encounter add constraint refuse check (encounter_id < 0) not valid")
    assert refresh(conn) == "failed"
    assert warehouse(conn) == before
    row = conn.execute("select run_status, error_sqlstate from dw.etl_run order by etl_run_id desc limit 1").fetchone()
    assert row == ("failed", "23514")
    assert conn.execute("select count(*) from dw.change_log").fetchone()[0] > 0


def warehouse_keys(conn: psycopg.Connection) -> list[tuple]:
    """Every constraint and index of the dw schema (partitions included), as the catalog defines them."""
    constraints = conn.execute(
        """select c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) from pg_constraint as c
            where c.connamespace = 'dw'::regnamespace order by 1, 2"""
    ).fetchall()
    indexes = conn.execute(
        "select tablename, indexname, indexdef from pg_indexes where schemaname = 'dw' order by 1, 2"
    ).fetchall()
    return constraints + indexes


def test_a_rebuild_restores_the_keys_it_loads_without(conn: psycopg.Connection) -> None:
    """A full load drops the facts' primary keys and dim_diagnosis's foreign key and re-adds them as they were."""
    small_world(conn)
    keys = warehouse_keys(conn)
    assert any(name == "fact_billing_pkey" for _, name, _ in keys)
    assert refresh(conn) == "succeeded"  # first load: dim_diagnosis filled without its foreign key
    assert rebuild(conn) == "succeeded"
    partitions = conn.execute(
        "select count(*) from pg_inherits where inhparent = 'dw.fact_encounter'::regclass"
    ).fetchone()[0]
    assert partitions > 0
    after = warehouse_keys(conn)
    # the same constraints and indexes, plus those of the month partitions the load created
    assert set(keys) <= set(after)
    assert all(re.search(r"_\d{4}m\d{2}$", table) for table, _, _ in set(after) - set(keys))
    unkeyed = conn.execute(
        """select i.inhrelid::regclass::text from pg_inherits as i
            inner join pg_class as c on c.oid = i.inhrelid and c.relkind = 'r'
            where i.inhparent::regclass::text like 'dw.fact%%'
              and not exists (select from pg_index as x where x.indrelid = i.inhrelid and x.indisprimary)"""
    ).fetchall()
    assert unkeyed == []
    with pytest.raises(psycopg.errors.UniqueViolation):
        conn.execute("insert into dw.fact_encounter select * from dw.fact_encounter limit 1")
    with pytest.raises(psycopg.errors.ForeignKeyViolation):
        conn.execute("update dw.dim_diagnosis set block_code = 'no such block' where icd10_code = 'A00.0'")


def test_drop_constraint_refuses_an_unknown_constraint(conn: psycopg.Connection) -> None:
    before = warehouse_keys(conn)
    with pytest.raises(psycopg.errors.lookup("P0002")):
        conn.execute("select dw.drop_constraint('dw.fact_encounter', 'no_such_constraint')")
    assert warehouse_keys(conn) == before


def test_rebuild_killed_half_way_keeps_the_warehouse_and_its_keys(conn: psycopg.Connection, db_url: str) -> None:
    small_world(conn)
    refresh(conn)
    conn.execute("update clinic.encounter set chief_complaint = 'x'")
    before, keys = warehouse(conn), warehouse_keys(conn)
    # the rebuild reads billing.invoice only in load_fact_billing, after dropping fact_billing's primary key
    # (and after loading four facts without theirs): it waits there for this lock and is killed
    blocker = psycopg.connect(db_url)
    blocker.execute("lock table billing.invoice in access exclusive mode")
    victim = psycopg.connect(db_url, autocommit=True)
    pid = victim.execute("select pg_backend_pid()").fetchone()[0]
    thread = threading.Thread(target=lambda: _swallow(victim, "call dw.rebuild()"))
    thread.start()
    waited = None
    for _ in range(200):
        waited = conn.execute(
            "select wait_event_type, query from pg_stat_activity where pid = %s", (pid,)
        ).fetchone()
        if waited and waited[0] == "Lock":
            break
        time.sleep(0.05)
    assert waited is not None and waited[0] == "Lock", waited
    waiting_for = conn.execute(
        "select relation::regclass::text from pg_locks where pid = %s and not granted", (pid,)
    ).fetchall()
    assert waiting_for == [("billing.invoice",)]
    conn.execute("select pg_terminate_backend(%s)", (pid,))
    thread.join()
    blocker.rollback()
    blocker.close()
    assert warehouse(conn) == before
    assert warehouse_keys(conn) == keys
    assert rebuild(conn) == "succeeded"
    assert warehouse_keys(conn) == keys


def test_a_rebuild_that_fails_while_a_key_is_dropped_changes_nothing(conn: psycopg.Connection) -> None:
    small_world(conn)
    refresh(conn)
    before, keys = warehouse(conn), warehouse_keys(conn)
    conn.execute("alter table dw.fact_encounter add constraint refuse check (encounter_id < 0) not valid")
    assert rebuild(conn) == "failed"
    assert warehouse(conn) == before
    assert conn.execute("select error_sqlstate from dw.etl_run order by etl_run_id desc limit 1").fetchone() == (
        "23514",
    )
    conn.execute("alter table dw.fact_encounter drop constraint refuse")
    assert warehouse_keys(conn) == keys


def test_date_keys_are_the_utc_day_as_yyyymmdd(conn: psycopg.Connection) -> None:
    """dw.day_key / dw.date_key (arithmetic) give to_char's yyyymmdd for every day of 1900-2100, and an instant's
    key is its UTC day's, whatever the session time zone."""
    conn.execute("set time zone 'Pacific/Auckland'")
    wrong = conn.execute(
        """select count(*) filter (where dw.day_key(d::date) <> to_char(d, 'YYYYMMDD')::integer),
                  count(*) filter (where dw.date_key(i) <> to_char(i at time zone 'UTC', 'YYYYMMDD')::integer),
                  count(*)
             from generate_series('1900-01-01'::timestamp, '2100-12-31', interval '1 day') as d,
                  lateral (values ((d + interval '23 hours 30 minutes') at time zone 'UTC')) as i (i)"""
    ).fetchone()
    assert wrong == (0, 0, 73_414)
    assert conn.execute("select dw.date_key('2026-03-31 23:30+00'), dw.date_key('2026-04-01 00:30+13')").fetchone() == (
        20260331, 20260331)


def test_allocate_share_shortcuts_give_the_formula(conn: psycopg.Connection) -> None:
    """dw.allocate_share skips the division when nothing or all of the invoice is allocated: on 20,000 random
    lines (part 0, the total, a third of it, any; amounts with 2 and 3 decimals, negative cumulatives) it equals
    round(part * cumulative / total, 2) - round(part * (cumulative - line) / total, 2)."""
    conn.execute("select setseed(0.5)")
    counts = conn.execute(
        """select count(*) filter (where dw.allocate_share(p, t, c, a) is distinct from
                      case when t = 0 then 0 else round(p * c / t, 2) - round(p * (c - a) / t, 2) end),
                  count(*) filter (where p = 0), count(*) filter (where p = t and t <> 0), count(*)
             from (select t, c, a, (array[0, t, t / 3, round((random() * 3)::numeric, 3) * t / 3])[
                          1 + floor(random() * 4)::integer] as p
                     from (select round((random() * 500)::numeric, 2) as t,
                                  round((random() * 1000 - 200)::numeric, 2) as c,
                                  round((random() * 300 - 50)::numeric, 3) as a
                             from generate_series(1, 20000)) as x) as y"""
    ).fetchone()
    assert counts[0] == 0
    assert counts[1] > 1000 and counts[2] > 1000 and counts[3] == 20_000
    assert conn.execute("select dw.allocate_share(0, 0, 10, 10), dw.allocate_share(30, 30, 12.345, 2.345)").fetchone() == (
        0, Decimal("2.35"))


def test_a_run_leaves_the_callers_planner_settings_as_they_were(conn: psycopg.Connection) -> None:
    """dw.run_etl plans a refresh with random_page_cost 1.1 and a full load with the configured value (what RESET
    gives): neither, nor the refresh's transaction-local join switches, outlives the call in the caller's
    transaction."""
    small_world(conn)
    settings = "select current_setting('random_page_cost'), current_setting('enable_hashjoin')"
    conn.execute("set random_page_cost = 3")
    with conn.transaction():
        assert rebuild(conn) == "succeeded"
        assert conn.execute(settings).fetchone() == ("3", "on")
    Clinic(conn).visit(hour=16)
    with conn.transaction():
        assert refresh(conn) == "succeeded"
        assert conn.execute(settings).fetchone() == ("3", "on")
