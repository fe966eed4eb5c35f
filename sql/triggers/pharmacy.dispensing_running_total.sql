-- requires: functions/pharmacy.lock_stock_points.sql
-- Keeps the running totals of pharmacy.stock_level (dispensed_total,
-- last_dispensed_on, dispensed_through; migration 0085 introduced them, 0087 moved
-- them there) equal to the aggregate of pharmacy.dispensing, so
-- reporting.medication_availability reads the last 30 days' consumption from the
-- one row per stock point it reads everything else from. Statement-level with transition tables: a bulk INSERT ...
-- SELECT (dbtool seed, an import) is applied set-based, once per statement.
-- Inserts add, deletes subtract, an update (a corrected date or quantity) is both.
-- Lock order: the stock_level rows of a statement are locked in (medication,
-- location) order; dispense_stock holds the lots first and reaches
-- pharmacy.stock_level through this trigger, then the ledger trigger (same row).
create or replace function pharmacy.apply_dispensing_running_total()
returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
    -- this statement's change per medication, location and UTC day, as parallel arrays
    v_medication bigint[] := '{}';
    v_location bigint[] := '{}';
    v_day date[] := '{}';
    v_quantity numeric[] := '{}';
begin
    if tg_op in ('INSERT', 'UPDATE') then
        select v_medication || array_agg(medication_id), v_location || array_agg(stock_location_id),
               v_day || array_agg(dispensed_on), v_quantity || array_agg(quantity)
          into v_medication, v_location, v_day, v_quantity
          from (select n.medication_id, n.stock_location_id, (n.dispensed_at at time zone 'UTC')::date as dispensed_on,
                       sum(n.dispensed_quantity) as quantity
                  from dispensing_new as n
                 group by 1, 2, 3) as s;
    end if;
    if tg_op in ('DELETE', 'UPDATE') then
        select v_medication || array_agg(medication_id), v_location || array_agg(stock_location_id),
               v_day || array_agg(dispensed_on), v_quantity || array_agg(quantity)
          into v_medication, v_location, v_day, v_quantity
          from (select o.medication_id, o.stock_location_id, (o.dispensed_at at time zone 'UTC')::date as dispensed_on,
                       -sum(o.dispensed_quantity) as quantity
                  from dispensing_old as o
                 group by 1, 2, 3) as s;
    end if;
    if coalesce(cardinality(v_medication), 0) = 0 then
        return null;
    end if;

    -- a stock point dispensed for the first time starts from nothing (dispensed_total 0, no slots)
    perform pharmacy.lock_stock_points(v_medication, v_location);

    -- new slot i holds the units dispensed up to the end of day (new last day - i): what the row held for
    -- that day (its total when the day is on or after the old last day, or it has no slots yet) plus this
    -- statement's change up to it
    update pharmacy.stock_level as t
       set dispensed_total = t.dispensed_total + c.quantity,
           last_dispensed_on = greatest(t.last_dispensed_on, c.last_on),
           dispensed_through = array(
               select case
                          when t.last_dispensed_on is null or s.day_end >= t.last_dispensed_on then t.dispensed_total
                          else t.dispensed_through[t.last_dispensed_on - s.day_end]
                      end
                      + coalesce((select sum(u.quantity)
                                    from unnest(c.days, c.quantities) as u (dispensed_on, quantity)
                                   where u.dispensed_on <= s.day_end), 0)
                 from generate_series(1, 32) as g (i)
                cross join lateral (select greatest(t.last_dispensed_on, c.last_on) - g.i as day_end) as s
                order by g.i)
      from (select d.medication_id, d.stock_location_id, sum(d.quantity) as quantity, max(d.dispensed_on) as last_on,
                   array_agg(d.dispensed_on) as days, array_agg(d.quantity) as quantities
              from unnest(v_medication, v_location, v_day, v_quantity)
                   as d (medication_id, stock_location_id, dispensed_on, quantity)
             group by d.medication_id, d.stock_location_id) as c
     where t.medication_id = c.medication_id
       and t.stock_location_id = c.stock_location_id;
    return null;
end;
$$;

comment on function pharmacy.apply_dispensing_running_total() is
'Trigger function (statement level, transition tables dispensing_new / dispensing_old): applies the inserted, '
'updated or deleted dispensings to the running totals of pharmacy.stock_level (dispensed_total, '
'last_dispensed_on, dispensed_through).';

revoke all on function pharmacy.apply_dispensing_running_total() from public;

create or replace trigger dispensing_running_total_insert
after insert on pharmacy.dispensing
referencing new table as dispensing_new
for each statement execute function pharmacy.apply_dispensing_running_total();

create or replace trigger dispensing_running_total_update
after update on pharmacy.dispensing
referencing old table as dispensing_old new table as dispensing_new
for each statement execute function pharmacy.apply_dispensing_running_total();

create or replace trigger dispensing_running_total_delete
after delete on pharmacy.dispensing
referencing old table as dispensing_old
for each statement execute function pharmacy.apply_dispensing_running_total();
