"""The synthetic data generator behind `dbtool seed` and `dbtool demo`.

Every step is ONE set-based SQL statement (generate_series, joins, no row-by-row
calls from Python) that inserts into the real tables, so every constraint and
trigger of the schema checks the data (the foreign keys of the generated tables
and the patient double-booking constraint at the end of the transaction, every
row checked: see _suspend_foreign_keys, _suspend_exclusions; the plain indexes,
which check nothing, are built after the data: _suspend_secondary_indexes).
Randomness comes from
util.seeded_random(seed, stream, n), a hash of (seed, stream, row key): the same
seed gives the same data whatever the plan or the row order.

The model (documented in docs/data.md):
- doctors work Monday to Friday, 08:00-17:00 UTC, in 20-minute slots; a slot's
  patient is a bijection of (slot, doctor), so a patient is never booked twice at
  the same time and a doctor never double-books (the exclusion constraints hold);
- a slot is booked with a probability scaled by the patient's age (older
  patients visit more), ~10 visits per patient-year; 7 % are cancelled, 5 %
  no-shows, the rest completed with an encounter;
- diagnoses: 85 % from ref.diagnosis_prior (common codes per age band and
  sex), 15 % from the billable ICD-10-CM codes (long tail: a chapter
  uniformly, then a code of that chapter uniformly);
- billing: the consultation fee and treatments become invoice lines through
  the triggers; insured invoices are claimed (paid / partly paid / denied after
  1-9 weeks); patients pay their share after 0-90 days, or not at all.
- pharmacy: one lot per medication and month sized to 80-130 % of the month's
  demand: prescriptions beyond it are stock-outs (stay active), leftovers of
  expired lots are written off.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import psycopg

from dbtool.errors import DbtoolError

VISITS_PER_PATIENT_YEAR = 10
SLOTS_PER_DAY = 27  # 08:00 to 17:00, 20 minutes each
PATIENTS_PER_DOCTOR = 500

FEMALE_NAMES = [
    "Olivia", "Emma", "Ava", "Sophia", "Isabella", "Mia", "Amelia", "Harper", "Evelyn", "Abigail", "Emily",
    "Ella", "Grace", "Chloe", "Lucy", "Hannah", "Sarah", "Laura", "Maria", "Anna", "Julia", "Nora", "Alice",
    "Clara", "Eva", "Leila", "Fatima", "Aisha", "Mei", "Yuki", "Priya", "Ines", "Sofia", "Elena", "Zoe",
]
MALE_NAMES = [
    "Liam", "Noah", "Oliver", "Elijah", "James", "William", "Benjamin", "Lucas", "Henry", "Theodore", "Jack",
    "Leo", "Samuel", "David", "Daniel", "Thomas", "Joseph", "Adam", "Omar", "Yusuf", "Ali", "Hiro", "Wei",
    "Arjun", "Rahul", "Mateo", "Diego", "Luca", "Marco", "Felix", "Paul", "Peter", "Simon", "Ethan", "Max",
]
LAST_NAMES = [
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
    "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
    "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker",
    "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams",
    "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Khan", "Patel",
    "Singh", "Chen", "Wang", "Kim", "Park", "Müller", "Schmidt", "Dubois", "Rossi", "Novak", "Kowalski",
]
CITIES = [
    "Springfield", "Riverton", "Fairview", "Greenville", "Franklin", "Clinton", "Madison", "Georgetown",
    "Salem", "Arlington", "Ashland", "Burlington", "Dover", "Milton", "Oxford", "Newport",
]
STREETS = ["Main St", "Oak Ave", "Maple Dr", "Cedar Ln", "Park Rd", "Elm St", "Hill Rd", "Lake Ave", "River Rd"]
REASONS = [
    "follow-up", "annual check-up", "new complaint", "medication review", "test results", "pain",
    "fever and cough", "vaccination", "chronic condition review", "referral",
]
COMPLAINTS = [
    "cough", "fever", "headache", "back pain", "chest discomfort", "fatigue", "sore throat", "rash",
    "shortness of breath", "abdominal pain", "dizziness", "joint pain", "routine check", "anxiety",
]

# (department, specialty, consultation fee, share of doctors in 20ths)
DEPARTMENTS = [
    ("General Practice", "general practice", 60, 5),
    ("Paediatrics", "paediatrics", 70, 2),
    ("Cardiology", "cardiology", 140, 1),
    ("Endocrinology", "endocrinology", 120, 1),
    ("Obstetrics and Gynaecology", "obstetrics and gynaecology", 110, 1),
    ("Orthopaedics", "orthopaedics", 130, 1),
    ("Dermatology", "dermatology", 100, 1),
    ("Psychiatry", "psychiatry", 120, 1),
    ("Pulmonology", "pulmonology", 120, 1),
    ("Neurology", "neurology", 130, 1),
    ("Urology", "urology", 110, 1),
    ("Geriatrics", "geriatrics", 90, 2),
    ("Internal Medicine", "internal medicine", 90, 2),
]
PAYERS = [
    ("Northwind Health Insurance", "insurer", 80),
    ("Contoso Mutual", "insurer", 70),
    ("Fabrikam Care", "insurer", 90),
    ("Public Health Programme", "government", 100),
    ("Senior Care Programme", "government", 85),
]
TREATMENTS = [
    ("SEED-ECG", "Electrocardiogram", 45),
    ("SEED-BLOOD", "Blood panel", 35),
    ("SEED-XRAY", "X-ray, one view", 80),
    ("SEED-VACC", "Vaccine administration", 25),
    ("SEED-SUTURE", "Wound suturing", 120),
    ("SEED-SPIRO", "Spirometry", 60),
    ("SEED-ULTRA", "Ultrasound", 150),
    ("SEED-INJ", "Intramuscular injection", 20),
    ("SEED-DRESS", "Wound dressing", 30),
    ("SEED-PHYSIO", "Physiotherapy session", 70),
    ("SEED-COUNSEL", "Counselling session", 90),
    ("SEED-CAST", "Plaster cast", 110),
]
# generic name, form, strength, unit, dispensing unit, ATC (used only if the ATC table has it), unit cost
MEDICATIONS = [
    ("amoxicillin", "capsule", 500, "mg", "capsule", "J01CA04", 0.12),
    ("paracetamol", "tablet", 500, "mg", "tablet", "N02BE01", 0.02),
    ("ibuprofen", "tablet", 400, "mg", "tablet", "M01AE01", 0.04),
    ("metformin", "tablet", 850, "mg", "tablet", "A10BA02", 0.05),
    ("amlodipine", "tablet", 5, "mg", "tablet", "C08CA01", 0.06),
    ("lisinopril", "tablet", 10, "mg", "tablet", "C09AA03", 0.05),
    ("atorvastatin", "tablet", 20, "mg", "tablet", "C10AA05", 0.08),
    ("omeprazole", "capsule", 20, "mg", "capsule", "A02BC01", 0.07),
    ("salbutamol", "inhaler", 100, "mcg", "inhaler", "R03AC02", 4.50),
    ("sertraline", "tablet", 50, "mg", "tablet", "N06AB06", 0.10),
    ("levothyroxine", "tablet", 50, "mcg", "tablet", "H03AA01", 0.04),
    ("azithromycin", "tablet", 250, "mg", "tablet", "J01FA10", 0.40),
    ("cetirizine", "tablet", 10, "mg", "tablet", "R06AE07", 0.03),
    ("prednisolone", "tablet", 5, "mg", "tablet", "H02AB06", 0.06),
    ("furosemide", "tablet", 40, "mg", "tablet", "C03CA01", 0.04),
    ("apixaban", "tablet", 5, "mg", "tablet", "B01AF02", 0.90),
    ("hydrocortisone", "cream", 1, "%", "tube", "D07AA02", 2.20),
    ("insulin glargine", "injection", 100, "unit/mL", "pen", "A10AE04", 9.80),
]


@dataclass(frozen=True)
class SeedPlan:
    patients: int
    months: int
    seed: int
    end: date  # first day after the generated period (the first of the current month)

    @property
    def start(self) -> date:
        month_index = self.end.year * 12 + self.end.month - 1 - self.months
        return date(month_index // 12, month_index % 12 + 1, 1)

    @property
    def doctors(self) -> int:
        return min(self.patients, max(len(DEPARTMENTS), math.ceil(self.patients / PATIENTS_PER_DOCTOR)))

    def multiplier(self) -> int:
        """A multiplier coprime to the patient count: (slot, doctor) -> patient is then a bijection per slot."""
        candidate = 7919 + (self.seed % 1000) * 2
        while math.gcd(candidate, self.patients) != 1:
            candidate += 1
        return candidate


def first_of_current_month(today: date | None = None) -> date:
    today = today or date.today()
    return date(today.year, today.month, 1)


def _params(plan: SeedPlan) -> dict[str, object]:
    return {
        "seed": plan.seed,
        "patients": plan.patients,
        "doctors": plan.doctors,
        "start": plan.start,
        "end": plan.end,
        "mult": plan.multiplier(),
        "slots_per_day": SLOTS_PER_DAY,
        "visits": VISITS_PER_PATIENT_YEAR,
        "months": plan.months,
        "female_names": FEMALE_NAMES,
        "male_names": MALE_NAMES,
        "last_names": LAST_NAMES,
        "cities": CITIES,
        "streets": STREETS,
        "reasons": REASONS,
        "complaints": COMPLAINTS,
    }


# --- the steps: (label, table counted for the progress line, SQL) -------------------------------------------

R = "util.seeded_random(%(seed)s::bigint, {stream}, {key})"


def rnd(stream: int, key: str) -> str:
    return R.format(stream=stream, key=key)


STEPS: list[tuple[str, str, str]] = [
    ("payers, departments, treatments", "clinic.department", """
