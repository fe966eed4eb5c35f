-- requires: warehouse/dw.stage_fact_ids.sql
create or replace procedure dw.stage_encounter_dependants()
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
-- Runs after dw.load_fact_encounter in a refresh: adds to the scope of the
-- diagnosis, treatment and billing facts the rows of the encounters whose
-- encounter fact row changed (inserted, updated or deleted: the MERGE's
-- pg_temp.delta_fact_encounter) and of the encounters of re-keyed patients and
-- doctors. Those facts read only the encounter's patient, doctor and
-- department, all in the encounter fact: an encounter whose fact row did not
-- change (a new chief complaint) cannot change them, and its dependants are
-- not reloaded (1 % refresh at 1M encounters: ~10,000 invoices' lines and
-- ~3,000 treatments less to stage and compare).
begin
    create temp table encounter_cascade (id bigint primary key) on commit drop;
    if to_regclass('pg_temp.delta_fact_encounter') is not null then
        insert into pg_temp.encounter_cascade
        select distinct d.encounter_id from pg_temp.delta_fact_encounter as d;
    end if;
    if exists (select from pg_temp.rekey_patient) then
        insert into pg_temp.encounter_cascade
        select e.encounter_id from clinic.encounter as e
        where e.patient_id in (select r.patient_id from pg_temp.rekey_patient as r)
        on conflict do nothing;
    end if;
    if exists (select from pg_temp.rekey_doctor) then
        insert into pg_temp.encounter_cascade
        select e.encounter_id from clinic.encounter as e
        where e.doctor_id in (select r.staff_id from pg_temp.rekey_doctor as r)
        on conflict do nothing;
    end if;
    if not exists (select from pg_temp.encounter_cascade) then
        return;
    end if;
    analyze pg_temp.encounter_cascade;

    insert into pg_temp.ids_fact_diagnosis
    select g.diagnosis_id from clinic.diagnosis as g
    where g.encounter_id in (select c.id from pg_temp.encounter_cascade as c)
    on conflict do nothing;
    analyze pg_temp.ids_fact_diagnosis;

    insert into pg_temp.ids_fact_treatment
    select tg.treatment_given_id from clinic.treatment_given as tg
    where tg.encounter_id in (select c.id from pg_temp.encounter_cascade as c)
    on conflict do nothing;
    analyze pg_temp.ids_fact_treatment;

    insert into pg_temp.ids_fact_billing
    select i.invoice_id, false from billing.invoice as i
    where i.encounter_id in (select c.id from pg_temp.encounter_cascade as c)
    on conflict do nothing;
    analyze pg_temp.ids_fact_billing;
end;
$$;

comment on procedure dw.stage_encounter_dependants () is
'ETL step (refresh): adds the diagnoses, treatments and invoices of the encounters whose encounter fact row changed '
'(or whose patient or doctor was re-keyed) to the scope of their facts';
