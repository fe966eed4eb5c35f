-- requires: functions/pharmacy.stock_availability.sql
-- One sentence for the prescriber, built from pharmacy.stock_availability, so
-- prescribe can RAISE NOTICE it (or show it) instead of failing at dispensing.
create or replace function pharmacy.availability_notice(
    p_medication_id bigint,
    p_quantity numeric default null,
    p_location_id bigint default null
)
returns text
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
    v_available record;
    v_name text;
    v_unit text;
    v_where text;
begin
    select * into v_available
      from pharmacy.stock_availability(p_medication_id, p_location_id);
    select m.generic_name, m.dispensing_unit into v_name, v_unit
      from pharmacy.medication as m
     where m.medication_id = p_medication_id;
    v_where := case
        when p_location_id is null then 'across all locations'
        else 'at ' || (select s.location_code from pharmacy.stock_location as s
                        where s.stock_location_id = p_location_id)
    end;
    if v_available.usable_quantity = 0 then
        return format('%s is out of stock %s: nothing usable to dispense', v_name, v_where);
    end if;
    if p_quantity is not null and v_available.usable_quantity < p_quantity then
        return format('only %s %s of %s usable %s (%s requested; nearest expiry %s): '
                      'dispensing would be partial',
                      trim_scale(v_available.usable_quantity), v_unit, v_name, v_where,
                      trim_scale(p_quantity), v_available.nearest_expiry);
    end if;
    return format('%s %s of %s usable %s (nearest expiry %s)',
                  trim_scale(v_available.usable_quantity), v_unit, v_name, v_where, v_available.nearest_expiry);
end;
$$;

comment on function pharmacy.availability_notice(bigint, numeric, bigint) is
'A sentence for the prescriber about usable stock and the nearest expiry (from pharmacy.stock_availability), '
'warning when the requested quantity exceeds what is usable. Raises P0002 for an unknown medication or location.';

revoke all on function pharmacy.availability_notice from public;
grant execute on function pharmacy.availability_notice to hc_pharmacist, hc_clinician, hc_app;
