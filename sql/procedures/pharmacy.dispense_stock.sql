-- requires: functions/pharmacy.assert_stock_point.sql
-- Hands out a medication from one location, first-expiry-first-out across its
-- usable lots. Concurrency: all usable lots of the medication at the location are
-- locked in FEFO order and their quantities read from the locked rows, so
-- concurrent dispensers of the same medication and location queue up (same lock
-- order: no deadlocks) and each sees the quantities the previous one left. The prescription-facing dispense of
-- the clinical core is a thin wrapper over this procedure.
create or replace procedure pharmacy.dispense_stock(
    p_medication_id bigint,
    p_location_id bigint,
    p_quantity numeric,
    p_reference text default null,
    p_allow_partial boolean default false,
    p_prescription_id bigint default null,
    inout p_dispensing_id bigint default null,
    inout p_dispensed_quantity numeric default null
)
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
    v_usable numeric;
    v_remaining numeric;
    v_take numeric;
    v_lot_ids bigint[];
    v_on_hands numeric[];
    v_index integer;
begin
    if p_quantity is null or p_quantity <= 0 then
        raise exception 'the quantity to dispense must be positive'
            using errcode = '22023',
                  detail = format('quantity = %s', coalesce(p_quantity::text, 'null'));
    end if;
    perform pharmacy.assert_stock_point(p_medication_id, p_location_id);

    -- Lock the usable lots in FEFO order and take their quantities from the locked
    -- rows (the latest committed versions). Only these lots are used below: a lot
    -- that gained stock after this statement's snapshot is left alone, because
    -- using it unlocked could oversell it or deadlock with another dispenser.
    select coalesce(sum(x.on_hand), 0),
           array_agg(x.lot_id order by x.expiry_date, x.lot_id),
           array_agg(x.on_hand order by x.expiry_date, x.lot_id)
      into v_usable, v_lot_ids, v_on_hands
      from (
          select l.lot_id, l.on_hand, l.expiry_date
            from pharmacy.lot as l
           where l.medication_id = p_medication_id
             and l.stock_location_id = p_location_id
             and l.expiry_date >= current_date
             and l.on_hand > 0
           order by l.expiry_date, l.lot_id
             for update
      ) as x;

    if v_usable = 0 or (v_usable < p_quantity and not coalesce(p_allow_partial, false)) then
        raise exception 'not enough usable stock to dispense % units', trim_scale(p_quantity)
            using errcode = 'ZP001',
                  detail = format('Usable (unexpired) stock of medication %s at location %s: %s.',
                                  p_medication_id, p_location_id, trim_scale(v_usable)),
                  hint = case when v_usable = 0 then 'The medication is out of stock here: try another location.'
                              else 'Dispense what is available with p_allow_partial => true, or try another location.'
                         end;
    end if;

    insert into pharmacy.dispensing (
        medication_id, stock_location_id, prescription_id, reference, requested_quantity, dispensed_quantity
    )
    values (p_medication_id, p_location_id, p_prescription_id, p_reference, p_quantity, least(v_usable, p_quantity))
    returning dispensing_id, dispensed_quantity into p_dispensing_id, p_dispensed_quantity;

    v_remaining := p_dispensed_quantity;
    for v_index in 1 .. coalesce(array_length(v_lot_ids, 1), 0) loop
        exit when v_remaining = 0;
        v_take := least(v_on_hands[v_index], v_remaining);
        insert into pharmacy.stock_movement (
            lot_id, movement_type, quantity, reference, dispensing_id, prescription_id
        )
        values (v_lot_ids[v_index], 'dispense', -v_take, p_reference, p_dispensing_id, p_prescription_id);
        v_remaining := v_remaining - v_take;
    end loop;
end;
$$;

comment on procedure pharmacy.dispense_stock (bigint, bigint, numeric, text, boolean, bigint, bigint, numeric) is
'Dispenses p_quantity units of a medication at a location, first-expiry-first-out across unexpired lots, '
'never from an expired lot and never below zero. With p_allow_partial, dispenses what is usable and records '
'the dispensing as partial (pharmacy.dispensing.is_partial). Returns the dispensing id and the quantity '
'handed out. Rejects: 22023 bad quantity, P0002 unknown medication or location, ZP005 inactive, '
'ZP001 not enough usable stock (nothing usable, or less than requested without p_allow_partial).';

revoke all on procedure pharmacy.dispense_stock from public;
grant execute on procedure pharmacy.dispense_stock to hc_pharmacist, hc_app;
