-- requires: functions/pharmacy.refresh_stock_level.sql
-- Every ledger row moves the lot's on_hand by its quantity, under the lot's row
-- lock, so on_hand = sum(movements) always holds; the lot_on_hand_check
-- constraint (on_hand >= 0) is the last line of defence against going negative.
-- The same trigger keeps pharmacy.stock_level (totals per medication and
-- location, and on hand by expiry date as running totals) equal to the
-- aggregate of the lots, for the reporting views.
-- When a movement takes the usable (unexpired) stock of its medication at its
-- location from at or above the reorder level to below it, a NOTIFY goes out on
-- channel pharmacy_low_stock (delivered at commit, never for a rolled-back change).
--
-- Statement-level with a transition table (moved_new): a statement moving many
-- units updates each lot and each stock_level row once. Per row, the same lot
-- or stock_level row updated thousands of times in one transaction (a bulk
-- load) made every update walk an ever longer chain of row versions.
create or replace function pharmacy.apply_stock_movement()
returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
    -- the lots, each once, in key order (a stable lock order)
    update pharmacy.lot as l
       set on_hand = l.on_hand + m.quantity
      from (select n.lot_id, sum(n.quantity) as quantity
              from moved_new as n
             group by n.lot_id
             order by n.lot_id) as m
     where l.lot_id = m.lot_id;

    -- the totals per medication and location (pharmacy.stock_level), recomputed from the lots
    perform pharmacy.refresh_stock_level(array_agg(p.medication_id), array_agg(p.stock_location_id))
       from (select distinct l.medication_id, l.stock_location_id
               from pharmacy.lot as l
              where l.lot_id in (select n.lot_id from moved_new as n)) as p;

    -- low-stock notices: walk each medication and location's movements of this
    -- statement in order (only withdrawals from unexpired lots can cross the
    -- level; expired stock is not usable), one notice per crossing
    perform pg_notify(
                'pharmacy_low_stock',
                json_build_object(
                    'medication_id', c.medication_id,
                    'generic_name', c.generic_name,
                    'stock_location_id', c.stock_location_id,
                    'location_code', c.location_code,
                    'usable_quantity', c.usable_after,
                    'reorder_level', c.reorder_level,
                    'reorder_quantity', c.reorder_quantity,
                    'dispensing_unit', c.dispensing_unit,
                    'movement_type', c.movement_type,
                    'stock_movement_id', c.stock_movement_id,
                    'occurred_at', c.occurred_at
                )::text
            )
       from (select w.*
               from (select m.stock_movement_id, m.movement_type, m.occurred_at, m.quantity,
                            m.medication_id, m.stock_location_id, med.generic_name, med.dispensing_unit,
                            loc.location_code, r.reorder_level, r.reorder_quantity,
                            u.usable - sum(m.quantity) over (partition by m.medication_id, m.stock_location_id)
                            + sum(m.quantity) over (partition by m.medication_id, m.stock_location_id
                                                    order by m.stock_movement_id) as usable_after
                       from (select n.stock_movement_id, n.movement_type, n.occurred_at, n.quantity,
                                    l.medication_id, l.stock_location_id
                               from moved_new as n
                               join pharmacy.lot as l on l.lot_id = n.lot_id
                              where l.expiry_date >= current_date) as m
                       join pharmacy.reorder_setting as r
                         on r.medication_id = m.medication_id and r.stock_location_id = m.stock_location_id
                       join pharmacy.medication as med on med.medication_id = m.medication_id
                       join pharmacy.stock_location as loc on loc.stock_location_id = m.stock_location_id
                       join (select l.medication_id, l.stock_location_id, sum(l.on_hand) as usable
                               from pharmacy.lot as l
                              where l.expiry_date >= current_date
                                and (l.medication_id, l.stock_location_id) in (
                                        select x.medication_id, x.stock_location_id
                                          from moved_new as n
                                          join pharmacy.lot as x on x.lot_id = n.lot_id
                                    )
                              group by l.medication_id, l.stock_location_id) as u
                         on u.medication_id = m.medication_id and u.stock_location_id = m.stock_location_id) as w
              where w.quantity <= 0
                and w.usable_after - w.quantity >= w.reorder_level
                and w.usable_after < w.reorder_level
              order by w.stock_movement_id
             offset 0) as c;
    return null;
end;
$$;

comment on function pharmacy.apply_stock_movement() is
'Statement-level trigger function (transition table moved_new): applies new ledger rows to their lots'' on_hand '
'and to pharmacy.stock_level, and sends the low-stock NOTIFY (channel pharmacy_low_stock, JSON payload, see '
'docs/pharmacy.md) for each movement that takes usable stock below the reorder level.';

create or replace trigger stock_movement_apply
after insert on pharmacy.stock_movement
referencing new table as moved_new
for each statement execute function pharmacy.apply_stock_movement();