insert into billing.payer (payer_name, payer_type, coverage_percent)
select * from unnest(%(payer_names)s::text[], %(payer_types)s::text[], %(payer_cover)s::numeric[])
on conflict (payer_name) do nothing;
insert into clinic.department (department_name, time_zone)
select d, 'UTC' from unnest(%(dept_names)s::text[]) with ordinality as u (d, i) order by i
on conflict (department_name) do nothing;
insert into clinic.treatment (treatment_code, treatment_name, default_price)
select * from unnest(%(treat_codes)s::text[], %(treat_names)s::text[], %(treat_prices)s::numeric[])
on conflict (treatment_code) do nothing;
create temp table seed_department on commit drop as
select u.i::int as i, d.department_id, u.specialty, u.fee
  from unnest(%(dept_names)s::text[], %(dept_specialties)s::text[], %(dept_fees)s::numeric[])
       with ordinality as u (department_name, specialty, fee, i)
  join clinic.department d using (department_name);
create temp table seed_department_slot on commit drop as
select row_number() over (order by u.i, g) - 1 as slot, u.i::int as i
  from unnest(%(dept_shares)s::int[]) with ordinality as u (share, i), generate_series(1, u.share) as g;
"""),
    ("doctors and working hours", "clinic.staff", """
create temp table seed_doctor on commit drop as
select d - 1 as d, sd.department_id, sd.specialty, sd.fee,
       case when {r1} < 0.5 then (%(female_names)s::text[])[1 + floor({r2} * cardinality(%(female_names)s::text[]))::int]
            else (%(male_names)s::text[])[1 + floor({r2} * cardinality(%(male_names)s::text[]))::int] end as first_name,
       (%(last_names)s::text[])[1 + floor({r3} * cardinality(%(last_names)s::text[]))::int] as last_name
  from generate_series(1, %(doctors)s) as d
  join seed_department_slot s on s.slot = (d - 1) %% (select count(*) from seed_department_slot)
  join seed_department sd on sd.i = s.i;
insert into clinic.staff (department_id, first_name, last_name, staff_role, specialty, consultation_fee, email)
select department_id, first_name, last_name, 'doctor', specialty, fee,
       format('dr%%s.s%%s@seed.clinic.example', d + 1, %(seed)s)
  from seed_doctor order by d;
alter table seed_doctor add column staff_id bigint;
update seed_doctor sd set staff_id = s.staff_id
  from clinic.staff s where s.email = format('dr%%s.s%%s@seed.clinic.example', sd.d + 1, %(seed)s);
insert into clinic.working_day (staff_id, iso_weekday, start_time, end_time)
select sd.staff_id, w, time '08:00', time '17:00'
  from seed_doctor sd, generate_series(1, 5) as w order by sd.d, w;
