"""The frequent paths use their indexes: EXPLAIN on a seeded database."""

import json

import psycopg
import pytest

SEED = """
insert into clinic.department (department_name) values ('Seed medicine');
insert into clinic.staff (department_id, first_name, last_name, staff_role, specialty, consultation_fee)
select d.department_id, 'Doc', 'Seed' || g, 'doctor', 'internal medicine', 70
  from clinic.department d, generate_series(1, 50) g;
insert into clinic.patient (first_name, last_name, date_of_birth, sex, payer_id)
select 'Pat', 'Seed' || g, date '1950-01-01' + g, 'unknown', 1 from generate_series(1, 3000) g;
-- 30,000 appointments: doctor i % 50 in consecutive 30-minute slots, 2024 to 2026
with doctor as (select array_agg(staff_id order by staff_id) as ids from clinic.staff),
     patient as (select array_agg(patient_id order by patient_id) as ids from clinic.patient)
insert into clinic.appointment (patient_id, doctor_id, department_id, during, status)
select patient.ids[1 + g % 3000], doctor.ids[1 + g % 50], (select min(department_id) from clinic.department),
       tstzrange(timestamptz '2024-01-01 08:00+00' + (g / 50) * interval '30 minutes',
                 timestamptz '2024-01-01 08:30+00' + (g / 50) * interval '30 minutes'),
       case when g % 20 = 0 then 'scheduled' else 'completed' end
  from generate_series(0, 29999) g, doctor, patient;
insert into clinic.encounter (appointment_id, patient_id, doctor_id, department_id, status, checked_in_at,
                              admitted_at, discharged_at)
select appointment_id, patient_id, doctor_id, department_id, 'completed', starts_at, starts_at, ends_at
  from clinic.appointment where status = 'completed';
with code as (select array_agg(code) as codes from (select code from ref.icd10_code where is_billable
                                                     order by code limit 400) c)
insert into clinic.diagnosis (encounter_id, icd10_code, severity, diagnosed_at)
select e.encounter_id, code.codes[1 + e.encounter_id % 400], 'mild', e.checked_in_at
  from clinic.encounter e, code;
insert into billing.invoice (encounter_id, patient_id, payer_id, status, issued_on, due_on)
select encounter_id, patient_id, 1, case when encounter_id % 10 = 0 then 'open' else 'paid' end,
       checked_in_at::date, checked_in_at::date + 30
  from clinic.encounter;
analyze;
"""


@pytest.fixture
def seeded(conn: psycopg.Connection) -> psycopg.Connection:
    # seeded with direct set-based inserts: the triggers are not what this test is about
    conn.execute("set session_replication_role = replica")
    conn.execute(SEED)
    conn.execute("set session_replication_role = origin")
    return conn


FREQUENT_PATHS = {
    "appointment_patient_starts_idx":
        "select * from clinic.appointment where patient_id = {patient} order by starts_at",
    "appointment_doctor_starts_idx":
        "select * from clinic.appointment where doctor_id = {doctor}"
        " and starts_at >= '2025-03-03' and starts_at < '2025-03-04' order by starts_at",
    "encounter_patient_checked_in_idx":
        "select * from clinic.encounter where patient_id = {patient} order by checked_in_at desc",
    "invoice_patient_open_idx":
        "select * from billing.invoice where patient_id = {patient} and status <> 'paid'",
    "diagnosis_code_diagnosed_idx":
        "select * from clinic.diagnosis where icd10_code = '{code}'"
        " and diagnosed_at >= '2025-01-01' and diagnosed_at < '2025-02-01'",
    "appointment_scheduled_ends_idx":
        "select appointment_id from clinic.appointment where status = 'scheduled' and ends_at <= '2024-02-01'",
}


def test_frequent_queries_use_their_indexes(seeded: psycopg.Connection) -> None:
    # one seeded database for every path (seeding takes seconds; a clone per path would repeat it)
    patient, doctor = seeded.execute(
        "select patient_id, doctor_id from clinic.appointment order by appointment_id offset 1234 limit 1"
    ).fetchone()
    code = seeded.execute("select icd10_code from clinic.diagnosis order by diagnosis_id limit 1").fetchone()[0]
    missed = {}
    for index, template in FREQUENT_PATHS.items():
        query = template.format(patient=patient, doctor=doctor, code=code)
        plan = json.dumps(seeded.execute("explain (format json) " + query).fetchone()[0])
        if f'"{index}"' not in plan:
            missed[index] = plan
    assert not missed, missed
