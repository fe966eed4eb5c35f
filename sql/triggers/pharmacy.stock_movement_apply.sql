-- Every ledger row moves the lot's on_hand by its quantity, under the lot's row
-- lock, so on_hand = sum(movements) always holds; the lot_on_hand_check
-- constraint (on_hand >= 0) is the last line of defence against going negative.
-- The same trigger keeps pharmacy.stock_level (totals per medication and
-- location) equal to the aggregate of the lots, for the reporting views.
-- When the movement takes the usable (unexpired) stock of its medication at its
-- location from at or above the reorder level to below it, a NOTIFY goes out on
-- channel pharmacy_low_stock (delivered at commit, never for a rolled-back change).
create or replace function pharmacy.apply_stock_movement()
returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
    v_lot pharmacy.lot%rowtype;
    v_usable_after numeric;
    v_usable_before numeric;
    v_setting pharmacy.reorder_setting%rowtype;
    v_before numeric;
begin
    update pharmacy.lot
       set on_hand = on_hand + new.quantity
     where lot_id = new.lot_id
    returning * into v_lot;
    v_before := v_lot.on_hand - new.quantity;

    -- the per medication and location totals follow in the same transaction
    insert into pharmacy.stock_level as s (
        medication_id, stock_location_id, on_hand, stock_value, lots_in_stock, earliest_expiry
    )
    values (
        v_lot.medication_id, v_lot.stock_location_id, v_lot.on_hand, v_lot.on_hand * v_lot.unit_cost,
        (v_lot.on_hand > 0)::integer, case when v_lot.on_hand > 0 then v_lot.expiry_date end
    )
    on conflict (medication_id, stock_location_id) do update
        set on_hand = s.on_hand + new.quantity,
            stock_value = s.stock_value + new.quantity * v_lot.unit_cost,
            lots_in_stock = s.lots_in_stock + case
                when v_before = 0 and v_lot.on_hand > 0 then 1
                when v_before > 0 and v_lot.on_hand = 0 then -1
                else 0
            end,
            earliest_expiry = case
                when v_before = 0 and v_lot.on_hand > 0 then least(s.earliest_expiry, v_lot.expiry_date)
                else s.earliest_expiry
            end;
    if v_before > 0 and v_lot.on_hand = 0 then
        -- the emptied lot may have been the earliest: look the next one up (index on lot)
        update pharmacy.stock_level as s
           set earliest_expiry = (
                   select min(l.expiry_date)
                     from pharmacy.lot as l
                    where l.medication_id = v_lot.medication_id
                      and l.stock_location_id = v_lot.stock_location_id
                      and l.on_hand > 0
               )
         where s.medication_id = v_lot.medication_id
           and s.stock_location_id = v_lot.stock_location_id
           and s.earliest_expiry = v_lot.expiry_date;
    end if;

    -- an expired lot is not usable stock: its movements cannot cross the level
    if v_lot.expiry_date < current_date or new.quantity > 0 then
        return null;
    end if;

    select * into v_setting
      from pharmacy.reorder_setting
     where medication_id = v_lot.medication_id
       and stock_location_id = v_lot.stock_location_id;
    if not found then
        return null;
    end if;

    select coalesce(sum(l.on_hand), 0) into v_usable_after
      from pharmacy.lot as l
     where l.medication_id = v_lot.medication_id
       and l.stock_location_id = v_lot.stock_location_id
       and l.expiry_date >= current_date;
    v_usable_before := v_usable_after - new.quantity;

    if v_usable_before >= v_setting.reorder_level and v_usable_after < v_setting.reorder_level then
        perform pg_notify(
            'pharmacy_low_stock',
            json_build_object(
                'medication_id', v_lot.medication_id,
                'generic_name', m.generic_name,
                'stock_location_id', v_lot.stock_location_id,
                'location_code', s.location_code,
                'usable_quantity', v_usable_after,
                'reorder_level', v_setting.reorder_level,
                'reorder_quantity', v_setting.reorder_quantity,
                'dispensing_unit', m.dispensing_unit,
                'movement_type', new.movement_type,
                'stock_movement_id', new.stock_movement_id,
                'occurred_at', new.occurred_at
            )::text
        )
          from pharmacy.medication as m
          cross join pharmacy.stock_location as s
         where m.medication_id = v_lot.medication_id
           and s.stock_location_id = v_lot.stock_location_id;
    end if;
    return null;
end;
$$;

comment on function pharmacy.apply_stock_movement() is
'Trigger function: applies a new ledger row to its lot''s on_hand and sends the low-stock NOTIFY '
'(channel pharmacy_low_stock, JSON payload, see docs/pharmacy.md) when usable stock falls below the reorder level.';

create or replace trigger stock_movement_apply
after insert on pharmacy.stock_movement
for each row execute function pharmacy.apply_stock_movement();
