-- requires: warehouse/dw.month_of_key.sql
create or replace procedure dw.load_prevalence(full_load boolean)
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
-- Keeps dw.agg_prevalence_block and dw.agg_prevalence_chapter (distinct
-- patients diagnosed per month and ICD-10 block / chapter) for
-- reporting.kpi_disease_prevalence. Runs after dw.load_aggregates: it reads the
-- updated dw.agg_diagnosis_patient.
--
-- A refresh re-counts only the (month, patient) pairs this run's diagnosis
-- deltas touched (pg_temp.delta_fact_diagnosis, -1 old row, +1 new row): their
-- blocks now (agg_diagnosis_patient, by its key prefix month, patient) and
-- before the run (now minus the delta). A patient counts once in a block or
-- chapter that has any of its diagnoses that month, so each pair adds +1 where
-- it is present only after, -1 where only before.
declare
    inserted bigint;
    updated bigint;
    deleted bigint;
begin
    if full_load then
        truncate dw.agg_prevalence_block, dw.agg_prevalence_chapter;
        insert into dw.agg_prevalence_block (month_start, block_code, patients)
        select a.month_start, a.block_code, count(*)
        from dw.agg_diagnosis_patient as a
        group by a.month_start, a.block_code;
        get diagnostics inserted = row_count;
        insert into pg_temp.etl_stats values ('dw.agg_prevalence_block', inserted, 0, 0, 0);

        insert into dw.agg_prevalence_chapter (month_start, chapter_no, patients)
        select p.month_start, p.chapter_no, count(*)
        from (
            select distinct a.month_start, b.chapter_no, a.patient_durable_key
            from dw.agg_diagnosis_patient as a
            inner join dw.dim_diagnosis_block as b on b.block_code = a.block_code
        ) as p
        group by p.month_start, p.chapter_no;
        get diagnostics inserted = row_count;
        insert into pg_temp.etl_stats values ('dw.agg_prevalence_chapter', inserted, 0, 0, 0);
        return;
    end if;

    if to_regclass('pg_temp.delta_fact_diagnosis') is null then
        return;
    end if;

    create temp table prevalence_change on commit drop as
    with delta as (
        select dw.month_of_key(d.date_key) as month_start, d.patient_durable_key, d.block_code,
            sum(d.sign) as diagnoses
        from pg_temp.delta_fact_diagnosis as d
        group by 1, 2, 3
        having sum(d.sign) <> 0
    ),
    touched as (
        select distinct d.month_start, d.patient_durable_key from delta as d
    ),
    now_rows as (
        select a.month_start, a.patient_durable_key, a.block_code, a.diagnoses
        from touched as t
        inner join dw.agg_diagnosis_patient as a
            on a.month_start = t.month_start and a.patient_durable_key = t.patient_durable_key
    ),
    presence as (
        select
            coalesce(n.month_start, d.month_start) as month_start,
            coalesce(n.patient_durable_key, d.patient_durable_key) as patient_durable_key,
            coalesce(n.block_code, d.block_code) as block_code,
            coalesce(n.diagnoses, 0) > 0 as is_after,
            coalesce(n.diagnoses, 0) - coalesce(d.diagnoses, 0) > 0 as is_before
        from now_rows as n
        full join delta as d
            on
                d.month_start = n.month_start
                and d.patient_durable_key = n.patient_durable_key
                and d.block_code = n.block_code
    )
    select p.month_start, p.patient_durable_key, p.block_code, b.chapter_no, p.is_after, p.is_before
    from presence as p
    inner join dw.dim_diagnosis_block as b on b.block_code = p.block_code;

    with net as (
        select c.month_start, c.block_code, sum(c.is_after::integer - c.is_before::integer) as patients
        from pg_temp.prevalence_change as c
        group by 1, 2
        having sum(c.is_after::integer - c.is_before::integer) <> 0
    ),
    upserted as (
        insert into dw.agg_prevalence_block as a (month_start, block_code, patients)
        select * from net
        on conflict (month_start, block_code) do update set patients = a.patients + excluded.patients
        returning (xmax = 0) as was_inserted
    )
    select count(*) filter (where was_inserted), count(*) filter (where not was_inserted)
    into inserted, updated from upserted;
    delete from dw.agg_prevalence_block where patients = 0;
    get diagnostics deleted = row_count;
    insert into pg_temp.etl_stats values ('dw.agg_prevalence_block', inserted, updated - deleted, deleted, 0);

    with patient_chapter as (
        select c.month_start, c.chapter_no, c.patient_durable_key,
            bool_or(c.is_after) as is_after, bool_or(c.is_before) as is_before
        from pg_temp.prevalence_change as c
        group by 1, 2, 3
    ),
    net as (
        select p.month_start, p.chapter_no, sum(p.is_after::integer - p.is_before::integer) as patients
        from patient_chapter as p
        group by 1, 2
        having sum(p.is_after::integer - p.is_before::integer) <> 0
    ),
    upserted as (
        insert into dw.agg_prevalence_chapter as a (month_start, chapter_no, patients)
        select * from net
        on conflict (month_start, chapter_no) do update set patients = a.patients + excluded.patients
        returning (xmax = 0) as was_inserted
    )
    select count(*) filter (where was_inserted), count(*) filter (where not was_inserted)
    into inserted, updated from upserted;
    delete from dw.agg_prevalence_chapter where patients = 0;
    get diagnostics deleted = row_count;
    insert into pg_temp.etl_stats values ('dw.agg_prevalence_chapter', inserted, updated - deleted, deleted, 0);
end;
$$;

comment on procedure dw.load_prevalence (boolean) is
'ETL step: keeps dw.agg_prevalence_block and dw.agg_prevalence_chapter (distinct patients diagnosed per month, '
'ICD-10 block and chapter) from this run''s diagnosis deltas, or rebuilds them when full_load; part of '
'dw.refresh() / dw.rebuild(), after dw.load_aggregates';