""".format(r1=rnd(1, "d"), r2=rnd(2, "d"), r3=rnd(3, "d"))),
    ("patients", "clinic.patient", """
create temp table seed_person on commit drop as
select n, age, sex,
       (%(end)s::date - make_interval(years => age))::date - 1 - floor({r3} * 365)::int as date_of_birth,
       case when sex = 'female' or (sex not in ('male') and {r4} < 0.5)
            then (%(female_names)s::text[])[1 + floor({r5} * cardinality(%(female_names)s::text[]))::int]
            else (%(male_names)s::text[])[1 + floor({r5} * cardinality(%(male_names)s::text[]))::int] end as first_name,
       (%(last_names)s::text[])[1 + floor({r6} * cardinality(%(last_names)s::text[]))::int] as last_name,
       {r7} as payer_draw
  from (select n,
               case when {r1} < 0.22 then floor({r2} * 18)::int
                    when {r1} < 0.60 then 18 + floor({r2} * 27)::int
                    when {r1} < 0.85 then 45 + floor({r2} * 20)::int
                    else 65 + floor({r2} * {r2} * 35)::int end as age,
               case when {r8} < 0.505 then 'female' when {r8} < 0.995 then 'male'
                    when {r8} < 0.998 then 'other' else 'unknown' end as sex
          from generate_series(1, %(patients)s) as n) as p;
insert into clinic.patient (mrn, first_name, last_name, date_of_birth, sex, phone, email, address_line, city,
                            postal_code, country, payer_id, policy_number, emergency_contact_name,
                            emergency_contact_phone)
select 'MRN' || lpad(p.n::text, 8, '0'), p.first_name, p.last_name, p.date_of_birth, p.sex,
       '+1-555-' || lpad((hashint8extended(p.n, %(seed)s) %% 10000000 + 10000000)::text, 7, '0'),
       case when {r9} < 0.7 then lower(p.first_name || '.' || p.last_name || p.n) || '@mail.example' end,
       (1 + floor({r10} * 999))::int || ' ' || (%(streets)s::text[])[1 + floor({r11} * cardinality(%(streets)s::text[]))::int],
       (%(cities)s::text[])[1 + floor({r12} * cardinality(%(cities)s::text[]))::int],
       lpad(floor({r13} * 99999)::int::text, 5, '0'), 'US',
       pay.payer_id,
       case when pay.payer_type <> 'self-pay' then 'POL' || lpad(p.n::text, 9, '0') end,
       'Contact of ' || p.first_name, '+1-555-0' || lpad((p.n %% 1000000)::text, 6, '0')
  from seed_person p
  join billing.payer pay on pay.payer_name = case
           when p.age >= 65 and p.payer_draw < 0.75 then 'Senior Care Programme'
           when p.payer_draw < 0.12 then 'Self-pay'
           when p.payer_draw < 0.30 then 'Public Health Programme'
           when p.payer_draw < 0.60 then 'Northwind Health Insurance'
           when p.payer_draw < 0.82 then 'Contoso Mutual'
           else 'Fabrikam Care' end
 order by p.n;
select setval('clinic.patient_mrn_seq', greatest(%(patients)s, (select last_value from clinic.patient_mrn_seq)));
create temp table seed_patient on commit drop as
select p.n - 1 as k, pa.patient_id, sp.age, sp.sex,
       case when sp.age < 18 then 0.8 when sp.age < 45 then 0.7 when sp.age < 65 then 1.1 else 1.8 end as visit_weight
  from clinic.patient pa
  join seed_person p on 'MRN' || lpad(p.n::text, 8, '0') = pa.mrn
  join seed_person sp on sp.n = p.n;
alter table seed_patient add primary key (k);
analyze seed_patient;
""".format(r1=rnd(10, "n"), r2=rnd(11, "n"), r3=rnd(12, "n"), r4=rnd(13, "n"), r5=rnd(14, "n"),
           r6=rnd(15, "n"), r7=rnd(16, "n"), r8=rnd(17, "n"), r9=rnd(18, "p.n"), r10=rnd(19, "p.n"),
           r11=rnd(20, "p.n"), r12=rnd(21, "p.n"), r13=rnd(22, "p.n"))),
    ("appointments", "clinic.appointment", """
create temp table seed_day on commit drop as
select row_number() over (order by day) - 1 as k, day::date as day
  from generate_series(%(start)s::date, %(end)s::date - 1, interval '1 day') as day
 where extract(isodow from day) <= 5;
insert into clinic.appointment (patient_id, doctor_id, department_id, during, status, reason, cancellation_reason)
select sp.patient_id, d.staff_id, d.department_id,
       tstzrange(s.starts_at, s.starts_at + interval '20 minutes'),
       case when {r2} < 0.07 then 'cancelled' when {r2} < 0.12 then 'no-show' else 'completed' end,
       (%(reasons)s::text[])[1 + floor({r3} * cardinality(%(reasons)s::text[]))::int],
       case when {r2} < 0.07 then 'cancelled by the patient' end
  from (select sd.k * %(slots_per_day)s + slot as t, (sd.day + time '08:00' + slot * interval '20 minutes') at time zone 'UTC'
               as starts_at
          from seed_day sd, generate_series(0, %(slots_per_day)s - 1) as slot) as s
  cross join seed_doctor d
  join seed_patient sp on sp.k = ((s.t * %(doctors)s + d.d) * %(mult)s::bigint) %% %(patients)s
 where {r1} < sp.visit_weight * %(patients)s::float8 * %(visits)s * %(months)s / 12.0
                / ((select count(*) from seed_day) * %(slots_per_day)s * %(doctors)s)
 order by s.t, d.d;
analyze clinic.appointment;
""".format(r1=rnd(30, "s.t * %(doctors)s + d.d"), r2=rnd(31, "s.t * %(doctors)s + d.d"),
           r3=rnd(32, "s.t * %(doctors)s + d.d"))),
    ("encounters", "clinic.encounter", """
insert into clinic.encounter (appointment_id, patient_id, doctor_id, department_id, status, checked_in_at, admitted_at,
                              discharged_at, chief_complaint, temperature_c, heart_rate, systolic_bp, diastolic_bp,
                              respiratory_rate, oxygen_saturation, weight_kg, height_cm)
