-- The clinical core: payers, departments, staff and their working days,
-- patients, appointments, encounters, diagnoses, treatments, prescriptions.
-- The rules that must always hold are constraints here; procedures under
-- sql/procedures/ add the checks that need other rows and friendly errors.
create table billing.payer (
    payer_id bigint generated always as identity primary key,
    payer_name text not null unique,
    payer_type text not null,
    coverage_percent numeric(5, 2) not null default 0,
    is_active boolean not null default true,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint payer_name_check check (btrim(payer_name) <> ''),
    constraint payer_type_check check (payer_type in ('insurer', 'government', 'self-pay')),
    constraint payer_coverage_percent_check check (coverage_percent between 0 and 100),
    constraint payer_self_pay_coverage_check check (payer_type <> 'self-pay' or coverage_percent = 0)
);
comment on table billing.payer is 'who pays for care: insurers, government programmes, and the patient (self-pay)';
comment on column billing.payer.coverage_percent is
'share of an invoice the payer is claimed for by default (0 for self-pay)';

insert into billing.payer (payer_name, payer_type) values ('Self-pay', 'self-pay');

create table clinic.department (
    department_id bigint generated always as identity primary key,
    department_name text not null unique,
    time_zone text not null default 'UTC',
    is_active boolean not null default true,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint department_name_check check (btrim(department_name) <> ''),
    -- an unknown zone makes the expression raise 22023, so a typo never lands
    constraint department_time_zone_check check ((timestamptz '2000-01-01 00:00+00' at time zone time_zone) is not null)
);
comment on table clinic.department is 'a clinical department (cardiology, paediatrics ...)';
comment on column clinic.department.time_zone is
'IANA time zone the department''s working hours are written in; appointment instants are compared in it';

create table clinic.staff (
    staff_id bigint generated always as identity primary key,
    department_id bigint not null references clinic.department (department_id),
    first_name text not null,
    last_name text not null,
    staff_role text not null,
    specialty text,
    consultation_fee numeric(12, 2),
    email text unique,
    phone text,
    is_active boolean not null default true,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint staff_name_check check (btrim(first_name) <> '' and btrim(last_name) <> ''),
    constraint staff_role_check check (
        staff_role in ('doctor', 'nurse', 'pharmacist', 'technician', 'administrator')
    ),
    constraint staff_doctor_check check (
        staff_role <> 'doctor' or (specialty is not null and consultation_fee is not null)
    ),
    constraint staff_consultation_fee_check check (consultation_fee >= 0)
);
comment on table clinic.staff is 'everyone who works in the clinic; doctors are staff with staff_role = doctor';
comment on column clinic.staff.consultation_fee is 'billed when a doctor completes an encounter (doctors only)';

create table clinic.working_day (
    working_day_id bigint generated always as identity primary key,
    staff_id bigint not null references clinic.staff (staff_id) on delete cascade,
    iso_weekday smallint not null,
    start_time time not null,
    end_time time not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint working_day_weekday_check check (iso_weekday between 1 and 7),
    constraint working_day_hours_check check (start_time < end_time),
    constraint working_day_staff_weekday_key unique (staff_id, iso_weekday)
);
comment on table clinic.working_day is
'a staff member''s working hours on one ISO weekday (1 = Monday), local time of their department';
comment on column clinic.working_day.end_time is 'end of the working day; 24:00 means until midnight';

create sequence clinic.patient_mrn_seq;
comment on sequence clinic.patient_mrn_seq is 'numbers medical record numbers (MRN00000001 ...)';

