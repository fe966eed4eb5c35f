-- requires: warehouse/dw.date_key.sql
-- requires: warehouse/dw.day_key.sql
-- requires: warehouse/dw.stage_encounter_dependants.sql
create or replace procedure dw.follow_moved_encounters()
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
-- Runs in a refresh after the diagnosis, treatment and billing loads. An
-- encounter that moved to another department or doctor and kept its patient
-- (pg_temp.encounter_cascade, not patient_changed) changes nothing else its
-- dependants read, so their fact rows take the new values in place instead of
-- being staged from the OLTP tables and compared: the diagnoses its
-- department_key and doctor_durable_key, the treatments and invoice lines its
-- department_key. One UPDATE per fact, each row found by its key and its own
-- date (the partition). Rows this run already reloaded for their own change
-- (in pg_temp.ids_<fact>) carry the new values and are left out (in the
-- bench's worst case every moved encounter's diagnoses changed too: ~0.03 s
-- of no-op updates). The old and new row versions go to pg_temp.delta_<fact>
-- like a load's (-1 / +1), for the aggregates. 1 % of 1M encounters moved to
-- another department: 0.74-0.85 s against 0.95-0.97 s reloading the
-- dependants (docs/warehouse.md, Performance).
declare
    found_rows bigint;
    updated bigint;
    previous_hashjoin text;
    previous_mergejoin text;
begin
    -- the moved encounters are the cascade's rows that kept their patient (analyzed by
    -- dw.stage_encounter_dependants)
    if to_regclass('pg_temp.encounter_cascade') is null
        or not exists (select from pg_temp.encounter_cascade as c where not c.patient_changed) then
        return;
    end if;

    -- the rows to move, with the date that names their partition (treatments and invoice lines only when the
    -- department changed: a new doctor is nothing to them). The sorted id array of the moved encounters walks the
    -- encounter index once, as in dw.stage_encounter_dependants; the join brings each row its encounter's new
    -- values.
    create temp table diagnosis_move on commit drop as
    select g.diagnosis_id, dw.date_key(g.diagnosed_at) as date_key, m.department_key, m.doctor_durable_key
    from clinic.diagnosis as g
    inner join pg_temp.encounter_cascade as m on m.id = g.encounter_id
    where
        g.encounter_id = any (
            array(select e.id from pg_temp.encounter_cascade as e where not e.patient_changed order by 1)
        )
        and not exists (select from pg_temp.ids_fact_diagnosis as r where r.id = g.diagnosis_id);
    analyze pg_temp.diagnosis_move;
    create temp table treatment_move on commit drop as
    select tg.treatment_given_id, dw.date_key(tg.given_at) as date_key, m.department_key
    from clinic.treatment_given as tg
    inner join pg_temp.encounter_cascade as m on m.id = tg.encounter_id
    where
        tg.encounter_id = any (
            array(
                select e.id from pg_temp.encounter_cascade as e
                where not e.patient_changed and e.department_changed order by 1
            )
        )
        and not exists (select from pg_temp.ids_fact_treatment as r where r.id = tg.treatment_given_id);
    analyze pg_temp.treatment_move;
    create temp table invoice_line_move on commit drop as
    select l.invoice_line_id, dw.day_key(i.issued_on) as date_key, m.department_key
    from billing.invoice as i
    inner join pg_temp.encounter_cascade as m on m.id = i.encounter_id
    inner join billing.invoice_line as l on l.invoice_id = i.invoice_id
    where
        i.encounter_id = any (
            array(
                select e.id from pg_temp.encounter_cascade as e
                where not e.patient_changed and e.department_changed order by 1
            )
        )
        and not exists (select from pg_temp.ids_fact_billing as r where r.id = i.invoice_id);
    analyze pg_temp.invoice_line_move;
{% for fact, moving, key, columns in [
    ('fact_diagnosis', 'diagnosis_move', 'diagnosis_id', ['department_key', 'doctor_durable_key']),
    ('fact_treatment', 'treatment_move', 'treatment_given_id', ['department_key']),
    ('fact_billing', 'invoice_line_move', 'invoice_line_id', ['department_key']),
] %}
    -- the load creates its delta only when it had rows in scope
    if to_regclass('pg_temp.delta_{{ fact }}') is null then
        create temp table delta_{{ fact }} on commit drop as
        select 0 as sign, f.* from dw.{{ fact }} as f limit 0;
    end if;
    -- as in the fact loads: few rows probe their own partition by key in a nested loop (decided per fact: in
    -- the bench's worst case no diagnosis is left to move while ~10,000 invoice lines are)
    select count(*) into found_rows from pg_temp.{{ moving }};
    {{ steer_to_nested_loop('found_rows', fact) }}
    with moved as (
        update dw.{{ fact }} as f
        set {% for c in columns %}{{ c }} = m.{{ c }}{{ ', ' if not loop.last }}{% endfor %}
        from pg_temp.{{ moving }} as m
        where
            f.{{ key }} = m.{{ key }} and f.date_key = m.date_key
            and ({% for c in columns %}f.{{ c }}{{ ', ' if not loop.last }}{% endfor %})
            is distinct from ({% for c in columns %}m.{{ c }}{{ ', ' if not loop.last }}{% endfor %})
        returning old as old_row, new as new_row
    ),
    deltas as (
        insert into pg_temp.delta_{{ fact }}
        select -1, (v.old_row).* from moved as v
        union all
        select 1, (v.new_row).* from moved as v
        returning 1
    )
    select count(*) / 2 into updated from deltas;
    {{ restore_join_methods() }}
    insert into pg_temp.etl_stats values ('dw.{{ fact }}', 0, updated, 0, 0);
{% endfor %}
end;
$$;

comment on procedure dw.follow_moved_encounters () is
'ETL step (refresh): sets the new department and doctor of the encounters that moved and kept their patient on '
'their diagnosis facts, and the new department on their treatment and invoice-line facts';
