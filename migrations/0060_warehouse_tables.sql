-- The warehouse (issue 5): a snowflake schema in dw, its ETL bookkeeping and
-- the monthly aggregate tables the reporting KPI views read. The refresh
-- procedures and KPI views are repeatable templates under sql/warehouse/.
-- Facts carry the patient's durable key (the Citus distribution key) and have
-- no foreign keys to each other nor unique constraints without that key.

-- ETL bookkeeping -------------------------------------------------------------

create table dw.change_log (
    change_id bigint generated always as identity primary key,
    source_table text not null,
    source_id bigint not null,
    logged_at timestamptz not null default now()
);
comment on table dw.change_log is
'change capture queue: one row per OLTP row inserted, updated or deleted since the last refresh, written by '
'statement-level triggers; dw.refresh() consumes (deletes) the rows its snapshot can see, so a row committed '
'late by a long transaction is simply picked up by the next run (no watermark gap)';
comment on column dw.change_log.source_table is 'schema-qualified OLTP table the change happened in';
comment on column dw.change_log.source_id is
'key of the changed row (its primary key; clinic.working_day logs staff_id, pharmacy.stock_movement logs lot_id)';

create table dw.etl_source (
    source_table text primary key,
    last_change_id bigint not null default 0,
    changes_consumed bigint not null default 0,
    last_consumed_at timestamptz
);
comment on table dw.etl_source is
'watermark per OLTP source: the highest change_log id consumed and when (informational: consumption is by '
'delete, so ids committed out of order are never skipped)';
comment on column dw.etl_source.last_change_id is 'highest dw.change_log.change_id consumed from this source';
comment on column dw.etl_source.changes_consumed is 'change rows consumed from this source, all runs together';

create table dw.etl_run (
    etl_run_id bigint generated always as identity primary key,
    run_kind text not null,
    started_at timestamptz not null,
    finished_at timestamptz,
    run_status text not null,
    table_rows jsonb not null default '{}',
    error_message text,
    error_sqlstate text,
    constraint etl_run_kind_check check (run_kind in ('refresh', 'rebuild')),
    constraint etl_run_status_check check (run_status in ('succeeded', 'failed'))
);
comment on table dw.etl_run is
'one row per warehouse run (dw.refresh / dw.rebuild), written in the run''s own transaction: a run killed '
'half-way leaves no row and no change; a run that failed with an error leaves a failed row and no change';
comment on column dw.etl_run.table_rows is
'per warehouse table: {"inserted": n, "updated": n, "deleted": n, "closed": n} (closed: SCD2 versions ended)';
comment on column dw.etl_run.error_message is 'the error of a failed run (the warehouse was left unchanged)';

create table dw.etl_state (
    etl_state_id boolean primary key default true,
    stock_snapshot_through date,
    last_rebuild_at timestamptz,
    constraint etl_state_single_row check (etl_state_id)
);
comment on table dw.etl_state is 'single row: ETL state that belongs to no source';
comment on column dw.etl_state.stock_snapshot_through is
'last day fact_medication_stock_daily holds rows for (a refresh on a later day rolls the snapshot forward)';
comment on column dw.etl_state.last_rebuild_at is 'when dw.rebuild() last loaded the warehouse (null: never)';
insert into dw.etl_state default values;

-- Dimensions ------------------------------------------------------------------

create table dw.dim_date (
    date_key integer primary key,
    calendar_date date not null unique,
    day_of_month smallint not null,
    iso_week smallint not null,
    month_no smallint not null,
    quarter_no smallint not null,
    year_no smallint not null,
    iso_weekday smallint not null,
    weekday_name text not null,
    month_start date not null
);
comment on table dw.dim_date is 'calendar dimension, one row per day 1990-01-01 .. 2060-12-31 (UTC days)';
comment on column dw.dim_date.date_key is 'yyyymmdd as an integer; every fact''s date_key (and partition key)';
comment on column dw.dim_date.iso_weekday is '1 = Monday .. 7 = Sunday';
insert into dw.dim_date
select
    to_char(d, 'YYYYMMDD')::integer as date_key,
    d::date as calendar_date,
    extract(day from d)::smallint as day_of_month,
    extract(week from d)::smallint as iso_week,
    extract(month from d)::smallint as month_no,
    extract(quarter from d)::smallint as quarter_no,
    extract(year from d)::smallint as year_no,
    extract(isodow from d)::smallint as iso_weekday,
    trim(to_char(d, 'Day')) as weekday_name,
    date_trunc('month', d)::date as month_start
