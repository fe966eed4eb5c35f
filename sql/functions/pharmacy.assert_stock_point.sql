-- Shared validation for the stock procedures: the medication and the location
-- exist (P0002) and, when stock is to be brought in or handed out, are active (ZP005).
create or replace function pharmacy.assert_stock_point(
    p_medication_id bigint,
    p_location_id bigint,
    p_require_active boolean default true
)
returns void
language plpgsql
stable
as $$
declare
    v_medication_active boolean;
    v_location_active boolean;
    v_location_code text;
begin
    if p_medication_id is null or p_location_id is null then
        raise exception 'a medication and a stock location are required'
            using errcode = '22023',
                  detail = format('medication_id = %s, stock_location_id = %s',
                                  coalesce(p_medication_id::text, 'null'), coalesce(p_location_id::text, 'null'));
    end if;
    select m.is_active into v_medication_active
      from pharmacy.medication as m
     where m.medication_id = p_medication_id;
    if not found then
        raise exception 'medication % does not exist', p_medication_id
            using errcode = 'P0002',
                  hint = 'Look the medication up in pharmacy.medication.';
    end if;
    select s.is_active, s.location_code into v_location_active, v_location_code
      from pharmacy.stock_location as s
     where s.stock_location_id = p_location_id;
    if not found then
        raise exception 'stock location % does not exist', p_location_id
            using errcode = 'P0002',
                  hint = 'Look the location up in pharmacy.stock_location.';
    end if;
    if p_require_active and not v_medication_active then
        raise exception 'medication % is no longer active in the catalog', p_medication_id
            using errcode = 'ZP005',
                  hint = 'Choose an active medication, or reactivate it in the catalog first.';
    end if;
    if p_require_active and not v_location_active then
        raise exception 'stock location % is closed', v_location_code
            using errcode = 'ZP005',
                  hint = 'Use an open location, or reopen this one first.';
    end if;
end;
$$;

comment on function pharmacy.assert_stock_point(bigint, bigint, boolean) is
'Raises P0002 when the medication or the stock location does not exist, ZP005 when either is inactive '
'(unless p_require_active is false); used by the stock procedures.';
