"""The audit trail on the real tables: every table that names a patient (directly
or through its encounter, invoice or prescription) is audited; a change made
as a clinician login is logged with the login and the patient; a bulk
INSERT ... SELECT is audited set-based, one row per changed row; and
audit.patient_access_history answers "who touched this patient's record"."""

import psycopg
from test_core_support import call, tomorrow_at
from wiring_support import Hospital, hospital  # noqa: F401

# the tables that name a patient, and how (patient_id, or through a parent)
PATIENT_TABLES = {
    "clinic.patient", "clinic.appointment", "clinic.encounter", "clinic.diagnosis", "clinic.treatment_given",
    "clinic.prescription", "billing.invoice", "billing.invoice_line", "billing.claim", "billing.payment",
    "billing.adjustment", "pharmacy.dispensing", "pharmacy.stock_movement",
}


def test_every_table_that_names_a_patient_is_audited(conn: psycopg.Connection) -> None:
    # a table names a patient if it has patient_id, or a foreign key / id column to a table that does
    naming = {
        r[0]
        for r in conn.execute(
            """with recursive names_patient(rel) as (
                   select attrelid from pg_attribute a join pg_class c on c.oid = a.attrelid
                    where a.attname = 'patient_id' and c.relkind = 'r' and not a.attisdropped
                      and c.relnamespace::regnamespace::text in ('clinic', 'billing', 'pharmacy')
                   union
                   select con.conrelid from pg_constraint con join names_patient n on con.confrelid = n.rel
                    where con.contype = 'f'
               )
               select rel::regclass::text from names_patient"""
        ).fetchall()
    } | {"pharmacy.dispensing", "pharmacy.stock_movement"}  # prescription_id without a foreign key (yet)
    assert naming >= PATIENT_TABLES - {"pharmacy.dispensing", "pharmacy.stock_movement"}
    # the three statement-level audit triggers, and TRUNCATE refused by some BEFORE TRUNCATE trigger
    triggers = conn.execute(
        """select tgrelid::regclass::text, array_agg(tgname::text order by tgname), bool_or(tgtype & 32 <> 0)
             from pg_trigger where not tgisinternal group by 1"""
    ).fetchall()
    wired = {table for table, names, truncate in triggers
             if {"audit_delete", "audit_insert", "audit_update"} <= set(names) and truncate}
    assert naming - wired == set(), "tables naming a patient without the audit triggers"


def test_changes_by_a_clinician_are_logged_with_login_and_patient(hospital: Hospital) -> None:
    h = hospital
    login, c = h.login("hc_clinician", h.doctor_a)
    encounter, patient = h.visit_a["encounter"], h.visit_a["patient"]
    since = h.conn.execute("select coalesce(max(log_id), 0) from audit.log").fetchone()[0]
    diagnosis = call(c, "call clinic.record_diagnosis(%s, 'J06.9', 'mild', p_notes => 'sore throat')", (encounter,))
    c.execute("call clinic.complete_encounter(%s, 'better')", (encounter,))
    rows = h.conn.execute(
        """select table_name, operation, db_role, patient_id, row_key, changed_columns
             from audit.log where log_id > %s order by log_id""",
        (since,),
    ).fetchall()
    assert ("diagnosis", "insert", login, patient, {"diagnosis_id": diagnosis}, None) in rows
    changed = {(t, op): cols for t, op, role, p, _, cols in rows if role == login and p == patient}
    assert {"notes", "status", "discharged_at"} <= set(changed[("encounter", "update")])
    assert ("invoice", "insert") in changed and ("invoice_line", "insert") in changed  # the consultation fee
    assert {r[2] for r in rows} == {login} and {r[3] for r in rows} == {patient}
    # who touched this patient: the clinician, and the superuser that registered and booked
    history = h.conn.execute(
        "select db_role, table_name, operation from audit.patient_access_history(%s)", (patient,)
    ).fetchall()
    assert history[0][1:] == ("patient", "insert")
    assert {(login, "diagnosis", "insert"), (login, "encounter", "update"), (login, "invoice", "insert")} <= set(history)
    other = h.conn.execute("select table_name from audit.patient_access_history(%s)", (h.visit_b["patient"],))
    assert "diagnosis" in {r[0] for r in other.fetchall()}  # department B's diagnosis, not A's
    assert login not in {r[0] for r in h.conn.execute(
        "select db_role from audit.patient_access_history(%s)", (h.visit_b["patient"],)).fetchall()}


