-- Stock-take corrections, breakage, loss: a signed change to one lot with a
-- reason, never taking the lot below zero.
create or replace procedure pharmacy.adjust_stock(
    p_lot_id bigint,
    p_quantity_change numeric,
    p_reason text,
    inout p_stock_movement_id bigint default null
)
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
    v_lot pharmacy.lot%rowtype;
begin
    if p_quantity_change is null or p_quantity_change = 0 then
        raise exception 'an adjustment must change the quantity'
            using errcode = '22023',
                  detail = format('quantity change = %s', coalesce(p_quantity_change::text, 'null'));
    end if;
    if coalesce(btrim(p_reason), '') = '' then
        raise exception 'an adjustment needs a reason'
            using errcode = '22023',
                  hint = 'Say why, e.g. ''stock take 2026-01-31'' or ''broken vial''.';
    end if;
    select * into v_lot from pharmacy.lot as l where l.lot_id = p_lot_id for update;
    if not found then
        raise exception 'lot % does not exist', p_lot_id
            using errcode = 'P0002';
    end if;
    if v_lot.on_hand + p_quantity_change < 0 then
        raise exception 'lot % holds only % units: it cannot go down by %',
                        v_lot.lot_number, trim_scale(v_lot.on_hand), trim_scale(-p_quantity_change)
            using errcode = 'ZP001';
    end if;
    insert into pharmacy.stock_movement (lot_id, movement_type, quantity, reason)
    values (p_lot_id, 'adjustment', p_quantity_change, btrim(p_reason))
    returning stock_movement_id into p_stock_movement_id;
end;
$$;

comment on procedure pharmacy.adjust_stock (bigint, numeric, text, bigint) is
'Adds (positive) or removes (negative) units from a lot with a mandatory reason; returns the movement id. '
'Rejects: 22023 zero change or no reason, P0002 unknown lot, ZP001 the lot would go below zero.';

revoke all on procedure pharmacy.adjust_stock from public;
grant execute on procedure pharmacy.adjust_stock to hc_pharmacist, hc_app;
