-- requires: warehouse/dw.month_of_key.sql
create or replace procedure dw.load_first_visits(full_load boolean)
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
-- Keeps dw.patient_first_visit (month of each patient's first encounter) for
-- the patients whose encounters changed in this run, from agg_patient_visits
-- (their visit months; dw.load_aggregates has applied this run's deltas to it).
declare
    inserted bigint;
    updated bigint;
    deleted bigint;
begin
    if full_load then
        insert into dw.patient_first_visit (patient_durable_key, first_month)
        select v.patient_durable_key, min(v.month_start) from dw.agg_patient_visits as v group by 1;
        get diagnostics inserted = row_count;
        insert into pg_temp.etl_stats values ('dw.patient_first_visit', inserted, 0, 0, 0);
        return;
    end if;
    if to_regclass('pg_temp.delta_fact_encounter') is null then
        return;
    end if;
    -- the patients with a month whose visit count changed (an encounter updated in place is -1 and +1 in the
    -- same month): their first month is recomputed, and written only where it differs
    create temp table touched_patient on commit drop as
    select distinct d.patient_durable_key
    from pg_temp.delta_fact_encounter as d
    group by d.patient_durable_key, dw.month_of_key(d.date_key)
    having sum(d.sign) <> 0;
    with first_visit as (
        select t.patient_durable_key, min(v.month_start) as first_month
        from pg_temp.touched_patient as t
        left join dw.agg_patient_visits as v on v.patient_durable_key = t.patient_durable_key
        group by 1
    ),
    merged as (
        merge into dw.patient_first_visit as f
        using first_visit as s on f.patient_durable_key = s.patient_durable_key
        when matched and s.first_month is null then delete
        when matched and f.first_month <> s.first_month then update set first_month = s.first_month
        when not matched and s.first_month is not null then
            insert (patient_durable_key, first_month) values (s.patient_durable_key, s.first_month)
        returning merge_action() as action
    )
    select count(*) filter (where m.action = 'INSERT'), count(*) filter (where m.action = 'UPDATE'),
        count(*) filter (where m.action = 'DELETE')
    into inserted, updated, deleted
    from merged as m;
    insert into pg_temp.etl_stats values ('dw.patient_first_visit', inserted, updated, deleted, 0);
end;
$$;

comment on procedure dw.load_first_visits (boolean) is
'ETL step: month of the first encounter of each patient touched by this run (new versus returning patients)';
