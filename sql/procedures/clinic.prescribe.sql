-- requires: functions/clinic.assert_encounter_in_progress.sql, functions/clinic.assert_active_doctor.sql
-- requires: functions/pharmacy.availability_notice.sql
-- requires: functions/clinic.assert_may_chart.sql
create or replace procedure clinic.prescribe(
    p_encounter_id bigint,
    p_medication_id bigint,
    p_prescriber_id bigint,
    p_dose text,
    p_frequency text,
    p_quantity numeric,
    p_duration_days integer default null,
    p_instructions text default null,
    inout p_usable_stock numeric default null,
    inout p_nearest_expiry date default null,
    inout p_prescription_id bigint default null
)
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
    v_medication record;
begin
    perform clinic.assert_may_chart(p_encounter_id);  -- 42501 unless the caller treats this visit
    if nullif(btrim(p_dose), '') is null or nullif(btrim(p_frequency), '') is null then
        raise exception 'the dose and the frequency are required'
            using errcode = '22023', hint = 'For example dose 500 mg, frequency twice daily.';
    end if;
    if p_quantity is null or p_quantity <= 0 then
        raise exception 'the quantity to dispense must be positive (got %)', p_quantity
            using errcode = '22023', hint = 'Give the total quantity in the medication''s dispensing unit.';
    end if;
    if p_duration_days <= 0 then
        raise exception 'the duration must be at least one day (got %)', p_duration_days
            using errcode = '22023', hint = 'Leave the duration empty when it is open-ended.';
    end if;
    select m.generic_name, m.is_active into v_medication
      from pharmacy.medication m where m.medication_id = p_medication_id;
    if not found then
        raise exception 'medication % is not in the catalog', p_medication_id
            using errcode = 'P0002', hint = 'Check the medication number in pharmacy.medication.';
    end if;
    if not v_medication.is_active then
        raise exception 'medication "%" is withdrawn from the catalog', v_medication.generic_name
            using errcode = 'ZC010', hint = 'Prescribe an active medication.';
    end if;
    perform clinic.assert_active_doctor(p_prescriber_id);
    perform clinic.assert_encounter_in_progress(p_encounter_id);
    insert into clinic.prescription (
        encounter_id, medication_id, prescriber_id, dose, frequency, duration_days, quantity, instructions
    )
    values (
        p_encounter_id, p_medication_id, p_prescriber_id, btrim(p_dose), btrim(p_frequency), p_duration_days,
        p_quantity, p_instructions
    )
    returning prescription_id into p_prescription_id;
    -- tell the prescriber now what the pharmacy can hand out, instead of failing
    -- later at dispensing: usable (unexpired) stock across open locations
    select a.usable_quantity, a.nearest_expiry into p_usable_stock, p_nearest_expiry
      from pharmacy.stock_availability(p_medication_id) as a;
    raise notice '%', pharmacy.availability_notice(p_medication_id, p_quantity);
end;
$$;

comment on procedure clinic.prescribe (
    bigint, bigint, bigint, text, text, numeric, integer, text, numeric, date, bigint
) is
'Prescribes a medication during an encounter in progress and returns the prescription id (the pharmacy dispenses '
'it) with the usable stock across open locations and its nearest expiry at this moment (also raised as a NOTICE '
'sentence for the prescriber; prescribing is not refused when stock is short). Refuses: unknown encounter, '
'medication or prescriber (P0002), encounter not in progress (ZC007), withdrawn medication (ZC010), '
'not an active doctor (ZC009), missing dose/frequency, non-positive quantity or duration (22023).';

revoke all on procedure clinic.prescribe from public;
grant execute on procedure clinic.prescribe to hc_clinician, hc_app;
