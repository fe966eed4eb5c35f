"""Patients and visits: register/update_patient, start/complete_encounter,
record_diagnosis, record_treatment, prescribe, patient_visit_history."""

from datetime import date, timedelta
from decimal import Decimal

import psycopg
import pytest
from test_core_support import Clinic, call, clinic, refused, tomorrow_at  # noqa: F401 (fixture)

REGISTER = "call clinic.register_patient(%s, %s, %s, %s, p_email => %s, p_payer_id => %s, p_policy_number => %s)"


def test_register_patient(conn: psycopg.Connection, clinic: Clinic) -> None:
    patient_id = call(conn, REGISTER, ("Ada", "Lovelace", date(1990, 12, 10), "female", "ada@example.org", None, None))
    row = conn.execute(
        "select p.mrn, p.first_name, y.payer_type, p.created_at = p.updated_at from clinic.patient p"
        " join billing.payer y using (payer_id) where patient_id = %s", (patient_id,),
    ).fetchone()
    assert row[0].startswith("MRN") and row[1:] == ("Ada", "self-pay", True)
    insurer = clinic.payer()
    insured = call(conn, REGISTER, ("Alan", "Turing", date(1954, 6, 7), "male", None, insurer, "AX-77"))
    assert conn.execute("select payer_id, policy_number from clinic.patient where patient_id = %s",
                        (insured,)).fetchone() == (insurer, "AX-77")
    given = call(conn, "call clinic.register_patient('Bo', 'Given', '2001-01-01', 'other', p_mrn => 'H-1')")
    assert conn.execute("select mrn from clinic.patient where patient_id = %s", (given,)).fetchone()[0] == "H-1"


@pytest.mark.parametrize(
    ("args", "sqlstate"),
    [
        (("", "Lovelace", date(1990, 1, 1), "female", None, None, None), "22023"),
        (("Ada", "Lovelace", date.today() + timedelta(days=1), "female", None, None, None), "22023"),
        (("Ada", "Lovelace", date(1990, 1, 1), "F", None, None, None), "22023"),
        (("Ada", "Lovelace", date(1990, 1, 1), "female", "not-an-email", None, None), "22023"),
        (("Ada", "Lovelace", date(1990, 1, 1), "female", None, 999_999, None), "P0002"),
        (("Ada", "Lovelace", date(1990, 1, 1), "female", None, "insurer", None), "ZC012"),
        (("Ada", "Lovelace", date(1990, 1, 1), "female", None, "inactive", "X-1"), "ZC013"),
    ],
)
def test_register_patient_refusals(conn: psycopg.Connection, clinic: Clinic, args: tuple, sqlstate: str) -> None:
    args = list(args)
    if args[5] == "insurer":
        args[5] = clinic.payer()
    elif args[5] == "inactive":
        args[5] = clinic.payer()
        conn.execute("update billing.payer set is_active = false where payer_id = %s", (args[5],))
    refused(conn, sqlstate, REGISTER, tuple(args))


def test_duplicate_mrn_is_refused(conn: psycopg.Connection) -> None:
    call(conn, "call clinic.register_patient('A', 'B', '2000-01-01', 'male', p_mrn => 'H-9')")
    refused(conn, "23505", "call clinic.register_patient('C', 'D', '2000-01-01', 'male', p_mrn => 'H-9')")


def test_date_of_birth_in_the_future_is_refused_by_the_table(conn: psycopg.Connection, clinic: Clinic) -> None:
    refused(conn, "23514", "update clinic.patient set date_of_birth = current_date + 1 where patient_id = %s",
            (clinic.patient(),))


def test_update_patient(conn: psycopg.Connection, clinic: Clinic) -> None:
    patient_id = clinic.patient()
    conn.execute("call clinic.update_patient(%s, p_phone => '+44 20 7946 0000', p_city => 'Leeds')", (patient_id,))
    row = conn.execute("select first_name, phone, city, updated_at > created_at from clinic.patient"
                       " where patient_id = %s", (patient_id,)).fetchone()
    assert row == ("Grace", "+44 20 7946 0000", "Leeds", True)
    insurer = clinic.payer()
    conn.execute("call clinic.update_patient(%s, p_payer_id => %s, p_policy_number => 'Z-1')", (patient_id, insurer))
    assert conn.execute("select payer_id, policy_number from clinic.patient where patient_id = %s",
                        (patient_id,)).fetchone() == (insurer, "Z-1")
    refused(conn, "P0002", "call clinic.update_patient(999999, p_city => 'York')")
    refused(conn, "22023", "call clinic.update_patient(%s, p_sex => 'x')", (patient_id,))
    refused(conn, "22023", "call clinic.update_patient(%s, p_date_of_birth => current_date + 3)", (patient_id,))
    refused(conn, "ZC012", "call clinic.update_patient(%s, p_payer_id => %s)", (patient_id, clinic.payer()))
    refused(conn, "P0002", "call clinic.update_patient(%s, p_payer_id => 999999)", (patient_id,))


