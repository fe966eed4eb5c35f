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


# what dw.follow_moved_encounters lists for the encounters that moved (the same join)
MOVED_INVOICE_LINES = """
select l.invoice_line_id, i.issued_on
from billing.invoice as i
inner join billing.invoice_line as l on l.invoice_id = i.invoice_id
where i.encounter_id = any (%s)
"""


def plan_nodes(node: dict) -> list[dict]:
    return [node] + [child for sub in node.get("Plans", []) for child in plan_nodes(sub)]


def test_the_invoice_lines_of_moved_encounters_are_listed_from_the_indexes_alone(
    seeded: psycopg.Connection,
) -> None:
    """Migration 0091: the warehouse refresh finds a moved encounter's invoice and its lines without reading
    either table (index-only scans, no heap fetch once VACUUM has marked the pages all-visible)."""
    seeded.execute("set session_replication_role = replica")
    seeded.execute(
        """insert into billing.invoice_line (invoice_id, line_kind, description, unit_price)
           select i.invoice_id, 'consultation', 'Consultation', 70 from billing.invoice as i
           union all
           select i.invoice_id, 'other', 'Dressing', 12 from billing.invoice as i where i.invoice_id % 3 = 0"""
    )
    seeded.execute("set session_replication_role = origin")
    seeded.execute("vacuum (analyze) billing.invoice, billing.invoice_line")
    encounters = [row[0] for row in seeded.execute(
        "select encounter_id from clinic.encounter where encounter_id % 100 = 8 order by 1"
    ).fetchall()]
    expected = seeded.execute(
        "select count(*) from billing.invoice_line as l inner join billing.invoice as i using (invoice_id)"
        " where i.encounter_id = any (%s)", (encounters,)
    ).fetchone()[0]

    seeded.execute("set enable_seqscan = off")  # the test's tables are small: ask for the refresh's access path
    plan = seeded.execute(
        "explain (analyze, format json) " + MOVED_INVOICE_LINES, (encounters,)
    ).fetchone()[0][0]["Plan"]
    scans = {n["Index Name"]: n for n in plan_nodes(plan) if "Index Name" in n}
    assert plan["Actual Rows"] == expected > len(encounters)
    for index in ("invoice_encounter_id_key", "invoice_line_invoice_idx"):
        assert scans[index]["Node Type"] == "Index Only Scan", scans
        assert scans[index]["Heap Fetches"] == 0, scans