select a.appointment_id, a.patient_id, a.doctor_id, a.department_id, 'completed',
       a.starts_at - floor({r1} * 20) * interval '1 minute',
       a.starts_at + floor({r2} * 10) * interval '1 minute',
       a.starts_at + (10 + floor({r2} * 10) + floor({r3} * 10)) * interval '1 minute',
       (%(complaints)s::text[])[1 + floor({r4} * cardinality(%(complaints)s::text[]))::int],
       round((36.1 + {r5} * 1.2 + case when {r6} < 0.1 then 1.5 else 0 end)::numeric, 1),
       (58 + floor({r7} * 40))::int,
       (105 + floor({r8} * 45) + least(sp.age, 80) / 4)::int,
       (65 + floor({r8} * 25))::int,
       (12 + floor({r9} * 8))::int,
       (94 + floor({r6} * 6))::int,
       case when sp.age < 18 then round((3.5 + sp.age * 3.6 + {r10} * 8)::numeric, 1)
            else round((52 + {r10} * 45)::numeric, 1) end,
       case when sp.age < 18 then round((50 + sp.age * 6.8 + {r11} * 10)::numeric, 1)
            else round((152 + {r11} * 38)::numeric, 1) end
  from clinic.appointment a
  join seed_patient sp on sp.patient_id = a.patient_id
 where a.status = 'completed'
 order by a.appointment_id;
analyze clinic.encounter;
""".format(**{f"r{i}": rnd(40 + i, "a.appointment_id") for i in range(1, 12)})),
    ("diagnoses", "clinic.diagnosis", """
create temp table seed_wheel on commit drop as
with band (band, age_from, age_to) as (values (0, 0, 17), (1, 18, 44), (2, 45, 64), (3, 65, 120)),
     sexes (sex) as (values ('female'), ('male'), ('other')),
     w as (select b.band, s.sex, p.icd10_code, p.weight,
                  sum(p.weight) over (partition by b.band, s.sex order by p.icd10_code, p.sex nulls first) as cum,
                  sum(p.weight) over (partition by b.band, s.sex) as total
             from band b cross join sexes s
             join ref.diagnosis_prior p on p.age_from <= b.age_from and p.age_to >= b.age_to
                                       and (p.sex is null or p.sex = s.sex))
select w.band, w.sex, g.i, w.icd10_code
  from w, generate_series(0, 999) as g (i)
 where g.i >= floor((w.cum - w.weight) / w.total * 1000) and g.i < floor(w.cum / w.total * 1000);
alter table seed_wheel add primary key (band, sex, i);
create temp table seed_tail on commit drop as
select dense_rank() over (order by chapter_no) - 1 as c,
       row_number() over (partition by chapter_no order by code) - 1 as i, code,
       count(*) over (partition by chapter_no) as n
  from ref.icd10_code
 where is_billable and chapter_no not in (15, 16, 17, 20, 22);
alter table seed_tail add primary key (c, i);
create temp table seed_tail_chapter on commit drop as
select c, max(n) as n from seed_tail group by c;
insert into clinic.diagnosis (encounter_id, icd10_code, severity, is_primary, onset_date, resolved_date, diagnosed_at)
select x.encounter_id, x.code,
       case when {r3} < 0.55 - x.age / 400.0 then 'mild' when {r3} < 0.88 - x.age / 800.0 then 'moderate'
            when {r3} < 0.98 then 'severe' else 'critical' end,
       x.j = 0,
       x.day - floor({r4} * case when {r5} < 0.5 then 14 else 365 end)::int,
       case when {r5} < 0.45 then x.day + (7 + floor({r6} * 50))::int end,
       x.admitted_at
  from (select distinct on (e.encounter_id, coalesce(wh.icd10_code, t.code))
               e.encounter_id, j, e.admitted_at, e.admitted_at::date as day, sp.age,
               coalesce(wh.icd10_code, t.code) as code
          from clinic.encounter e
          join seed_patient sp on sp.patient_id = e.patient_id
          cross join lateral generate_series(0, case when {r1} < 0.1 then 2 when {r1} < 0.35 then 1 else 0 end) as j
          left join seed_wheel wh on {r2} < 0.85
               and wh.band = case when sp.age < 18 then 0 when sp.age < 45 then 1 when sp.age < 65 then 2 else 3 end
               and wh.sex = case when sp.sex in ('female', 'male') then sp.sex else 'other' end
               and wh.i = floor({r7} * 1000)::int
          left join seed_tail_chapter tc on {r2} >= 0.85
               and tc.c = floor({r7} * (select count(*) from seed_tail_chapter))::int
          left join seed_tail t on t.c = tc.c and t.i = floor({r8} * tc.n)::int
         order by e.encounter_id, coalesce(wh.icd10_code, t.code), j) as x
 order by x.encounter_id, x.j;
analyze clinic.diagnosis;
""".format(r1=rnd(60, "e.encounter_id"), r2=rnd(61, "e.encounter_id * 4 + j"),
           r3=rnd(62, "x.encounter_id * 4 + x.j"), r4=rnd(63, "x.encounter_id * 4 + x.j"),
           r5=rnd(64, "x.encounter_id * 4 + x.j"), r6=rnd(65, "x.encounter_id * 4 + x.j"),
           r7=rnd(66, "e.encounter_id * 4 + j"), r8=rnd(67, "e.encounter_id * 4 + j"))),
    # Every invoice is written once with its final total: the treatments are drawn first (staging), the invoice
    # is inserted with consultation fee + treatment price, then the treatments and the consultation lines go in
    # through the real tables in ONE statement. The treatments' insert (the CTE) completes first, so its
    # statement-level triggers run first: clinic.bill_treatment adds the treatment lines, and by the time the
    # invoice-line triggers refresh the invoices (billing.refresh_invoices, recomputed from the lines) every
    # total already equals the sum of its lines: no invoice is updated. A wrong precomputed total would simply
    # be corrected by that refresh (the triggers stay the judge), it would only cost the update.
    # The invoices are written with half of each page free (fillfactor 50, for this transaction; step 9 resets
    # it): the one update each settled invoice gets from its payments then finds room on its own page, and with
    # the status index built only after the data (_suspend_secondary_indexes) no indexed column changes, so the
    # update is HOT (no new index entries, no uniqueness checks). Packed pages move every updated invoice to a
    # new page with four index insertions. The table ends the same size: the old versions are dead either way.
    ("invoices, consultation fees, treatments", "billing.invoice_line", """
