-- Units handed out and brought back unused go back into the lot they came from.
-- A lot never takes back more than was dispensed from it (per dispensing when one
-- is named), and an expired lot takes nothing back.
create or replace procedure pharmacy.return_stock(
    p_lot_id bigint,
    p_quantity numeric,
    p_reason text default null,
    p_dispensing_id bigint default null,
    inout p_stock_movement_id bigint default null
)
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
    v_lot pharmacy.lot%rowtype;
    v_prescription_id bigint;
    v_returnable numeric;
begin
    if p_quantity is null or p_quantity <= 0 then
        raise exception 'the quantity returned must be positive'
            using errcode = '22023',
                  detail = format('quantity = %s', coalesce(p_quantity::text, 'null'));
    end if;
    select * into v_lot from pharmacy.lot as l where l.lot_id = p_lot_id for update;
    if not found then
        raise exception 'lot % does not exist', p_lot_id
            using errcode = 'P0002';
    end if;
    if p_dispensing_id is not null then
        select d.prescription_id into v_prescription_id
          from pharmacy.dispensing as d
         where d.dispensing_id = p_dispensing_id;
        if not found then
            raise exception 'dispensing % does not exist', p_dispensing_id
                using errcode = 'P0002';
        end if;
    end if;
    if v_lot.expiry_date < current_date then
        raise exception 'lot % expired on % and cannot take returns', v_lot.lot_number, v_lot.expiry_date
            using errcode = 'ZP002',
                  hint = 'Discard returned expired medication; it is not stock.';
    end if;

    select coalesce(-sum(m.quantity) filter (where m.movement_type = 'dispense'), 0)
           - coalesce(sum(m.quantity) filter (where m.movement_type = 'return'), 0)
      into v_returnable
      from pharmacy.stock_movement as m
     where m.lot_id = p_lot_id
       and m.movement_type in ('dispense', 'return')
       and (p_dispensing_id is null or m.dispensing_id = p_dispensing_id);
    if p_quantity > v_returnable then
        raise exception 'cannot return % units to lot %: only % were dispensed from it and not yet returned',
                        trim_scale(p_quantity), v_lot.lot_number, trim_scale(v_returnable)
            using errcode = 'ZP007',
                  hint = 'Check the lot number and the dispensing; use pharmacy.adjust_stock for count corrections.';
    end if;

    insert into pharmacy.stock_movement (lot_id, movement_type, quantity, reason, dispensing_id, prescription_id)
    values (p_lot_id, 'return', p_quantity, p_reason, p_dispensing_id, v_prescription_id)
    returning stock_movement_id into p_stock_movement_id;
end;
$$;

comment on procedure pharmacy.return_stock (bigint, numeric, text, bigint, bigint) is
'Returns unused dispensed units into their lot (optionally naming the dispensing) and returns the movement id. '
'Rejects: 22023 bad quantity, P0002 unknown lot or dispensing, ZP002 lot expired, '
'ZP007 more than was dispensed from the lot (for that dispensing) and not yet returned.';

revoke all on procedure pharmacy.return_stock from public;
grant execute on procedure pharmacy.return_stock to hc_pharmacist, hc_app;