from generate_series(date '1990-01-01', date '2060-12-31', interval '1 day') as d;

create table dw.dim_patient (
    patient_key bigint generated always as identity primary key,
    patient_id bigint not null,
    patient_durable_key bigint not null,
    sex text not null,
    birth_year smallint,
    age_band text not null,
    region text not null,
    payer_type text not null,
    valid_from timestamptz not null,
    valid_to timestamptz not null default 'infinity',
    is_current boolean not null default true,
    constraint dim_patient_version_key unique (patient_id, valid_from),
    constraint dim_patient_valid_check check (valid_from < valid_to)
);
create unique index dim_patient_current_idx on dw.dim_patient (patient_id) where is_current;
comment on table dw.dim_patient is
'de-identified patient, slowly changing type 2: a new version when sex, birth year, region or payer type '
'changes; no names, contact data, exact dates, ZIP beyond 3 characters or free text (Safe Harbor)';
comment on column dw.dim_patient.patient_id is
'OLTP key for the ETL lookups only: NOT granted to analysts (column-level grant)';
comment on column dw.dim_patient.patient_durable_key is
'the same for every version of one patient (count distinct patients with it; Citus distribution key)';
comment on column dw.dim_patient.birth_year is 'year of birth; null when the patient was 90 or older (Safe Harbor)';
comment on column dw.dim_patient.age_band is
'age band when this version began: 0-17, 18-34, 35-49, 50-64, 65-79, 80-89, 90+';
comment on column dw.dim_patient.region is 'country and the first 3 characters of the postal code, e.g. US-021';
comment on column dw.dim_patient.valid_from is
'start of this version (the OLTP change time; -infinity for the first version)';
comment on column dw.dim_patient.valid_to is 'end of this version (infinity while current)';

create table dw.dim_department (
    department_key bigint primary key,
    department_name text not null,
    time_zone text not null,
    is_active boolean not null
);
comment on table dw.dim_department is 'department (type 1); department_key is the OLTP department id';

create table dw.dim_specialty (
    specialty_key bigint generated always as identity primary key,
    specialty_name text not null unique
);
comment on table dw.dim_specialty is 'medical specialty of doctors (type 1); "none" for staff without one';

create table dw.dim_doctor (
    doctor_key bigint generated always as identity primary key,
    doctor_durable_key bigint not null,
    department_key bigint not null references dw.dim_department (department_key),
    specialty_key bigint not null references dw.dim_specialty (specialty_key),
    staff_role text not null,
    is_active boolean not null,
    valid_from timestamptz not null,
    valid_to timestamptz not null default 'infinity',
    is_current boolean not null default true,
    constraint dim_doctor_version_key unique (doctor_durable_key, valid_from),
    constraint dim_doctor_valid_check check (valid_from < valid_to)
);
create unique index dim_doctor_current_idx on dw.dim_doctor (doctor_durable_key) where is_current;
comment on table dw.dim_doctor is
'clinician (any staff member who sees patients), slowly changing type 2: a new version when department, '
'specialty or role changes; snowflaked to dim_department and dim_specialty';
comment on column dw.dim_doctor.doctor_durable_key is 'the OLTP staff id, the same for every version';

create table dw.doctor_working_hours (
    doctor_durable_key bigint not null,
    iso_weekday smallint not null,
    available_minutes integer not null,
    primary key (doctor_durable_key, iso_weekday)
);
comment on table dw.doctor_working_hours is
'weekly working hours per doctor and weekday (type 1, the current schedule): the denominator of utilisation';
comment on column dw.doctor_working_hours.available_minutes is 'minutes of working time on that weekday';