alter table billing.invoice set (fillfactor = 50);
create temp table seed_treatment on commit drop as
select row_number() over (order by treatment_code) - 1 as i, treatment_id, default_price
  from clinic.treatment where treatment_code = any(%(treat_codes)s::text[]);
create temp table seed_treatment_given on commit drop as
select e.encounter_id, t.treatment_id, e.doctor_id,
       case when {r3} < 0.45 then 'improved' when {r3} < 0.80 then 'stable' when {r3} < 0.97 then 'resolved'
            when {r3} < 0.9995 then 'worsened' else 'deceased' end as outcome,
       t.default_price as price, e.admitted_at + interval '5 minutes' as given_at
  from clinic.encounter e
  join seed_patient sp on sp.patient_id = e.patient_id
  join seed_treatment t on t.i = floor({r2} * (select count(*) from seed_treatment))::int
 where {r1} < 0.3;
alter table seed_treatment_given add primary key (encounter_id);
analyze seed_treatment_given;
insert into billing.invoice (encounter_id, patient_id, payer_id, issued_on, due_on, total_amount)
select e.encounter_id, e.patient_id, p.payer_id, e.discharged_at::date, e.discharged_at::date + 30,
       s.consultation_fee + coalesce(tg.price, 0)
  from clinic.encounter e
  join clinic.patient p on p.patient_id = e.patient_id
  join seed_patient sp on sp.patient_id = e.patient_id
  join clinic.staff s on s.staff_id = e.doctor_id
  left join seed_treatment_given tg on tg.encounter_id = e.encounter_id
 order by e.encounter_id;
analyze billing.invoice;
with treated as (
    insert into clinic.treatment_given (encounter_id, treatment_id, doctor_id, outcome, price, given_at)
    select encounter_id, treatment_id, doctor_id, outcome, price, given_at
      from seed_treatment_given
     order by encounter_id
    returning 1
)
insert into billing.invoice_line (invoice_id, line_kind, description, unit_price)
select i.invoice_id, 'consultation', format('Consultation, Dr %%s %%s (%%s)', s.first_name, s.last_name, s.specialty),
       s.consultation_fee
  from billing.invoice i
  join clinic.encounter e on e.encounter_id = i.encounter_id
  join clinic.staff s on s.staff_id = e.doctor_id
  join seed_patient sp on sp.patient_id = e.patient_id
 where (select count(*) from treated) >= 0
 order by i.invoice_id;
analyze billing.invoice_line;
analyze clinic.treatment_given;
""".format(r1=rnd(70, "e.encounter_id"), r2=rnd(71, "e.encounter_id"), r3=rnd(72, "e.encounter_id"))),
    ("claims", "billing.claim", """
create temp table seed_claim on commit drop as
select i.invoice_id, i.payer_id, round(i.total_amount * pay.coverage_percent / 100, 2) as amount_claimed,
       i.issued_on + (1 + floor({r1} * 5))::int + time '10:00' as submitted_at,
       {r3} as decision,
       (i.issued_on + (1 + floor({r1} * 5))::int + time '10:00') + (7 + floor({r2} * 56)) * interval '1 day'
           as adjudicated_at
  from billing.invoice i
  join billing.payer pay on pay.payer_id = i.payer_id
  join seed_patient sp on sp.patient_id = i.patient_id
 where pay.coverage_percent > 0 and i.total_amount > 0;
insert into billing.claim (invoice_id, payer_id, status, amount_claimed, amount_paid, submitted_at, adjudicated_at,
                           denial_reason)
select invoice_id, payer_id,
       case when adjudicated_at > now() then 'submitted' when decision < 0.85 then 'paid'
            when decision < 0.93 then 'partly paid' else 'denied' end,
       amount_claimed,
       case when adjudicated_at > now() then 0 when decision < 0.85 then amount_claimed
            when decision < 0.93 then round(amount_claimed * 0.6, 2) else 0 end,
       submitted_at,
       case when adjudicated_at <= now() then adjudicated_at end,
       case when adjudicated_at <= now() and decision >= 0.93 then 'service not covered by the policy' end
  from seed_claim
 order by invoice_id;
analyze billing.claim;
""".format(r1=rnd(80, "i.invoice_id"), r2=rnd(81, "i.invoice_id"), r3=rnd(82, "i.invoice_id"))),
    # Payer remittances, patient payments and write-offs in ONE statement, so each invoice is updated once by
    # the refresh for all three (the first refresh to run already sees every row). The payments are drawn into
    # staging first; the write-off is the balance they leave. Each row is still checked against the invoice's
    # balance by billing.check_within_balance (the balance before the statement) and the invoice's CHECK
    # paid + adjusted <= total holds the sum when the refresh writes it.
    ("payments and write-offs", "billing.payment", """
create temp table seed_payment on commit drop as
select kind, k, invoice_id, payer_id, claim_id, amount, payment_method, payment_reference, paid_at
  from (select 0 as kind, c.claim_id as k, c.invoice_id, c.payer_id, c.claim_id, c.amount_paid as amount,
               'payer remittance' as payment_method, 'REM-' || c.claim_id as payment_reference,
               c.adjudicated_at as paid_at
          from billing.claim c
          join seed_claim s on s.invoice_id = c.invoice_id
         where c.amount_paid > 0
        union all
        select 1, x.invoice_id, x.invoice_id, null, null, case when {r3} < 0.1 then round(x.share / 2, 2) else x.share end,
               case when {r4} < 0.55 then 'card' when {r4} < 0.8 then 'cash' when {r4} < 0.97 then 'bank transfer'
                    else 'cheque' end,
               null, x.paid_at
          from (select i.invoice_id,
                       i.total_amount
                       - coalesce(case when c.status = 'submitted' then c.amount_claimed else c.amount_paid end, 0)
                           as share,
                       coalesce(c.adjudicated_at, i.issued_on + time '12:00') + floor({r2} * {r2} * 90) * interval '1 day'
                           as paid_at
                  from billing.invoice i
                  join seed_patient sp on sp.patient_id = i.patient_id
                  left join billing.claim c on c.invoice_id = i.invoice_id
                 where {r1} < 0.82) as x
         where x.share > 0.01 and x.paid_at <= now()) as p;