create table clinic.patient (
    patient_id bigint generated always as identity primary key,
    mrn text not null unique default ('MRN' || lpad(nextval('clinic.patient_mrn_seq')::text, 8, '0')),
    first_name text not null,
    last_name text not null,
    date_of_birth date not null,
    sex text not null,
    phone text,
    email text,
    address_line text,
    city text,
    postal_code text,
    country text,
    payer_id bigint not null references billing.payer (payer_id),
    policy_number text,
    emergency_contact_name text,
    emergency_contact_phone text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint patient_mrn_check check (btrim(mrn) <> ''),
    constraint patient_name_check check (btrim(first_name) <> '' and btrim(last_name) <> ''),
    constraint patient_date_of_birth_check check (date_of_birth <= current_date and date_of_birth >= date '1880-01-01'),
    constraint patient_sex_check check (sex in ('female', 'male', 'other', 'unknown')),
    constraint patient_email_check check (email is null or email ~ '^[^@\s]+@[^@\s]+$')
);
comment on table clinic.patient is 'a person registered for care';
comment on column clinic.patient.mrn is 'medical record number, unique in the clinic; generated when not given';
comment on column clinic.patient.payer_id is
'who pays for this patient''s care by default (the Self-pay payer if nobody)';
comment on column clinic.patient.policy_number is 'the patient''s policy or member number with the payer';

create table clinic.appointment (
    appointment_id bigint generated always as identity primary key,
    patient_id bigint not null references clinic.patient (patient_id),
    doctor_id bigint not null references clinic.staff (staff_id),
    department_id bigint not null references clinic.department (department_id),
    during tstzrange not null,
    starts_at timestamptz not null generated always as (lower(during)) stored,
    ends_at timestamptz not null generated always as (upper(during)) stored,
    status text not null default 'scheduled' references ref.appointment_status (status),
    reason text,
    cancellation_reason text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint appointment_during_check check (
        not isempty(during) and not lower_inf(during) and not upper_inf(during)
        and lower_inc(during) and not upper_inc(during)
    ),
    -- no double booking, by construction: the statuses listed are the ones
    -- flagged is_active in ref.appointment_status
    constraint appointment_doctor_no_overlap exclude using gist (doctor_id with =, during with &&)
    where (status in ('scheduled', 'checked in', 'in progress', 'completed')),
    constraint appointment_patient_no_overlap exclude using gist (patient_id with =, during with &&)
    where (status in ('scheduled', 'checked in', 'in progress', 'completed'))
);
comment on table clinic.appointment is 'a booked consultation: a patient, a doctor, a time range';
comment on column clinic.appointment.during is 'the booked time range, [start, end)';
comment on column clinic.appointment.starts_at is 'lower(during), kept as a column for btree indexes and BI tools';
comment on column clinic.appointment.ends_at is 'upper(during)';

create table clinic.encounter (
    encounter_id bigint generated always as identity primary key,
    appointment_id bigint not null unique references clinic.appointment (appointment_id),
    patient_id bigint not null references clinic.patient (patient_id),
    doctor_id bigint not null references clinic.staff (staff_id),
    department_id bigint not null references clinic.department (department_id),
    status text not null default 'checked in',
    checked_in_at timestamptz not null default now(),
    admitted_at timestamptz,
    discharged_at timestamptz,
    chief_complaint text,
    notes text,
    temperature_c numeric(4, 1),
    heart_rate smallint,
    systolic_bp smallint,
    diastolic_bp smallint,
    respiratory_rate smallint,
    oxygen_saturation smallint,
    weight_kg numeric(5, 1),
    height_cm numeric(4, 1),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint encounter_status_check check (status in ('checked in', 'in progress', 'completed')),
    constraint encounter_admitted_check check ((status = 'checked in') = (admitted_at is null)),
    constraint encounter_discharged_check check ((status = 'completed') = (discharged_at is not null)),
    constraint encounter_discharge_after_admission_check check (discharged_at >= admitted_at),
    constraint encounter_temperature_check check (temperature_c between 25 and 45),
    constraint encounter_heart_rate_check check (heart_rate between 20 and 300),
    constraint encounter_blood_pressure_check check (
        systolic_bp between 40 and 300 and diastolic_bp between 20 and 200 and diastolic_bp < systolic_bp
    ),
    constraint encounter_respiratory_rate_check check (respiratory_rate between 4 and 80),
    constraint encounter_oxygen_saturation_check check (oxygen_saturation between 40 and 100),
    constraint encounter_weight_check check (weight_kg > 0 and weight_kg < 700),
    constraint encounter_height_check check (height_cm > 0 and height_cm < 300)
);
comment on table clinic.encounter is
'one visit (the medical record of an appointment): from check-in through consultation to discharge';
comment on column clinic.encounter.status is 'checked in, in progress or completed; the appointment follows it';
comment on column clinic.encounter.admitted_at is 'when the consultation started';
comment on column clinic.encounter.discharged_at is 'when the consultation was completed';
comment on column clinic.encounter.temperature_c is 'body temperature, degrees Celsius';
comment on column clinic.encounter.oxygen_saturation is 'SpO2, percent';

