"""The reporting views: stable names, documented columns, correct figures."""

from decimal import Decimal

import psycopg
from test_core_support import Clinic, call, clinic, tomorrow_at  # noqa: F401 (fixture)

VIEWS = {
    "patient_care_summary": ["patient_id", "mrn", "patient_name", "date_of_birth", "payer_name", "visits",
                             "last_visit_at", "active_diagnoses", "active_diagnosis_codes", "patient_due",
                             "pending_with_payer"],
    "doctor_schedule": ["doctor_id", "doctor_name", "department_id", "department_name", "work_day", "appointments",
                        "working_minutes", "booked_minutes", "free_minutes", "utilisation"],
    "department_visits": ["department_id", "department_name", "visit_month", "visits", "completed_visits",
                          "patients", "amount_billed"],
    "billing_aging": ["patient_id", "mrn", "patient_name", "due_0_30", "due_31_60", "due_61_90", "due_over_90",
                      "patient_due", "pending_with_payer"],
}


def test_view_names_and_columns_are_stable_and_documented(conn: psycopg.Connection) -> None:
    for view, columns in VIEWS.items():
        rows = conn.execute(
            """select a.attname, col_description(c.oid, a.attnum) is not null
                 from pg_class c join pg_attribute a on a.attrelid = c.oid
                where c.oid = %s::regclass and a.attnum > 0 order by a.attnum""",
            (f"reporting.{view}",),
        ).fetchall()
        assert [r[0] for r in rows] == columns
        assert [r[0] for r in rows if not r[1]] == [], f"undocumented columns in reporting.{view}"
        assert conn.execute("select obj_description(%s::regclass)", (f"reporting.{view}",)).fetchone()[0]


def test_patient_care_summary(conn: psycopg.Connection, clinic: Clinic) -> None:
    patient = clinic.patient(clinic.payer(Decimal("50")))
    v = clinic.visit(patient_id=patient)
    call(conn, "call clinic.record_diagnosis(%s, 'I10', 'mild', true)", (v["encounter"],))
    call(conn, "call clinic.record_diagnosis(%s, 'E11.65', 'moderate')", (v["encounter"],))
    conn.execute("call clinic.complete_encounter(%s)", (v["encounter"],))
    call(conn, "call billing.submit_claim(%s)", (clinic.invoice_of(v["encounter"]),))
    row = conn.execute("select visits, active_diagnoses, active_diagnosis_codes, patient_due, pending_with_payer"
                       " from reporting.patient_care_summary where patient_id = %s", (patient,)).fetchone()
    assert row == (1, 2, ["E11.65", "I10"], Decimal("40.00"), Decimal("40.00"))
    conn.execute("update clinic.diagnosis set resolved_date = current_date where icd10_code = 'I10'")
    assert conn.execute("select active_diagnoses from reporting.patient_care_summary where patient_id = %s",
                        (patient,)).fetchone()[0] == 1
    fresh = clinic.patient()
    assert conn.execute("select visits, last_visit_at, patient_due from reporting.patient_care_summary"
                        " where patient_id = %s", (fresh,)).fetchone() == (0, None, 0)


def test_doctor_schedule(conn: psycopg.Connection, clinic: Clinic) -> None:
    doctor = clinic.doctor(start="09:00", end="13:00")
    clinic.book(clinic.patient(), doctor, tomorrow_at(9), 60)
    clinic.book(clinic.patient(), doctor, tomorrow_at(11), 30)
    cancelled = clinic.book(clinic.patient(), doctor, tomorrow_at(12), 30)
    conn.execute("call clinic.cancel_appointment(%s)", (cancelled,))
    row = conn.execute("select appointments, working_minutes, booked_minutes, free_minutes, utilisation"
                       " from reporting.doctor_schedule where doctor_id = %s and work_day = %s",
                       (doctor, tomorrow_at(0).date())).fetchone()
    assert row == (2, 240, 90, 150, Decimal("0.375"))
    days = conn.execute("select count(*) from reporting.doctor_schedule where doctor_id = %s", (doctor,)).fetchone()
    assert days[0] == 181  # works every day, 90 days either side


def test_department_visits(conn: psycopg.Connection, clinic: Clinic) -> None:
    department = clinic.department()
    doctor = clinic.doctor(department, fee=Decimal("70.00"))
    done = clinic.visit(doctor_id=doctor, hour=9)
    conn.execute("call clinic.complete_encounter(%s)", (done["encounter"],))
    clinic.visit(doctor_id=doctor, hour=10)
    clinic.visit(patient_id=done["patient"], doctor_id=doctor, hour=11)
    row = conn.execute("select visits, completed_visits, patients, amount_billed from reporting.department_visits"
                       " where department_id = %s", (department,)).fetchone()
    assert row == (3, 1, 2, Decimal("70.00"))


def test_billing_aging(conn: psycopg.Connection, clinic: Clinic) -> None:
    patient = clinic.patient()
    invoices = []
    for hour in (9, 10, 11, 12):
        v = clinic.visit(patient_id=patient, hour=hour)
        conn.execute("call clinic.complete_encounter(%s)", (v["encounter"],))
        invoices.append(clinic.invoice_of(v["encounter"]))
    for invoice_id, age in zip(invoices, (5, 45, 75, 200)):
        conn.execute("update billing.invoice set issued_on = current_date - %s, due_on = current_date"
                     " where invoice_id = %s", (age, invoice_id))
    call(conn, "call billing.record_payment(%s, 30.00)", (invoices[1],))
    call(conn, "call billing.record_payment(%s, 80.00)", (invoices[2],))
    row = conn.execute("select due_0_30, due_31_60, due_61_90, due_over_90, patient_due"
                       " from reporting.billing_aging where patient_id = %s", (patient,)).fetchone()
    assert row == (Decimal("80.00"), Decimal("50.00"), 0, Decimal("80.00"), Decimal("210.00"))