analyze seed_payment;
with written_off as (
    insert into billing.adjustment (invoice_id, amount, reason, adjusted_at)
    select w.invoice_id, w.amount, 'bad debt write-off', w.issued_on + 180 + time '09:00'
      from (select i.invoice_id, i.issued_on, i.total_amount - coalesce(p.paid, 0) as balance,
                   i.total_amount - coalesce(p.paid, 0)
                   - coalesce(case when c.status = 'submitted' then c.amount_claimed end, 0) as amount
              from billing.invoice i
              join seed_patient sp on sp.patient_id = i.patient_id
              left join (select invoice_id, sum(amount) as paid from seed_payment group by invoice_id) as p
                     on p.invoice_id = i.invoice_id
              left join billing.claim c on c.invoice_id = i.invoice_id
             where i.issued_on + 180 < current_date and {r5} < 0.3) as w
     where w.balance > 0 and w.amount > 0
     order by w.invoice_id
    returning 1
)
insert into billing.payment (invoice_id, payer_id, claim_id, amount, payment_method, payment_reference, paid_at)
select invoice_id, payer_id, claim_id, amount, payment_method, payment_reference, paid_at
  from seed_payment
 where (select count(*) from written_off) >= 0
 order by kind, k;
analyze billing.payment;
analyze billing.adjustment;
alter table billing.invoice reset (fillfactor);
""".format(r1=rnd(90, "i.invoice_id"), r2=rnd(91, "i.invoice_id"), r3=rnd(92, "x.invoice_id"),
           r4=rnd(93, "x.invoice_id"), r5=rnd(94, "i.invoice_id"))),
    ("medications and prescriptions", "clinic.prescription", """
insert into pharmacy.stock_location (location_code, location_name, location_type)
values ('MAIN', 'Main pharmacy', 'pharmacy') on conflict (location_code) do nothing;
insert into pharmacy.medication (generic_name, dosage_form, strength, strength_unit, dispensing_unit, atc_code)
select u.g, u.f, u.s, u.u, u.du, (select a.atc_code from ref.atc_class a where a.atc_code = u.atc)
  from unnest(%(med_names)s::text[], %(med_forms)s::text[], %(med_strengths)s::numeric[], %(med_units)s::text[],
              %(med_dunits)s::text[], %(med_atc)s::text[]) with ordinality as u (g, f, s, u, du, atc, i)
 order by u.i
on conflict do nothing;
create temp table seed_medication on commit drop as
select (u.i - 1)::int as i, m.medication_id, u.cost, u.du
  from unnest(%(med_names)s::text[], %(med_forms)s::text[], %(med_strengths)s::numeric[], %(med_units)s::text[],
              %(med_costs)s::numeric[], %(med_dunits)s::text[]) with ordinality as u (g, f, s, un, cost, du, i)
  join pharmacy.medication m on m.generic_name = u.g and m.dosage_form = u.f and m.strength = u.s
                            and m.strength_unit = u.un;
create temp table seed_rx on commit drop as
select e.encounter_id, e.doctor_id, m.medication_id, m.du,
       case when m.du in ('inhaler', 'tube', 'pen') then 1 + floor({r3} * 2)::int
            else (1 + floor({r3} * 6)::int) * 10 end as quantity,
       e.admitted_at + interval '10 minutes' as prescribed_at,
       date_trunc('month', e.admitted_at at time zone 'UTC')::date as month
  from clinic.encounter e
  join seed_patient sp on sp.patient_id = e.patient_id
  join seed_medication m on m.i = floor({r2} * (select count(*) from seed_medication))::int
 where {r1} < 0.3;
create temp table seed_lot on commit drop as
select r.medication_id, r.month, ceil(sum(r.quantity) * (0.8 + {r4} * 0.5))::numeric as quantity,
       (r.month + (3 + floor({r5} * 16))::int * interval '1 month')::date as expiry_date
  from seed_rx r
 group by r.medication_id, r.month;
alter table seed_rx add column dispensed boolean;
update seed_rx r set dispensed = c.cum <= l.quantity
  from (select encounter_id, medication_id, month,
               sum(quantity) over (partition by medication_id, month order by prescribed_at, encounter_id) as cum
          from seed_rx) as c
  join seed_lot l on l.medication_id = c.medication_id and l.month = c.month
 where r.encounter_id = c.encounter_id;
insert into clinic.prescription (encounter_id, medication_id, prescriber_id, dose, frequency, duration_days, quantity,
                                 status, prescribed_at)
select r.encounter_id, r.medication_id, r.doctor_id,
       case when r.du in ('inhaler') then '2 puffs' when r.du in ('tube') then 'thin layer'
            when r.du = 'pen' then '10 units' else '1 ' || r.du end,
       case when {r6} < 0.4 then 'once daily' when {r6} < 0.75 then 'twice daily' when {r6} < 0.9 then 'three times daily'
            else 'as needed' end,
       (5 + floor({r7} * 26))::int, r.quantity,
       case when r.dispensed then 'dispensed' else 'active' end,
       r.prescribed_at
  from seed_rx r
 order by r.encounter_id;
analyze clinic.prescription;
""".format(r1=rnd(100, "e.encounter_id"), r2=rnd(101, "e.encounter_id"), r3=rnd(102, "e.encounter_id"),
           r4=rnd(103, "r.medication_id * 100000 + extract(epoch from r.month)::bigint / 86400"),
           r5=rnd(104, "r.medication_id * 100000 + extract(epoch from r.month)::bigint / 86400"),
           r6=rnd(105, "r.encounter_id"), r7=rnd(106, "r.encounter_id"))),
    ("stock receipts, dispensing, expiries", "pharmacy.stock_movement", """
insert into pharmacy.lot (medication_id, stock_location_id, lot_number, expiry_date, unit_cost, received_at)
select l.medication_id, loc.stock_location_id, 'S' || %(seed)s || '-' || to_char(l.month, 'YYYYMM') || '-' || l.medication_id,
       l.expiry_date, m.cost, l.month + time '07:00'
  from seed_lot l
  join seed_medication m on m.medication_id = l.medication_id
  cross join (select stock_location_id from pharmacy.stock_location where location_code = 'MAIN') as loc
 order by l.month, l.medication_id;