def test_a_bulk_insert_is_audited_set_based(hospital: Hospital) -> None:
    h = hospital
    patients = [h.clinic.patient() for _ in range(3)]
    before = h.conn.execute("select count(*) from audit.log").fetchone()[0]
    # one statement, 60 appointments (20 per patient, one a day)
    h.conn.execute(
        """insert into clinic.appointment (patient_id, doctor_id, department_id, during)
           select p, %s, %s, tstzrange(%s::timestamptz + (d || ' days')::interval + (i * interval '1 hour'),
                                        %s::timestamptz + (d || ' days')::interval + (i * interval '1 hour')
                                        + interval '30 minutes')
             from unnest(%s::bigint[]) with ordinality as x(p, i), generate_series(1, 20) as d""",
        (h.doctor_a, h.department_a, tomorrow_at(8), tomorrow_at(8), patients),
    )
    rows = h.conn.execute(
        """select operation, patient_id, transaction_id, new_row ->> 'appointment_id' = row_key ->> 'appointment_id'
             from audit.log where table_name = 'appointment' and log_id > (select max(log_id) - 60 from audit.log)"""
    ).fetchall()
    assert h.conn.execute("select count(*) from audit.log").fetchone()[0] == before + 60
    assert {r[0] for r in rows} == {"insert"} and len({r[2] for r in rows}) == 1 and all(r[3] for r in rows)
    assert sorted(r[1] for r in rows) == sorted(patients * 20)
    # a multi-row update pairs each row's old and new version
    h.conn.execute("update clinic.patient set city = 'Lyon' where patient_id = any(%s)", (patients,))
    updates = h.conn.execute(
        """select patient_id, old_row ->> 'city', new_row ->> 'city', changed_columns from audit.log
            where table_name = 'patient' and operation = 'update' order by patient_id"""
    ).fetchall()
    assert [(p, old, new) for p, old, new, _ in updates] == [(p, None, "Lyon") for p in sorted(patients)]
    assert all("city" in cols and "updated_at" in cols and "first_name" not in cols for *_, cols in updates)
    # an update that changes no row writes no audit row
    count = h.conn.execute("select count(*) from audit.log").fetchone()[0]
    h.conn.execute("update clinic.patient set city = 'Paris' where patient_id = -1")
    assert h.conn.execute("select count(*) from audit.log").fetchone()[0] == count


def test_dispensing_is_traced_to_the_patient_through_the_prescription(hospital: Hospital) -> None:
    h = hospital
    medication = h.clinic.medication()
    location = h.conn.execute(
        "insert into pharmacy.stock_location (location_code, location_name, location_type)"
        " values ('MAIN', 'Main', 'pharmacy') returning stock_location_id"
    ).fetchone()[0]
    h.conn.execute("call pharmacy.receive_stock(%s, %s, 'L1', current_date + 100, 50, 1)", (medication, location))
    prescription = call(h.conn, "call clinic.prescribe(%s, %s, %s, '1 tablet', 'daily', 10)",
                        (h.visit_a["encounter"], medication, h.doctor_a))
    h.conn.execute("call pharmacy.dispense_stock(%s, %s, 10, p_prescription_id => %s)",
                   (medication, location, prescription))
    rows = h.conn.execute(
        """select table_name, patient_id from audit.log
            where table_name in ('prescription', 'dispensing', 'stock_movement') and operation = 'insert'
            order by log_id"""
    ).fetchall()
    assert ("prescription", h.visit_a["patient"]) in rows
    assert ("dispensing", h.visit_a["patient"]) in rows
    assert ("stock_movement", h.visit_a["patient"]) in rows  # the dispense movement
    assert ("stock_movement", None) in rows  # the receipt names no patient
