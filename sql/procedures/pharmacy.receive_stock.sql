-- requires: functions/pharmacy.assert_stock_point.sql
-- Goods in: a quantity of one lot arrives at a location. The lot row is created
-- on first receipt and topped up on later ones (same lot number, same expiry and cost).
create or replace procedure pharmacy.receive_stock(
    p_medication_id bigint,
    p_location_id bigint,
    p_lot_number text,
    p_expiry_date date,
    p_quantity numeric,
    p_unit_cost numeric,
    p_reference text default null,
    inout p_lot_id bigint default null
)
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
    v_lot pharmacy.lot%rowtype;
begin
    if p_quantity is null or p_quantity <= 0 then
        raise exception 'the quantity received must be positive'
            using errcode = '22023',
                  detail = format('quantity = %s', coalesce(p_quantity::text, 'null'));
    end if;
    if p_unit_cost is null or p_unit_cost < 0 then
        raise exception 'the unit cost must be zero or more'
            using errcode = '22023',
                  detail = format('unit cost = %s', coalesce(p_unit_cost::text, 'null'));
    end if;
    if coalesce(btrim(p_lot_number), '') = '' or p_expiry_date is null then
        raise exception 'a lot number and an expiry date are required'
            using errcode = '22023';
    end if;
    perform pharmacy.assert_stock_point(p_medication_id, p_location_id);
    if p_expiry_date < current_date then
        raise exception 'lot % expired on % and cannot be received', p_lot_number, p_expiry_date
            using errcode = 'ZP002',
                  hint = 'Return expired goods to the supplier; do not put them into stock.';
    end if;

    insert into pharmacy.lot (medication_id, stock_location_id, lot_number, expiry_date, unit_cost)
    values (p_medication_id, p_location_id, btrim(p_lot_number), p_expiry_date, p_unit_cost)
    on conflict (medication_id, stock_location_id, lot_number) do nothing;

    select * into v_lot
      from pharmacy.lot as l
     where l.medication_id = p_medication_id
       and l.stock_location_id = p_location_id
       and l.lot_number = btrim(p_lot_number)
       for update;
    if v_lot.expiry_date <> p_expiry_date or v_lot.unit_cost <> p_unit_cost then
        raise exception 'lot % is already in stock here with another expiry date or unit cost', p_lot_number
            using errcode = 'ZP006',
                  detail = format('In stock: expiry %s, unit cost %s. Received: expiry %s, unit cost %s.',
                                  v_lot.expiry_date, v_lot.unit_cost, p_expiry_date, p_unit_cost),
                  hint = 'Check the lot number on the package; one lot has one expiry date and one cost.';
    end if;

    insert into pharmacy.stock_movement (lot_id, movement_type, quantity, reference)
    values (v_lot.lot_id, 'receipt', p_quantity, p_reference);
    p_lot_id := v_lot.lot_id;
end;
$$;

comment on procedure pharmacy.receive_stock (bigint, bigint, text, date, numeric, numeric, text, bigint) is
'Receives p_quantity units of lot p_lot_number (expiry, unit cost) at a location and returns the lot id. '
'Rejects: 22023 bad quantity/cost/lot, P0002 unknown medication or location, ZP005 inactive, '
'ZP002 lot already expired, ZP006 same lot number already here with another expiry or cost.';

revoke all on procedure pharmacy.receive_stock from public;
grant execute on procedure pharmacy.receive_stock to hc_pharmacist, hc_app;
