-- requires: warehouse/dw.day_key.sql
-- requires: warehouse/dw.ensure_month_partitions.sql
-- requires: warehouse/dw.load_dimensions.sql
-- requires: warehouse/dw.drop_constraint.sql
create or replace procedure dw.load_stock_snapshot(full_load boolean)
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
-- The periodic snapshot dw.fact_medication_stock_daily: one row per medication,
-- location and UTC day, from the pair's first stock movement to today, with the
-- quantity on hand at the end of the day (the running sum of the ledger).
-- Full: computed from the whole ledger. Otherwise only what can have changed:
-- each pair with new ledger rows from the day of its earliest new row, and
-- every pair from the day after dw.etl_state.stock_snapshot_through (the days
-- that passed since the last run). A recomputation starts from the snapshot's
-- own on-hand of the day before, so it reads only the ledger rows of its days.
-- Old and new versions of changed rows go to pg_temp.delta_fact_medication_stock_daily
-- (-1 / +1) for dw.agg_stock.
declare
    today date := (now() at time zone 'UTC')::date;
    through date;
    first_day date;
    inserted bigint;
    updated bigint;
    restore_key text;
begin
    if full_load then
        -- truncated: loaded without its primary key, whose index is built once afterwards (dw.drop_constraint)
        restore_key := dw.drop_constraint('dw.fact_medication_stock_daily', 'fact_medication_stock_daily_pkey');
        select (min(m.occurred_at) at time zone 'UTC')::date into first_day from pharmacy.stock_movement as m;
        perform dw.ensure_month_partitions('dw.fact_medication_stock_daily', first_day, today);
        insert into dw.fact_medication_stock_daily (date_key, medication_key, stock_location_key, on_hand, is_stock_out)
        with daily as (
            select l.medication_id, l.stock_location_id, (m.occurred_at at time zone 'UTC')::date as day,
                sum(m.quantity) as quantity
            from pharmacy.stock_movement as m
            inner join pharmacy.lot as l on l.lot_id = m.lot_id
            where m.occurred_at < (today + 1)::timestamp at time zone 'UTC'
            group by 1, 2, 3
        ),
        pair as (
            select d.medication_id, d.stock_location_id, min(d.day) as first_day from daily as d group by 1, 2
        ),
        running as (
            select dw.day_key(g.day::date) as date_key, p.medication_id, p.stock_location_id,
                sum(coalesce(d.quantity, 0)) over (
                    partition by p.medication_id, p.stock_location_id order by g.day
                ) as on_hand
            from pair as p
            cross join lateral generate_series(p.first_day, today, interval '1 day') as g (day)
            left join daily as d
                on d.medication_id = p.medication_id and d.stock_location_id = p.stock_location_id and d.day = g.day
        )
        select r.date_key, r.medication_id, r.stock_location_id, r.on_hand, r.on_hand <= 0 from running as r;
        get diagnostics inserted = row_count;
        execute restore_key;
        update dw.etl_state set stock_snapshot_through = today;
        insert into pg_temp.etl_stats values ('dw.fact_medication_stock_daily', inserted, 0, 0, 0);
        return;
    end if;

    select s.stock_snapshot_through into through from dw.etl_state as s;
    if through is null then
        raise exception 'the stock snapshot has never been loaded'
        using errcode = 'ZW001', hint = 'Run CALL dw.rebuild() once; refreshes keep it up to date afterwards.';
    end if;

    if through >= today and not exists (
        select from pg_temp.changed as c where c.source_table = 'pharmacy.stock_movement'
    ) then
        return;  -- no new ledger rows and no new day: nothing to recompute
    end if;

    -- per pair, the first day to recompute
    create temp table stock_scope (
        medication_id bigint, stock_location_id bigint, from_day date, primary key (medication_id, stock_location_id)
    ) on commit drop;
    insert into pg_temp.stock_scope
    select l.medication_id, l.stock_location_id, min((m.occurred_at at time zone 'UTC')::date)
    from pharmacy.stock_movement as m
    inner join pharmacy.lot as l on l.lot_id = m.lot_id
    where m.stock_movement_id in (select c.id from pg_temp.changed as c where c.source_table = 'pharmacy.stock_movement')
    group by 1, 2;
    if through < today then
        -- days passed: every pair the snapshot holds, and any pair whose first movement fell on those days
        insert into pg_temp.stock_scope
        select f.medication_key, f.stock_location_key, through + 1
        from dw.fact_medication_stock_daily as f
        where f.date_key = dw.day_key(through)
        union
        select l.medication_id, l.stock_location_id, through + 1
        from pharmacy.lot as l
        where exists (
            select from pharmacy.stock_movement as m
            where m.lot_id = l.lot_id
              and m.occurred_at >= (through + 1)::timestamp at time zone 'UTC'
              and m.occurred_at < (today + 1)::timestamp at time zone 'UTC'
        )
        on conflict (medication_id, stock_location_id) do update set
            from_day = least(stock_scope.from_day, excluded.from_day);
    end if;
    delete from pg_temp.stock_scope as s where s.from_day > today;
    analyze pg_temp.stock_scope;

    create temp table stage_fact_medication_stock_daily on commit drop as
    with daily as (
        select s.medication_id, s.stock_location_id, (m.occurred_at at time zone 'UTC')::date as day,
            sum(m.quantity) as quantity
        from pg_temp.stock_scope as s
        inner join pharmacy.lot as l on l.medication_id = s.medication_id and l.stock_location_id = s.stock_location_id
        inner join pharmacy.stock_movement as m
            on m.lot_id = l.lot_id
            and m.occurred_at >= s.from_day::timestamp at time zone 'UTC'
            and m.occurred_at < (today + 1)::timestamp at time zone 'UTC'
        group by 1, 2, 3
    ),
    running as (
        select dw.day_key(g.day::date) as date_key, s.medication_id, s.stock_location_id,
            coalesce(base.on_hand, 0) + sum(coalesce(d.quantity, 0)) over (
                partition by s.medication_id, s.stock_location_id order by g.day
            ) as on_hand
        from pg_temp.stock_scope as s
        cross join lateral generate_series(s.from_day, today, interval '1 day') as g (day)
        left join dw.fact_medication_stock_daily as base
            on base.date_key = dw.day_key(s.from_day - 1)
            and base.medication_key = s.medication_id and base.stock_location_key = s.stock_location_id
        left join daily as d
            on d.medication_id = s.medication_id and d.stock_location_id = s.stock_location_id and d.day = g.day
    )
    select r.date_key, r.medication_id as medication_key, r.stock_location_id as stock_location_key,
        r.on_hand::numeric(14, 3) as on_hand, r.on_hand <= 0 as is_stock_out
    from running as r;
    analyze pg_temp.stage_fact_medication_stock_daily;

    select min(s.from_day) into first_day from pg_temp.stock_scope as s;
    perform dw.ensure_month_partitions('dw.fact_medication_stock_daily', first_day, today);

    create temp table delta_fact_medication_stock_daily on commit drop as
    select 0 as sign, f.* from dw.fact_medication_stock_daily as f limit 0;
    with merged as (
        merge into dw.fact_medication_stock_daily as f
        using pg_temp.stage_fact_medication_stock_daily as s
            on f.date_key = s.date_key and f.medication_key = s.medication_key
            and f.stock_location_key = s.stock_location_key
        when matched and (f.on_hand, f.is_stock_out) is distinct from (s.on_hand, s.is_stock_out) then
            update set on_hand = s.on_hand, is_stock_out = s.is_stock_out
        when not matched then
            insert (date_key, medication_key, stock_location_key, on_hand, is_stock_out)
            values (s.date_key, s.medication_key, s.stock_location_key, s.on_hand, s.is_stock_out)
        returning merge_action() as action, old as old_row, new as new_row
    ),
    deltas as (
        insert into pg_temp.delta_fact_medication_stock_daily
        select -1, (m.old_row).* from merged as m where m.action = 'UPDATE'
        union all
        select 1, (m.new_row).* from merged as m
        returning 1
    )
    select count(*) filter (where m.action = 'INSERT'), count(*) filter (where m.action = 'UPDATE')
    into inserted, updated
    from merged as m;
    update dw.etl_state set stock_snapshot_through = today where stock_snapshot_through < today;
    insert into pg_temp.etl_stats values ('dw.fact_medication_stock_daily', inserted, updated, 0, 0);
end;
$$;

comment on procedure dw.load_stock_snapshot (boolean) is
'ETL step: loads dw.fact_medication_stock_daily (on hand per medication, location and UTC day up to today) from '
'the stock ledger: the pairs and days new movements changed, plus the days passed since the last run; part of '
'dw.refresh() / dw.rebuild()';
