-- requires: procedures/pharmacy.dispense_stock.sql
-- The prescription-facing dispense: what remains of a prescription, handed out
-- first-expiry-first-out at one location through pharmacy.dispense_stock, and the
-- prescription's status moved to 'partially dispensed' or 'dispensed'. The
-- prescription row is locked first, so two pharmacists dispensing the same
-- prescription at once queue up and never hand out more than was prescribed.
create or replace procedure pharmacy.dispense_prescription(
    p_prescription_id bigint,
    p_location_id bigint,
    p_quantity numeric default null,
    p_allow_partial boolean default true,
    inout p_dispensing_id bigint default null,
    inout p_dispensed_quantity numeric default null,
    inout p_prescription_status text default null
)
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
    v_prescription record;
    v_already numeric;
    v_remaining numeric;
    v_wanted numeric;
begin
    select p.prescription_id, p.medication_id, p.quantity, p.status
      into v_prescription
      from clinic.prescription as p
     where p.prescription_id = p_prescription_id
       for update;
    if not found then
        raise exception 'prescription % does not exist', p_prescription_id
            using errcode = 'P0002', hint = 'Check the prescription number.';
    end if;
    if v_prescription.status = 'cancelled' then
        raise exception 'prescription % was cancelled and cannot be dispensed', p_prescription_id
            using errcode = 'ZP008', hint = 'Ask the prescriber for a new prescription.';
    end if;

    select coalesce(sum(d.dispensed_quantity), 0) into v_already
      from pharmacy.dispensing as d
     where d.prescription_id = p_prescription_id;
    v_remaining := v_prescription.quantity - v_already;
    if v_remaining <= 0 then
        raise exception 'prescription % has been dispensed in full', p_prescription_id
            using errcode = 'ZP009',
                  detail = format('Prescribed %s, dispensed %s.', trim_scale(v_prescription.quantity),
                                  trim_scale(v_already));
    end if;
    v_wanted := coalesce(p_quantity, v_remaining);
    if v_wanted <= 0 or v_wanted > v_remaining then
        raise exception 'cannot dispense % units: % remain on prescription %',
            trim_scale(v_wanted), trim_scale(v_remaining), p_prescription_id
            using errcode = '22023', hint = 'Leave the quantity empty to dispense what remains.';
    end if;

    call pharmacy.dispense_stock(
        v_prescription.medication_id, p_location_id, v_wanted, format('prescription %s', p_prescription_id),
        p_allow_partial, p_prescription_id, p_dispensing_id, p_dispensed_quantity
    );

    p_prescription_status := case
        when v_already + p_dispensed_quantity >= v_prescription.quantity then 'dispensed'
        else 'partially dispensed'
    end;
    update clinic.prescription
       set status = p_prescription_status
     where prescription_id = p_prescription_id;
end;
$$;

comment on procedure pharmacy.dispense_prescription (bigint, bigint, numeric, boolean, bigint, numeric, text) is
'Dispenses what remains of a prescription (or p_quantity of it) at a location, first-expiry-first-out, and marks '
'the prescription partially dispensed or dispensed. With p_allow_partial (the default) a shortage hands out what '
'is usable and records it as partial. Returns the dispensing id, the quantity handed out and the new status. '
'Refuses: unknown prescription or location (P0002), cancelled prescription (ZP008), already dispensed in full '
'(ZP009), more than remains (22023), nothing usable in stock or a shortage without p_allow_partial (ZP001).';

revoke all on procedure pharmacy.dispense_prescription from public;
grant execute on procedure pharmacy.dispense_prescription to hc_pharmacist, hc_app;