create table dw.dim_diagnosis_chapter (
    chapter_no smallint primary key,
    code_range text not null,
    chapter_title text not null
);
comment on table dw.dim_diagnosis_chapter is 'ICD-10 chapter (22)';

create table dw.dim_diagnosis_block (
    block_code text primary key,
    chapter_no smallint not null references dw.dim_diagnosis_chapter (chapter_no),
    block_title text not null
);
comment on table dw.dim_diagnosis_block is 'ICD-10 block (range of categories), snowflaked to its chapter';

create table dw.dim_diagnosis (
    icd10_code text primary key,
    code_description text not null,
    category_code text not null,
    block_code text not null references dw.dim_diagnosis_block (block_code),
    is_billable boolean not null
);
comment on table dw.dim_diagnosis is 'ICD-10-CM code (every code of ref.icd10_code), snowflaked to its block';

create table dw.dim_treatment_category (
    treatment_category_code text primary key
);
comment on table dw.dim_treatment_category is
'treatment category: the letter prefix of the treatment code (e.g. LAB, IMG, PROC), OTHER when there is none';

create table dw.dim_treatment (
    treatment_key bigint primary key,
    treatment_code text not null,
    treatment_name text not null,
    default_price numeric(12, 2) not null,
    treatment_category_code text not null references dw.dim_treatment_category (treatment_category_code),
    is_active boolean not null
);
comment on table dw.dim_treatment is 'treatment catalogue entry (type 1); treatment_key is the OLTP treatment id';

create table dw.dim_medication_class (
    atc_code text primary key,
    atc_level smallint not null,
    class_name text not null,
    parent_code text references dw.dim_medication_class (atc_code),
    anatomical_group text not null
);
comment on table dw.dim_medication_class is 'ATC class, levels 1 to 5, each pointing to its parent level';
comment on column dw.dim_medication_class.anatomical_group is 'ATC level 1 code (A .. V) of this class';

create table dw.dim_medication (
    medication_key bigint primary key,
    generic_name text not null,
    dosage_form text not null,
    strength numeric(12, 3),
    strength_unit text,
    atc_code text references dw.dim_medication_class (atc_code),
    is_active boolean not null
);
comment on table dw.dim_medication is 'medication (type 1); medication_key is the OLTP medication id';

create table dw.dim_stock_location (
    stock_location_key bigint primary key,
    location_code text not null,
    location_name text not null,
    location_type text not null
);
comment on table dw.dim_stock_location is 'pharmacy or ward stock point (type 1); key is the OLTP id';

-- Facts (partitioned by month of date_key; partitions are created by the ETL) --

create table dw.fact_appointment (
    appointment_id bigint not null,
    date_key integer not null,
    patient_durable_key bigint not null,
    patient_key bigint not null,
    doctor_key bigint not null,
    doctor_durable_key bigint not null,
    department_key bigint not null,
    appointment_status text not null,
    lead_time_days numeric(10, 2) not null,
    is_no_show boolean not null,
    booked_minutes numeric(10, 1) not null,
    primary key (appointment_id, date_key, patient_durable_key)
) partition by range (date_key);
comment on table dw.fact_appointment is
'grain: one row per appointment (every status), dated by its start (UTC day); accumulates status changes';
comment on column dw.fact_appointment.lead_time_days is 'days between booking and the appointment start';
comment on column dw.fact_appointment.booked_minutes is 'length of the booked slot in minutes';

create table dw.fact_encounter (
    encounter_id bigint not null,
    date_key integer not null,
    patient_durable_key bigint not null,
    patient_key bigint not null,
    doctor_key bigint not null,
    doctor_durable_key bigint not null,
    department_key bigint not null,
    encounter_status text not null,
    length_of_stay_hours numeric(10, 2),
    primary key (encounter_id, date_key, patient_durable_key)
) partition by range (date_key);
comment on table dw.fact_encounter is
'grain: one row per encounter (a doctor-patient interaction), dated by check-in (UTC day)';
comment on column dw.fact_encounter.length_of_stay_hours is 'hours from admission to discharge; null until discharged';