create table clinic.diagnosis (
    diagnosis_id bigint generated always as identity primary key,
    encounter_id bigint not null references clinic.encounter (encounter_id),
    icd10_code text not null references ref.icd10_code (code),
    severity text not null references ref.severity (severity),
    is_primary boolean not null default false,
    onset_date date,
    resolved_date date,
    diagnosed_at timestamptz not null default now(),
    notes text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint diagnosis_onset_check check (onset_date <= current_date),
    constraint diagnosis_resolved_check check (resolved_date >= onset_date),
    constraint diagnosis_encounter_code_key unique (encounter_id, icd10_code)
);
comment on table clinic.diagnosis is 'a diagnosis made during an encounter, coded in ICD-10-CM (billable codes only)';
comment on column clinic.diagnosis.is_primary is 'the main reason for the visit; at most one per encounter';
comment on column clinic.diagnosis.resolved_date is 'null while the condition is active';

create unique index diagnosis_one_primary_per_encounter on clinic.diagnosis (encounter_id) where is_primary;

create table clinic.treatment (
    treatment_id bigint generated always as identity primary key,
    treatment_code text not null unique,
    treatment_name text not null,
    default_price numeric(12, 2) not null,
    is_active boolean not null default true,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint treatment_code_check check (btrim(treatment_code) <> ''),
    constraint treatment_name_check check (btrim(treatment_name) <> ''),
    constraint treatment_default_price_check check (default_price >= 0)
);
comment on table clinic.treatment is 'catalog of treatments and procedures the clinic performs, with their list price';

create table clinic.treatment_given (
    treatment_given_id bigint generated always as identity primary key,
    encounter_id bigint not null references clinic.encounter (encounter_id),
    treatment_id bigint not null references clinic.treatment (treatment_id),
    doctor_id bigint not null references clinic.staff (staff_id),
    outcome text not null references ref.treatment_outcome (outcome),
    price numeric(12, 2) not null,
    given_at timestamptz not null default now(),
    notes text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint treatment_given_price_check check (price >= 0)
);
comment on table clinic.treatment_given is 'a treatment performed during an encounter; each one adds an invoice line';
comment on column clinic.treatment_given.doctor_id is 'the treating doctor';
comment on column clinic.treatment_given.price is 'price charged, the catalog price unless overridden';

create table clinic.prescription (
    prescription_id bigint generated always as identity primary key,
    encounter_id bigint not null references clinic.encounter (encounter_id),
    medication_id bigint not null references pharmacy.medication (medication_id),
    prescriber_id bigint not null references clinic.staff (staff_id),
    dose text not null,
    frequency text not null,
    duration_days integer,
    quantity numeric(12, 3) not null,
    instructions text,
    status text not null default 'active',
    prescribed_at timestamptz not null default now(),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint prescription_dose_check check (btrim(dose) <> ''),
    constraint prescription_frequency_check check (btrim(frequency) <> ''),
    constraint prescription_duration_check check (duration_days > 0),
    constraint prescription_quantity_check check (quantity > 0),
    constraint prescription_status_check check (status in ('active', 'partially dispensed', 'dispensed', 'cancelled'))
);
comment on table clinic.prescription is 'a medication prescribed during an encounter; the pharmacy dispenses it';
comment on column clinic.prescription.quantity is 'total quantity to dispense, in the medication''s dispensing unit';
comment on column clinic.prescription.dose is 'dose per administration as written, e.g. 500 mg';
comment on column clinic.prescription.frequency is 'how often, as written, e.g. twice daily';