def test_start_encounter_records_vitals(conn: psycopg.Connection, clinic: Clinic) -> None:
    appointment_id = clinic.book(clinic.patient(), clinic.doctor(), tomorrow_at(9))
    encounter_id = call(conn, "call clinic.check_in(%s)", (appointment_id,))
    refused(conn, "23514", "call clinic.start_encounter(%s, 'fever', p_temperature_c => 55)", (encounter_id,))
    conn.execute("call clinic.start_encounter(%s, 'fever', p_temperature_c => 38.4, p_heart_rate => 96,"
                 " p_systolic_bp => 128, p_diastolic_bp => 82)", (encounter_id,))
    row = conn.execute("select status, chief_complaint, temperature_c, admitted_at is not null from clinic.encounter"
                       " where encounter_id = %s", (encounter_id,)).fetchone()
    assert row == ("in progress", "fever", Decimal("38.4"), True)


def test_discharge_before_admission_is_refused_by_the_table(conn: psycopg.Connection, clinic: Clinic) -> None:
    v = clinic.visit()
    refused(conn, "23514", "update clinic.encounter set status = 'completed', discharged_at = admitted_at"
            " - interval '1 hour' where encounter_id = %s", (v["encounter"],))


def test_complete_encounter_bills_the_consultation_fee(conn: psycopg.Connection, clinic: Clinic) -> None:
    doctor = clinic.doctor(fee=Decimal("95.50"))
    v = clinic.visit(doctor_id=doctor)
    conn.execute("call clinic.complete_encounter(%s, 'rest and fluids')", (v["encounter"],))
    lines = conn.execute(
        "select l.line_kind, l.amount, i.total_amount, i.patient_id from billing.invoice_line l"
        " join billing.invoice i using (invoice_id) where i.encounter_id = %s", (v["encounter"],),
    ).fetchall()
    assert lines == [("consultation", Decimal("95.50"), Decimal("95.50"), v["patient"])]
    row = conn.execute("select notes, discharged_at >= admitted_at from clinic.encounter where encounter_id = %s",
                       (v["encounter"],)).fetchone()
    assert row == ("rest and fluids", True)


def test_record_diagnosis(conn: psycopg.Connection, clinic: Clinic) -> None:
    v = clinic.visit()
    primary = call(conn, "call clinic.record_diagnosis(%s, 'E11.65', 'moderate', true, %s)",
                   (v["encounter"], date(2020, 3, 1)))
    undotted = call(conn, "call clinic.record_diagnosis(%s, 'i10', 'mild')", (v["encounter"],))
    rows = conn.execute("select diagnosis_id, icd10_code, severity, is_primary from clinic.diagnosis"
                        " where encounter_id = %s order by diagnosis_id", (v["encounter"],)).fetchall()
    assert rows == [(primary, "E11.65", "moderate", True), (undotted, "I10", "mild", False)]


@pytest.mark.parametrize(
    ("code", "severity", "primary", "sqlstate"),
    [
        ("E11", "mild", False, "ZC005"),  # a category, not billable
        ("E11.6", "mild", False, "ZC005"),  # a subcategory, not billable
        ("X99.999", "mild", False, "ZC006"),  # not in ICD-10-CM
        ("diabetes", "mild", False, "ZC006"),  # free text
        ("", "mild", False, "22023"),
        ("I10", "terrible", False, "22023"),
        ("J45.909", "mild", True, "23505"),  # a second primary diagnosis
        ("E11.65", "severe", False, "23505"),  # the same code twice
    ],
)
def test_record_diagnosis_refusals(
    conn: psycopg.Connection, clinic: Clinic, code: str, severity: str, primary: bool, sqlstate: str
) -> None:
    v = clinic.visit()
    call(conn, "call clinic.record_diagnosis(%s, 'E11.65', 'moderate', true)", (v["encounter"],))
    error = refused(conn, sqlstate, "call clinic.record_diagnosis(%s, %s, %s, %s)",
                    (v["encounter"], code, severity, primary))
    if sqlstate == "ZC005":
        assert f"e.g. {code}" in error.diag.message_hint  # points at the billable codes below the heading


def test_record_diagnosis_needs_an_open_encounter(conn: psycopg.Connection, clinic: Clinic) -> None:
    refused(conn, "P0002", "call clinic.record_diagnosis(999999, 'I10', 'mild')")
    v = clinic.visit()
    conn.execute("call clinic.complete_encounter(%s)", (v["encounter"],))
    refused(conn, "ZC007", "call clinic.record_diagnosis(%s, 'I10', 'mild')", (v["encounter"],))
    refused(conn, "22023", "call clinic.record_diagnosis(%s, 'I10', 'mild', false, current_date + 1)",
            (v["encounter"],))


def test_a_diagnosis_cannot_bypass_the_reference_set(conn: psycopg.Connection, clinic: Clinic) -> None:
    v = clinic.visit()
    refused(conn, "ZC006", "insert into clinic.diagnosis (encounter_id, icd10_code, severity) values (%s, 'flu', 'mild')",
            (v["encounter"],))
    refused(conn, "ZC005", "insert into clinic.diagnosis (encounter_id, icd10_code, severity) values (%s, 'J45', 'mild')",
            (v["encounter"],))