create table dw.fact_diagnosis (
    diagnosis_id bigint not null,
    date_key integer not null,
    patient_durable_key bigint not null,
    patient_key bigint not null,
    encounter_id bigint not null,
    department_key bigint not null,
    doctor_durable_key bigint not null,
    icd10_code text not null,
    block_code text not null,
    severity text not null,
    severity_rank smallint not null,
    is_primary boolean not null,
    primary key (diagnosis_id, date_key, patient_durable_key)
) partition by range (date_key);
comment on table dw.fact_diagnosis is
'grain: one row per diagnosis recorded in an encounter, dated by the diagnosis time (UTC day)';
comment on column dw.fact_diagnosis.severity_rank is '1 mild, 2 moderate, 3 severe, 4 critical';

create table dw.fact_treatment (
    treatment_given_id bigint not null,
    date_key integer not null,
    patient_durable_key bigint not null,
    patient_key bigint not null,
    encounter_id bigint not null,
    department_key bigint not null,
    doctor_key bigint not null,
    doctor_durable_key bigint not null,
    treatment_key bigint not null,
    treatment_category_code text not null,
    outcome text not null,
    price numeric(12, 2) not null,
    primary key (treatment_given_id, date_key, patient_durable_key)
) partition by range (date_key);
comment on table dw.fact_treatment is 'grain: one row per treatment given in an encounter, dated when given (UTC day)';

create table dw.fact_billing (
    invoice_line_id bigint not null,
    date_key integer not null,
    patient_durable_key bigint not null,
    patient_key bigint not null,
    invoice_id bigint not null,
    encounter_id bigint not null,
    department_key bigint not null,
    payer_type text not null,
    line_kind text not null,
    billed_amount numeric(12, 2) not null,
    paid_amount numeric(12, 2) not null,
    adjusted_amount numeric(12, 2) not null,
    outstanding_amount numeric(12, 2) not null,
    primary key (invoice_line_id, date_key, patient_durable_key)
) partition by range (date_key);
comment on table dw.fact_billing is
'grain: one row per invoice line, dated by the invoice issue day; the invoice''s paid and adjusted amounts are '
'allocated to its lines in proportion to their amounts (cumulative rounding, so lines add up to the invoice)';
comment on column dw.fact_billing.outstanding_amount is 'billed - paid - adjusted for this line';

create table dw.fact_dispense (
    dispensing_id bigint not null,
    date_key integer not null,
    patient_durable_key bigint not null,
    patient_key bigint,
    medication_key bigint not null,
    stock_location_key bigint not null,
    requested_quantity numeric(12, 3) not null,
    dispensed_quantity numeric(12, 3) not null,
    is_partial boolean not null,
    primary key (dispensing_id, date_key, patient_durable_key)
) partition by range (date_key);
comment on table dw.fact_dispense is
'grain: one row per dispensing event, dated by the dispensing day (UTC); patient_durable_key 0 when the '
'dispensing is not tied to a prescription';

create table dw.fact_medication_stock_daily (
    date_key integer not null,
    medication_key bigint not null,
    stock_location_key bigint not null,
    on_hand numeric(14, 3) not null,
    is_stock_out boolean not null,
    primary key (date_key, medication_key, stock_location_key)
) partition by range (date_key);
comment on table dw.fact_medication_stock_daily is
'periodic snapshot, grain: one row per medication, stock location and day (UTC) from the first stock movement '
'of that pair to today: the quantity on hand at the end of the day, rebuilt from the stock ledger';
comment on column dw.fact_medication_stock_daily.is_stock_out is 'nothing on hand at the end of the day';

-- Monthly aggregates, maintained by delta during refresh (KPI views read them) --

create table dw.agg_visit_patient (
    month_start date not null,
    department_key bigint not null,
    patient_durable_key bigint not null,
    visits bigint not null,
    primary key (month_start, department_key, patient_durable_key)
);
create index agg_visit_patient_patient_idx on dw.agg_visit_patient (patient_durable_key, month_start);
comment on table dw.agg_visit_patient is 'encounters per month, department and patient (from fact_encounter)';

create table dw.agg_visit_doctor (
    month_start date not null,
    department_key bigint not null,
    doctor_durable_key bigint not null,
    visits bigint not null,
    primary key (month_start, department_key, doctor_durable_key)
);
comment on table dw.agg_visit_doctor is 'encounters per month, department and doctor (from fact_encounter)';