create temp table seed_lot_id on commit drop as
select l.lot_id, s.medication_id, s.month, s.quantity, s.expiry_date
  from seed_lot s
  join pharmacy.lot l on l.lot_number = 'S' || %(seed)s || '-' || to_char(s.month, 'YYYYMM') || '-' || s.medication_id
                     and l.medication_id = s.medication_id;
insert into pharmacy.stock_movement (lot_id, movement_type, quantity, occurred_at, reason)
select lot_id, 'receipt', quantity, month + time '07:00', 'monthly delivery'
  from seed_lot_id order by month, medication_id;
insert into pharmacy.dispensing (medication_id, stock_location_id, prescription_id, requested_quantity,
                                 dispensed_quantity, dispensed_at)
select p.medication_id, loc.stock_location_id, p.prescription_id, p.quantity, p.quantity,
       p.prescribed_at + interval '30 minutes'
  from clinic.prescription p
  join seed_rx r on r.encounter_id = p.encounter_id and r.medication_id = p.medication_id
  cross join (select stock_location_id from pharmacy.stock_location where location_code = 'MAIN') as loc
 where r.dispensed
 order by p.prescription_id;
analyze pharmacy.dispensing;
insert into pharmacy.stock_movement (lot_id, movement_type, quantity, occurred_at, dispensing_id, prescription_id)
select l.lot_id, 'dispense', -d.dispensed_quantity, d.dispensed_at, d.dispensing_id, d.prescription_id
  from pharmacy.dispensing d
  join clinic.prescription p on p.prescription_id = d.prescription_id
  join seed_rx r on r.encounter_id = p.encounter_id and r.medication_id = d.medication_id
  join seed_lot_id l on l.medication_id = r.medication_id and l.month = r.month
 order by d.dispensing_id;
insert into pharmacy.stock_movement (lot_id, movement_type, quantity, occurred_at, reason)
select l.lot_id, 'expiry_write_off', -l.on_hand, s.expiry_date + 1 + time '08:00', 'expired on the shelf'
  from pharmacy.lot l
  join seed_lot_id s on s.lot_id = l.lot_id
 where l.on_hand > 0 and l.expiry_date < current_date
 order by l.lot_id;
"""),
]


def _reference_params() -> dict[str, object]:
    return {
        "payer_names": [p[0] for p in PAYERS],
        "payer_types": [p[1] for p in PAYERS],
        "payer_cover": [p[2] for p in PAYERS],
        "dept_names": [d[0] for d in DEPARTMENTS],
        "dept_specialties": [d[1] for d in DEPARTMENTS],
        "dept_fees": [d[2] for d in DEPARTMENTS],
        "dept_shares": [d[3] for d in DEPARTMENTS],
        "treat_codes": [t[0] for t in TREATMENTS],
        "treat_names": [t[1] for t in TREATMENTS],
        "treat_prices": [t[2] for t in TREATMENTS],
        "med_names": [m[0] for m in MEDICATIONS],
        "med_forms": [m[1] for m in MEDICATIONS],
        "med_strengths": [m[2] for m in MEDICATIONS],
        "med_units": [m[3] for m in MEDICATIONS],
        "med_dunits": [m[4] for m in MEDICATIONS],
        "med_atc": [m[5] for m in MEDICATIONS],
        "med_costs": [m[6] for m in MEDICATIONS],
    }


COUNTED = [
    "clinic.staff", "clinic.patient", "clinic.appointment", "clinic.encounter", "clinic.diagnosis",
    "clinic.treatment_given", "clinic.prescription", "billing.invoice", "billing.invoice_line", "billing.claim",
    "billing.payment", "billing.adjustment", "pharmacy.lot", "pharmacy.dispensing", "pharmacy.stock_movement",
]


FOREIGN_KEYS = """
select c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
  from pg_constraint c
 where c.contype = 'f' and c.conrelid = any(%s::regclass[])
 order by 1, 2
"""

# Exclusion constraints re-added at the end rather than checked per row: the GiST index of
# (patient_id, during) is then a sorted build and the re-add checks every row with one index search
# (20,000 patients: ~4 s against ~8 s inserting row by row with the constraint in place). Not the doctor's
# constraint: its re-add searched slower than the row-by-row inserts (17 s against ~10 s; docs/data.md, Speed).
SUSPENDED_EXCLUSIONS = [("clinic.appointment", "appointment_patient_no_overlap")]

EXCLUSIONS = """
select c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
  from pg_constraint c
  join unnest(%s::text[], %s::text[]) as s (table_name, constraint_name)
    on c.conrelid = s.table_name::regclass and c.conname = s.constraint_name
 where c.contype = 'x'
 order by 1, 2
"""

# Plain indexes (neither unique nor behind a constraint: they enforce nothing; expression indexes are left
# alone, as ANALYZE would have to see them to keep their statistics) of the generated tables and of
# audit.log. Maintained row by row they cost a random btree insertion per row and index (audit.log's
# patient index: ~9 us per audit row at 20,000 patients, 8 million rows at 100,000); built at the end they are
# one sort each. A partitioned index (audit.log) is dropped with its partitions' indexes and created again
# on the parent, which creates them on every partition again (the same generated names).
SECONDARY_INDEXES = """
select i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid), c.relkind = 'p'
  from pg_index i
  join pg_class c on c.oid = i.indrelid
 where i.indrelid = any(%s::regclass[])
   and not i.indisunique
   and i.indexprs is null
   and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)
 order by 1
"""

INDEXED_TABLES = [*COUNTED, "audit.log"]


def _suspend_foreign_keys(conn: psycopg.Connection) -> list[tuple[str, str, str]]:
    """Drop the foreign keys of the generated tables inside the seed's transaction; returns their definitions.

    Checked per row, the ~25 foreign keys cost ~25 million single-row lookups for 100,000 patients (every one an
    SPI query); `_restore_constraints` adds the same constraints back before the transaction commits, and adding a
    foreign key validates EVERY row with one anti-join: the rule is checked as strictly, set-based. A violation
    fails the ALTER and rolls the whole seed back. Only for the seed: it runs on an empty clinic, in one
    transaction that holds the tables' locks until commit."""
    keys = [(str(t), str(n), str(d)) for t, n, d in conn.execute(FOREIGN_KEYS, (COUNTED,)).fetchall()]
    _drop_constraints(conn, keys)
    return keys


