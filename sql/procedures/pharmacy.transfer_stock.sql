-- requires: functions/pharmacy.assert_stock_point.sql
-- Moves units of one lot to another location (a ward store topped up from the
-- main pharmacy): a transfer_out row at the source and a transfer_in row at the
-- destination's lot of the same number, expiry and cost (created if needed).
create or replace procedure pharmacy.transfer_stock(
    p_lot_id bigint,
    p_to_location_id bigint,
    p_quantity numeric,
    p_reason text default null,
    inout p_to_lot_id bigint default null
)
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
    v_from pharmacy.lot%rowtype;
    v_to pharmacy.lot%rowtype;
    v_out_id bigint;
begin
    if p_quantity is null or p_quantity <= 0 then
        raise exception 'the quantity to transfer must be positive'
            using errcode = '22023',
                  detail = format('quantity = %s', coalesce(p_quantity::text, 'null'));
    end if;
    select * into v_from from pharmacy.lot as l where l.lot_id = p_lot_id;
    if not found then
        raise exception 'lot % does not exist', p_lot_id
            using errcode = 'P0002';
    end if;
    if v_from.stock_location_id = p_to_location_id then
        raise exception 'a transfer needs a destination other than the lot''s own location'
            using errcode = '22023';
    end if;
    perform pharmacy.assert_stock_point(v_from.medication_id, p_to_location_id);
    if v_from.expiry_date < current_date then
        raise exception 'lot % expired on % and cannot be transferred', v_from.lot_number, v_from.expiry_date
            using errcode = 'ZP002',
                  hint = 'Write expired stock off with pharmacy.write_off_expired.';
    end if;

    insert into pharmacy.lot (medication_id, stock_location_id, lot_number, expiry_date, unit_cost)
    values (v_from.medication_id, p_to_location_id, v_from.lot_number, v_from.expiry_date, v_from.unit_cost)
    on conflict (medication_id, stock_location_id, lot_number) do nothing;
    select * into v_to
      from pharmacy.lot as l
     where l.medication_id = v_from.medication_id
       and l.stock_location_id = p_to_location_id
       and l.lot_number = v_from.lot_number;
    -- both lots locked in lot_id order: two opposite transfers cannot deadlock
    perform from pharmacy.lot as l where l.lot_id in (v_from.lot_id, v_to.lot_id) order by l.lot_id for update;
    -- then both locations' stock_level rows, in (medication, location) order like write_off_expired
    insert into pharmacy.stock_level (medication_id, stock_location_id)
    values (v_from.medication_id, v_from.stock_location_id), (v_from.medication_id, p_to_location_id)
    on conflict (medication_id, stock_location_id) do nothing;
    perform
      from pharmacy.stock_level as s
     where s.medication_id = v_from.medication_id
       and s.stock_location_id in (v_from.stock_location_id, p_to_location_id)
     order by s.medication_id, s.stock_location_id
       for update;
    select * into v_from from pharmacy.lot as l where l.lot_id = p_lot_id;

    if v_to.expiry_date <> v_from.expiry_date or v_to.unit_cost <> v_from.unit_cost then
        raise exception 'lot % exists at the destination with another expiry date or unit cost', v_from.lot_number
            using errcode = 'ZP006';
    end if;
    if v_from.on_hand < p_quantity then
        raise exception 'lot % holds only % units: % cannot be transferred',
                        v_from.lot_number, trim_scale(v_from.on_hand), trim_scale(p_quantity)
            using errcode = 'ZP001';
    end if;

    insert into pharmacy.stock_movement (lot_id, movement_type, quantity, reason)
    values (v_from.lot_id, 'transfer_out', -p_quantity, p_reason)
    returning stock_movement_id into v_out_id;
    insert into pharmacy.stock_movement (lot_id, movement_type, quantity, reason, related_movement_id)
    values (v_to.lot_id, 'transfer_in', p_quantity, p_reason, v_out_id);
    p_to_lot_id := v_to.lot_id;
end;
$$;

comment on procedure pharmacy.transfer_stock (bigint, bigint, numeric, text, bigint) is
'Transfers units of a lot to another location and returns the destination lot id. '
'Rejects: 22023 bad quantity or same location, P0002 unknown lot or destination, ZP005 destination closed, '
'ZP002 lot expired, ZP006 destination holds that lot number with another expiry or cost, '
'ZP001 not enough on hand.';

revoke all on procedure pharmacy.transfer_stock from public;
grant execute on procedure pharmacy.transfer_stock to hc_pharmacist, hc_app;