create table dw.patient_first_visit (
    patient_durable_key bigint primary key,
    first_month date not null
);
comment on table dw.patient_first_visit is
'month of each patient''s first encounter (new versus returning patients), kept from agg_visit_patient';

create table dw.agg_appointment (
    month_start date not null,
    department_key bigint not null,
    doctor_durable_key bigint not null,
    appointment_status text not null,
    appointments bigint not null,
    booked_minutes numeric(16, 1) not null,
    lead_time_days numeric(16, 2) not null,
    primary key (month_start, department_key, doctor_durable_key, appointment_status)
);
comment on table dw.agg_appointment is
'appointments, booked minutes and summed lead time per month, department, doctor and status';

create table dw.agg_diagnosis_severity (
    month_start date not null,
    department_key bigint not null,
    severity text not null,
    diagnoses bigint not null,
    primary key (month_start, department_key, severity)
);
comment on table dw.agg_diagnosis_severity is 'diagnoses per month, department and severity';

create table dw.agg_diagnosis_patient (
    month_start date not null,
    block_code text not null,
    patient_durable_key bigint not null,
    diagnoses bigint not null,
    primary key (month_start, block_code, patient_durable_key)
);
comment on table dw.agg_diagnosis_patient is
'diagnoses per month, ICD-10 block and patient (distinct patients per block and chapter: prevalence)';

create table dw.agg_treatment (
    month_start date not null,
    department_key bigint not null,
    treatment_category_code text not null,
    outcome text not null,
    treatments bigint not null,
    revenue numeric(16, 2) not null,
    primary key (month_start, department_key, treatment_category_code, outcome)
);
comment on table dw.agg_treatment is 'treatments and their price per month, department, category and outcome';

create table dw.agg_billing (
    month_start date not null,
    department_key bigint not null,
    invoice_lines bigint not null,
    billed_amount numeric(16, 2) not null,
    paid_amount numeric(16, 2) not null,
    adjusted_amount numeric(16, 2) not null,
    outstanding_amount numeric(16, 2) not null,
    primary key (month_start, department_key)
);
comment on table dw.agg_billing is
'invoice lines per month of issue and department: billed, paid, adjusted, outstanding';

create table dw.agg_stock (
    month_start date not null,
    medication_key bigint not null,
    stock_location_key bigint not null,
    snapshot_days bigint not null,
    stock_out_days bigint not null,
    primary key (month_start, medication_key, stock_location_key)
);
comment on table dw.agg_stock is 'days in the snapshot and days out of stock per month, medication and location';

-- analysts read every dimension, fact and aggregate; never the OLTP patient id nor the ETL queue
grant select on
dw.dim_date, dw.dim_department, dw.dim_specialty, dw.dim_doctor, dw.doctor_working_hours,
dw.dim_diagnosis_chapter, dw.dim_diagnosis_block, dw.dim_diagnosis, dw.dim_treatment_category,
dw.dim_treatment, dw.dim_medication_class, dw.dim_medication, dw.dim_stock_location,
dw.fact_appointment, dw.fact_encounter, dw.fact_diagnosis, dw.fact_treatment, dw.fact_billing,
dw.fact_dispense, dw.fact_medication_stock_daily, dw.agg_visit_patient, dw.agg_visit_doctor,
dw.patient_first_visit, dw.agg_appointment, dw.agg_diagnosis_severity, dw.agg_diagnosis_patient,
dw.agg_treatment, dw.agg_billing, dw.agg_stock, dw.etl_run
to hc_analyst;
grant select (
    patient_key, patient_durable_key, sex, birth_year, age_band, region, payer_type, valid_from, valid_to, is_current
) on dw.dim_patient to hc_analyst;

create sequence dw.patient_durable_key_seq;
comment on sequence dw.patient_durable_key_seq is
'durable keys of dim_patient (one per patient, shared by its versions)';
alter table dw.dim_patient alter column patient_durable_key set default nextval('dw.patient_durable_key_seq');
