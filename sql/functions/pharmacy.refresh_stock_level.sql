-- requires: functions/pharmacy.lock_stock_points.sql
-- Recomputes the pharmacy.stock_level rows of the given stock points from their
-- lots: totals, earliest expiry, and on hand by expiry date as running totals.
-- Called by the ledger trigger (pharmacy.apply_stock_movement) and by the trigger
-- on a lot's expiry date or unit cost (pharmacy.refresh_stock_level_of_lot).
-- It makes sure each row exists, locks the rows in (medication, location) order
-- like write_off_expired and transfer_stock, then reads the lots in a new
-- statement (in READ COMMITTED a new snapshot sees what any transaction that held
-- the row lock before us committed).
create or replace function pharmacy.refresh_stock_level(p_medication_ids bigint[], p_location_ids bigint[])
returns void
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
begin
    perform pharmacy.lock_stock_points(p_medication_ids, p_location_ids);

    with point as (
        select distinct p.medication_id, p.stock_location_id
          from unnest(p_medication_ids, p_location_ids) as p (medication_id, stock_location_id)
    ),
    total as (
        select p.medication_id, p.stock_location_id,
               coalesce(sum(l.on_hand), 0) as on_hand,
               coalesce(sum(l.on_hand * l.unit_cost), 0) as stock_value,
               count(*) filter (where l.on_hand > 0) as lots_in_stock,
               min(l.expiry_date) filter (where l.on_hand > 0) as earliest_expiry
          from point as p
          left join pharmacy.lot as l using (medication_id, stock_location_id)
         group by p.medication_id, p.stock_location_id
    ),
    -- the lots with stock by expiry date, as running totals in expiry order (read by medication_availability)
    by_expiry as (
        select d.medication_id, d.stock_location_id,
               array_agg(d.expiry_date order by d.expiry_date) as expiry_dates,
               array_agg(d.on_hand_through order by d.expiry_date) as on_hand_through
          from (select l.medication_id, l.stock_location_id, l.expiry_date,
                       sum(sum(l.on_hand)) over (partition by l.medication_id, l.stock_location_id
                                                 order by l.expiry_date) as on_hand_through
                  from pharmacy.lot as l
                  join point as p using (medication_id, stock_location_id)
                 where l.on_hand > 0
                 group by l.medication_id, l.stock_location_id, l.expiry_date) as d
         group by d.medication_id, d.stock_location_id
    )
    update pharmacy.stock_level as s
       set on_hand = a.on_hand,
           stock_value = a.stock_value,
           lots_in_stock = a.lots_in_stock,
           earliest_expiry = a.earliest_expiry,
           expiry_dates = a.expiry_dates,
           on_hand_through = a.on_hand_through
      from (select t.medication_id, t.stock_location_id, t.on_hand, t.stock_value, t.lots_in_stock,
                   t.earliest_expiry, coalesce(e.expiry_dates, '{}') as expiry_dates,
                   coalesce(e.on_hand_through, '{}') as on_hand_through
              from total as t
              left join by_expiry as e using (medication_id, stock_location_id)) as a
     where s.medication_id = a.medication_id
       and s.stock_location_id = a.stock_location_id
       and (s.on_hand, s.stock_value, s.lots_in_stock, s.earliest_expiry, s.expiry_dates, s.on_hand_through)
           is distinct from (a.on_hand, a.stock_value, a.lots_in_stock, a.earliest_expiry, a.expiry_dates,
                             a.on_hand_through);
end;
$$;

comment on function pharmacy.refresh_stock_level(bigint[], bigint[]) is
'Recomputes pharmacy.stock_level (totals, earliest expiry, on hand by expiry date) of the stock points given as '
'parallel arrays of medication and location ids from their lots, under the rows'' locks. Called by triggers only.';

revoke all on function pharmacy.refresh_stock_level(bigint[], bigint[]) from public;
