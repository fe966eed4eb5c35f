-- What a prescriber needs to know at the moment of prescribing: how much of the
-- medication is usable (on hand in lots not yet expired) and when the first of
-- those lots expires. The clinical core's prescribe calls this.
create or replace function pharmacy.stock_availability(
    p_medication_id bigint,
    p_location_id bigint default null
)
returns table (
    usable_quantity numeric,
    nearest_expiry date,
    expired_quantity numeric,
    locations_with_stock integer
)
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
    if p_medication_id is null then
        raise exception 'a medication is required'
            using errcode = '22023';
    end if;
    if not exists (select from pharmacy.medication as m where m.medication_id = p_medication_id) then
        raise exception 'medication % does not exist', p_medication_id
            using errcode = 'P0002';
    end if;
    if p_location_id is not null
       and not exists (select from pharmacy.stock_location as s where s.stock_location_id = p_location_id) then
        raise exception 'stock location % does not exist', p_location_id
            using errcode = 'P0002';
    end if;
    return query
    select coalesce(sum(l.on_hand) filter (where l.expiry_date >= current_date), 0)::numeric,
           min(l.expiry_date) filter (where l.expiry_date >= current_date),
           coalesce(sum(l.on_hand) filter (where l.expiry_date < current_date), 0)::numeric,
           count(distinct l.stock_location_id) filter (where l.expiry_date >= current_date)::integer
      from pharmacy.lot as l
      join pharmacy.stock_location as s on s.stock_location_id = l.stock_location_id
     where l.medication_id = p_medication_id
       and l.on_hand > 0
       and s.is_active
       and (p_location_id is null or l.stock_location_id = p_location_id);
end;
$$;

comment on function pharmacy.stock_availability(bigint, bigint) is
'Usable (unexpired, on hand) quantity of a medication and the nearest expiry date among those lots, '
'at one location or (location null) across all open locations; expired stock still on the shelf is '
'reported separately. Raises P0002 for an unknown medication or location. Read-only.';

revoke all on function pharmacy.stock_availability from public;
grant execute on function pharmacy.stock_availability to hc_pharmacist, hc_clinician, hc_app;
