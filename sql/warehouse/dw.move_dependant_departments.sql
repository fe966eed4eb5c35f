-- requires: warehouse/dw.date_key.sql
-- requires: warehouse/dw.day_key.sql
-- requires: warehouse/dw.stage_encounter_dependants.sql
create or replace procedure dw.move_dependant_departments()
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
-- Runs in a refresh after the treatment and billing loads: the treatments and
-- invoice lines of an encounter that moved to another department and kept its
-- patient (pg_temp.encounter_cascade.new_department_key) read nothing else of
-- the encounter that changed, so their fact rows get the new department_key
-- in place: one UPDATE per fact, each row found by its key and its own date
-- (the partition), instead of being staged from the OLTP tables and compared
-- (1 % of 1M encounters moved, 10,646 invoice lines and 2,476 treatments:
-- ~0.20 s against ~0.30 s; docs/warehouse.md, Performance). Rows this run
-- already reloaded carry the new department and are not touched. The old and
-- new row versions go to pg_temp.delta_<fact> like a load's (-1 / +1), for
-- the aggregates.
declare
    found_rows bigint;
    updated bigint;
    previous_hashjoin text := current_setting('enable_hashjoin');
    previous_mergejoin text := current_setting('enable_mergejoin');
begin
    if to_regclass('pg_temp.encounter_cascade') is null then
        return;
    end if;
    create temp table department_move (encounter_id bigint primary key, department_key bigint not null)
    on commit drop;
    insert into pg_temp.department_move
    select c.id, c.new_department_key from pg_temp.encounter_cascade as c
    where not c.patient_changed and c.new_department_key is not null;
    if not found then
        return;
    end if;
    analyze pg_temp.department_move;

    -- the rows to move, with the date that names their partition
    create temp table treatment_move on commit drop as
    select tg.treatment_given_id, dw.date_key(tg.given_at) as date_key, m.department_key
    from clinic.treatment_given as tg
    inner join pg_temp.department_move as m on m.encounter_id = tg.encounter_id
    where tg.encounter_id = any (array(select d.encounter_id from pg_temp.department_move as d order by 1));
    analyze pg_temp.treatment_move;
    create temp table invoice_line_move on commit drop as
    select l.invoice_line_id, dw.day_key(i.issued_on) as date_key, m.department_key
    from billing.invoice as i
    inner join pg_temp.department_move as m on m.encounter_id = i.encounter_id
    inner join billing.invoice_line as l on l.invoice_id = i.invoice_id
    where i.encounter_id = any (array(select d.encounter_id from pg_temp.department_move as d order by 1));
    analyze pg_temp.invoice_line_move;
    -- the loads create their delta only when they had rows in scope
    if to_regclass('pg_temp.delta_fact_treatment') is null then
        create temp table delta_fact_treatment on commit drop as
        select 0 as sign, f.* from dw.fact_treatment as f limit 0;
    end if;
    if to_regclass('pg_temp.delta_fact_billing') is null then
        create temp table delta_fact_billing on commit drop as
        select 0 as sign, f.* from dw.fact_billing as f limit 0;
    end if;

    -- as in the fact loads (fact_load_body): a few rows probe their own partition by key in a nested loop,
    -- which the planner prices as if it probed every partition; steered off hash and merge joins while the
    -- rows to move are few against the fact (decided on the invoice lines, the larger of the two; the
    -- treatments are about as many against their fact)
    select count(*) into found_rows from pg_temp.invoice_line_move;
    if found_rows * 20 < (
        select sum(c.reltuples) from pg_catalog.pg_inherits as i
        inner join pg_catalog.pg_class as c on c.oid = i.inhrelid
        where i.inhparent = 'dw.fact_billing'::regclass
    ) then
        perform set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true);
    end if;

    with moved as (
        update dw.fact_treatment as f set department_key = m.department_key
        from pg_temp.treatment_move as m
        where
            f.treatment_given_id = m.treatment_given_id and f.date_key = m.date_key
            and f.department_key <> m.department_key
        returning old as old_row, new as new_row
    ),
    deltas as (
        insert into pg_temp.delta_fact_treatment
        select -1, (v.old_row).* from moved as v
        union all
        select 1, (v.new_row).* from moved as v
        returning 1
    )
    select count(*) / 2 into updated from deltas;
    insert into pg_temp.etl_stats values ('dw.fact_treatment', 0, updated, 0, 0);

    with moved as (
        update dw.fact_billing as f set department_key = m.department_key
        from pg_temp.invoice_line_move as m
        where
            f.invoice_line_id = m.invoice_line_id and f.date_key = m.date_key
            and f.department_key <> m.department_key
        returning old as old_row, new as new_row
    ),
    deltas as (
        insert into pg_temp.delta_fact_billing
        select -1, (v.old_row).* from moved as v
        union all
        select 1, (v.new_row).* from moved as v
        returning 1
    )
    select count(*) / 2 into updated from deltas;
    insert into pg_temp.etl_stats values ('dw.fact_billing', 0, updated, 0, 0);
    perform set_config('enable_hashjoin', previous_hashjoin, true), set_config('enable_mergejoin', previous_mergejoin, true);
end;
$$;

comment on procedure dw.move_dependant_departments () is
'ETL step (refresh): sets the new department on the treatment and invoice-line facts of the encounters that moved '
'to another department and kept their patient';