def _suspend_exclusions(conn: psycopg.Connection) -> list[tuple[str, str, str]]:
    """Drop SUSPENDED_EXCLUSIONS in the seed's transaction; `_restore_constraints` adds them back (every row
    checked: a double booking fails the ALTER with 23P01 and rolls the seed back)."""
    tables = [t for t, _ in SUSPENDED_EXCLUSIONS]
    names = [n for _, n in SUSPENDED_EXCLUSIONS]
    constraints = [(str(t), str(n), str(d)) for t, n, d in conn.execute(EXCLUSIONS, (tables, names)).fetchall()]
    _drop_constraints(conn, constraints)
    return constraints


def _drop_constraints(conn: psycopg.Connection, constraints: list[tuple[str, str, str]]) -> None:
    from psycopg import sql

    for table, name, _definition in constraints:
        conn.execute(sql.SQL("alter table {} drop constraint {}").format(
            sql.Identifier(*table.split(".")), sql.Identifier(name)))


def _restore_constraints(conn: psycopg.Connection, constraints: list[tuple[str, str, str]]) -> None:
    """Add the constraints back exactly as the catalog defined them (validating every row)."""
    from psycopg import sql

    for table, name, definition in constraints:
        # the definition is pg_get_constraintdef() output from the catalog, not user input
        conn.execute(sql.SQL("alter table {} add constraint {} {}").format(
            sql.Identifier(*table.split(".")), sql.Identifier(name), sql.SQL(definition)))  # type: ignore[arg-type]


def _suspend_secondary_indexes(conn: psycopg.Connection) -> list[str]:
    """Drop the plain indexes of INDEXED_TABLES in the seed's transaction; returns their CREATE INDEX statements
    (for a partitioned table's index without ONLY, so the partitions get theirs again).

    DROP INDEX locks the table (audit.log and its partitions among them) until the seed commits: other sessions'
    audited writes wait for it, as they already wait for the tables whose foreign keys the seed drops."""
    from psycopg import sql

    statements = []
    for name, definition, partitioned in conn.execute(SECONDARY_INDEXES, (INDEXED_TABLES,)).fetchall():
        if partitioned:
            definition = definition.replace(" ON ONLY ", " ON ", 1)
        statements.append(str(definition))
        conn.execute(sql.SQL("drop index {}").format(sql.Identifier(*str(name).split("."))))
    return statements


def _restore_secondary_indexes(conn: psycopg.Connection, statements: list[str]) -> None:
    from psycopg import sql

    # maintenance_work_mem: each build sorts its index in memory (the audit trail's patient index at 100,000
    # patients has ~8 million entries)
    conn.execute("set local maintenance_work_mem = '512MB'")
    for statement in statements:
        # pg_get_indexdef() output from the catalog, not user input
        conn.execute(sql.SQL(statement))  # type: ignore[arg-type]


def _count(conn: psycopg.Connection, table: str) -> int:
    from psycopg import sql

    schema, name = table.split(".")
    row = conn.execute(sql.SQL("select count(*) from {}.{}").format(sql.Identifier(schema), sql.Identifier(name)))
    return int(row.fetchone()[0])  # type: ignore[index]


def run(conn: psycopg.Connection, plan: SeedPlan, out: Callable[[str], None] = print) -> dict[str, float]:
    """Generate the data in ONE transaction; returns seconds per step (and "foreign keys", "total").

    Refuses a clinic that has patients or appointments."""
    if plan.patients < 1 or plan.months < 1:
        raise DbtoolError("seed: --patients and --months must be at least 1")
    if plan.months > 120:
        raise DbtoolError("seed: at most 120 months")
    timings: dict[str, float] = {}
    with conn.transaction():
        busy = conn.execute("select exists (select 1 from clinic.appointment) or exists (select 1 from clinic.patient)")
        if busy.fetchone()[0]:  # type: ignore[index]
            raise DbtoolError("seed: the database already has patients or appointments; seed fills an empty clinic")
        conn.execute("set local timezone = 'UTC'")
        # hashes and sorts over a million rows (the set-based steps, the statement-level triggers' joins) stay
        # in memory instead of spilling; the server default is 16MB per operation
        conn.execute("set local work_mem = '256MB'")
        params = {**_params(plan), **_reference_params()}
        out(f"seed {plan.seed}: {plan.patients:,} patients, {plan.doctors:,} doctors, "
            f"{plan.start:%Y-%m} to {plan.end:%Y-%m} (exclusive), {plan.months} months")
        total_started = time.perf_counter()
        foreign_keys = _suspend_foreign_keys(conn)
        exclusions = _suspend_exclusions(conn)
        indexes = _suspend_secondary_indexes(conn)
        for index, (label, table, statement) in enumerate(STEPS, start=1):
            started = time.perf_counter()
            for part in statement.split(";\n"):
                if part.strip():
                    conn.execute(part, params)  # type: ignore[arg-type]
            elapsed = time.perf_counter() - started
            timings[label] = elapsed
            rows = _count(conn, table)
            out(f"  {index:2}/{len(STEPS)} {label:<38} {table:<26} {rows:>10,} rows  {elapsed:6.1f} s")
        started = time.perf_counter()
        _restore_secondary_indexes(conn, indexes)
        timings["indexes"] = time.perf_counter() - started
        out(f"  indexes: {len(indexes)} built in {timings['indexes']:.1f} s")
        started = time.perf_counter()
        _restore_constraints(conn, exclusions)
        timings["exclusion constraints"] = time.perf_counter() - started
        out(f"  exclusion constraints: {len(exclusions)} added back, every row checked, "
            f"in {timings['exclusion constraints']:.1f} s")
        started = time.perf_counter()
        _restore_constraints(conn, foreign_keys)
        timings["foreign keys"] = time.perf_counter() - started
        out(f"  foreign keys: {len(foreign_keys)} constraints validated set-based in {timings['foreign keys']:.1f} s")
        timings["total"] = time.perf_counter() - total_started
        out(f"  done in {timings['total']:.1f} s")
    return timings


def table_counts(conn: psycopg.Connection) -> dict[str, int]:
    return {table: _count(conn, table) for table in COUNTED}
