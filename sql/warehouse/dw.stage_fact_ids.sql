create or replace procedure dw.stage_fact_ids()
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
-- For each fact, the scope keys to reload this run (pg_temp.ids_<fact>): the
-- changed source rows and every row of a patient or doctor that got a new type
-- 2 version (re-keying). The rows that depend on a changed encounter or reach
-- a re-keyed patient through one (diagnoses, treatments, invoices,
-- dispensings) are added by dw.stage_encounter_dependants once the encounter
-- fact is loaded. Each set is analyzed so the loads plan index lookups for a
-- few keys and never scan the OLTP table.
begin
{%- for fact, source, alias, key in [
        ('fact_appointment', 'clinic.appointment', 'a', 'appointment_id'),
        ('fact_encounter', 'clinic.encounter', 'e', 'encounter_id'),
    ] %}
    create temp table ids_{{ fact }} (id bigint primary key) on commit drop;
    insert into pg_temp.ids_{{ fact }}
    select c.id from pg_temp.changed as c where c.source_table = '{{ source }}'
    on conflict do nothing;
    if exists (select from pg_temp.rekey_patient) then
        insert into pg_temp.ids_{{ fact }}
        select {{ alias }}.{{ key }} from {{ source }} as {{ alias }}
        where {{ alias }}.patient_id in (select r.patient_id from pg_temp.rekey_patient as r)
        on conflict do nothing;
    end if;
    if exists (select from pg_temp.rekey_doctor) then
        insert into pg_temp.ids_{{ fact }}
        select {{ alias }}.{{ key }} from {{ source }} as {{ alias }}
        where {{ alias }}.doctor_id in (select r.staff_id from pg_temp.rekey_doctor as r)
        on conflict do nothing;
    end if;
    analyze pg_temp.ids_{{ fact }};
{% endfor %}
    create temp table ids_fact_diagnosis (id bigint primary key) on commit drop;
    insert into pg_temp.ids_fact_diagnosis
    select c.id from pg_temp.changed as c where c.source_table = 'clinic.diagnosis';
    analyze pg_temp.ids_fact_diagnosis;

    create temp table ids_fact_treatment (id bigint primary key) on commit drop;
    insert into pg_temp.ids_fact_treatment
    select c.id from pg_temp.changed as c where c.source_table = 'clinic.treatment_given';
    if exists (select from pg_temp.rekey_doctor) then
        insert into pg_temp.ids_fact_treatment
        select tg.treatment_given_id from clinic.treatment_given as tg
        where tg.doctor_id in (select r.staff_id from pg_temp.rekey_doctor as r)
        on conflict do nothing;
    end if;
    analyze pg_temp.ids_fact_treatment;

    -- billing is reloaded per invoice (a line's paid share depends on its siblings). Only an invoice whose own
    -- rows changed (logged as billing.invoice or billing.invoice_line: a deleted line is logged with its invoice)
    -- may have lost lines; one reached through its encounter (dw.stage_encounter_dependants) has the lines it had
    create temp table ids_fact_billing (id bigint primary key, may_lose_rows boolean not null) on commit drop;
    insert into pg_temp.ids_fact_billing
    select distinct c.id, true from pg_temp.changed as c
    where c.source_table in ('billing.invoice', 'billing.invoice_line');
    analyze pg_temp.ids_fact_billing;

    create temp table ids_fact_dispense (id bigint primary key) on commit drop;
    insert into pg_temp.ids_fact_dispense
    select c.id from pg_temp.changed as c where c.source_table = 'pharmacy.dispensing';
    analyze pg_temp.ids_fact_dispense;
end;
$$;

comment on procedure dw.stage_fact_ids () is
'ETL step: lists, per fact, the source keys a refresh must reload (changed rows, re-keyed rows; an encounter''s '
'dependants are added later by dw.stage_encounter_dependants)';
