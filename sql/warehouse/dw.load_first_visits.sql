create or replace procedure dw.load_first_visits(full_load boolean)
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
-- Keeps dw.patient_first_visit (month of each patient's first encounter) for
-- the patients whose encounters changed in this run, from agg_visit_patient.
declare
    inserted bigint;
    deleted bigint;
begin
    if full_load then
        insert into dw.patient_first_visit (patient_durable_key, first_month)
        select v.patient_durable_key, min(v.month_start) from dw.agg_visit_patient as v group by 1;
        get diagnostics inserted = row_count;
        insert into pg_temp.etl_stats values ('dw.patient_first_visit', inserted, 0, 0, 0);
        return;
    end if;
    if to_regclass('pg_temp.delta_fact_encounter') is null then
        return;
    end if;
    create temp table touched_patient on commit drop as
    select distinct d.patient_durable_key from pg_temp.delta_fact_encounter as d;
    delete from dw.patient_first_visit as f
    where f.patient_durable_key in (select t.patient_durable_key from pg_temp.touched_patient as t);
    get diagnostics deleted = row_count;
    insert into dw.patient_first_visit (patient_durable_key, first_month)
    select v.patient_durable_key, min(v.month_start) from dw.agg_visit_patient as v
    where v.patient_durable_key in (select t.patient_durable_key from pg_temp.touched_patient as t)
    group by 1;
    get diagnostics inserted = row_count;
    insert into pg_temp.etl_stats values ('dw.patient_first_visit', inserted, 0, deleted, 0);
end;
$$;

comment on procedure dw.load_first_visits (boolean) is
'ETL step: month of the first encounter of each patient touched by this run (new versus returning patients)';