def test_record_treatment_adds_an_invoice_line(conn: psycopg.Connection, clinic: Clinic) -> None:
    v = clinic.visit()
    treatment = clinic.treatment(Decimal("42.00"))
    given = call(conn, "call clinic.record_treatment(%s, %s, %s, 'improved')", (v["encounter"], treatment, v["doctor"]))
    custom = call(conn, "call clinic.record_treatment(%s, %s, %s, 'stable', 30.25)",
                  (v["encounter"], treatment, v["doctor"]))
    lines = conn.execute("select treatment_given_id, line_kind, amount from billing.invoice_line"
                         " order by invoice_line_id").fetchall()
    assert lines == [(given, "treatment", Decimal("42.00")), (custom, "treatment", Decimal("30.25"))]
    total = conn.execute("select total_amount from billing.invoice where encounter_id = %s", (v["encounter"],))
    assert total.fetchone()[0] == Decimal("72.25")


def test_record_treatment_refusals(conn: psycopg.Connection, clinic: Clinic) -> None:
    v = clinic.visit()
    treatment = clinic.treatment()
    sql = "call clinic.record_treatment(%s, %s, %s, %s, %s)"
    refused(conn, "P0002", sql, (999_999, treatment, v["doctor"], "improved", None))
    refused(conn, "P0002", sql, (v["encounter"], 999_999, v["doctor"], "improved", None))
    refused(conn, "P0002", sql, (v["encounter"], treatment, 999_999, "improved", None))
    refused(conn, "ZC009", sql, (v["encounter"], treatment, clinic.doctor(role="nurse"), "improved", None))
    refused(conn, "ZC011", sql, (v["encounter"], clinic.treatment(active=False), v["doctor"], "improved", None))
    refused(conn, "22023", sql, (v["encounter"], treatment, v["doctor"], "cured", None))
    refused(conn, "22023", sql, (v["encounter"], treatment, v["doctor"], "improved", Decimal("-1")))
    conn.execute("call clinic.complete_encounter(%s)", (v["encounter"],))
    refused(conn, "ZC007", sql, (v["encounter"], treatment, v["doctor"], "improved", None))


def test_prescribe(conn: psycopg.Connection, clinic: Clinic) -> None:
    v = clinic.visit()
    medication = clinic.medication()
    prescription_id = call(conn, "call clinic.prescribe(%s, %s, %s, '500 mg', 'twice daily', 14, 7)",
                           (v["encounter"], medication, v["doctor"]))
    row = conn.execute("select medication_id, quantity, duration_days, status from clinic.prescription"
                       " where prescription_id = %s", (prescription_id,)).fetchone()
    assert row == (medication, Decimal("14.000"), 7, "active")


def test_prescribe_refusals(conn: psycopg.Connection, clinic: Clinic) -> None:
    v = clinic.visit()
    medication = clinic.medication()
    sql = "call clinic.prescribe(%s, %s, %s, %s, %s, %s, %s)"
    ok = [v["encounter"], medication, v["doctor"], "500 mg", "twice daily", 14, 7]

    def with_(i: int, value: object) -> tuple:
        args = list(ok)
        args[i] = value
        return tuple(args)

    refused(conn, "P0002", sql, with_(0, 999_999))
    refused(conn, "P0002", sql, with_(1, 999_999))
    refused(conn, "ZC010", sql, with_(1, clinic.medication(active=False)))
    refused(conn, "P0002", sql, with_(2, 999_999))
    refused(conn, "ZC009", sql, with_(2, clinic.doctor(role="pharmacist")))
    refused(conn, "22023", sql, with_(3, " "))
    refused(conn, "22023", sql, with_(4, None))
    refused(conn, "22023", sql, with_(5, 0))
    refused(conn, "22023", sql, with_(6, 0))
    conn.execute("call clinic.complete_encounter(%s)", (v["encounter"],))
    refused(conn, "ZC007", sql, tuple(ok))


def test_patient_visit_history(conn: psycopg.Connection, clinic: Clinic) -> None:
    patient = clinic.patient()
    first = clinic.visit(patient_id=patient, hour=9)
    call(conn, "call clinic.record_diagnosis(%s, 'I10', 'mild', true)", (first["encounter"],))
    call(conn, "call clinic.record_treatment(%s, %s, %s, 'stable')",
         (first["encounter"], clinic.treatment(Decimal("20.00")), first["doctor"]))
    conn.execute("call clinic.complete_encounter(%s)", (first["encounter"],))
    second = clinic.visit(patient_id=patient, hour=11, days=2)
    rows = conn.execute("select encounter_id, encounter_status, department_name, diagnoses, treatments, amount_billed"
                        " from clinic.patient_visit_history(%s)", (patient,)).fetchall()
    assert [r[0] for r in rows] == [second["encounter"], first["encounter"]]
    assert rows[1][1] == "completed" and rows[1][3][0].startswith("I10 Essential (primary) hypertension (mild, primary)")
    assert len(rows[1][4]) == 1 and rows[1][5] == Decimal("100.00")
    assert rows[0][3] == [] and rows[0][5] == Decimal("0")
    refused(conn, "P0002", "select * from clinic.patient_visit_history(999999)")
