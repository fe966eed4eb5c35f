-- requires: functions/clinic.assert_may_chart.sql
create or replace procedure clinic.start_encounter(
    p_encounter_id bigint,
    p_chief_complaint text default null,
    p_temperature_c numeric default null,
    p_heart_rate integer default null,
    p_systolic_bp integer default null,
    p_diastolic_bp integer default null,
    p_respiratory_rate integer default null,
    p_oxygen_saturation integer default null,
    p_weight_kg numeric default null,
    p_height_cm numeric default null
)
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
    v_status text;
begin
    perform clinic.assert_may_chart(p_encounter_id);  -- 42501 unless the caller treats this visit
    select e.status into v_status from clinic.encounter e where e.encounter_id = p_encounter_id for update;
    if not found then
        raise exception 'encounter % does not exist', p_encounter_id
            using errcode = 'P0002', hint = 'Check the encounter (visit) number.';
    end if;
    if v_status <> 'checked in' then
        raise exception 'encounter % is "%" and cannot be started', p_encounter_id, v_status
            using errcode = 'ZC004',
                  detail = 'Only a checked-in visit can start.',
                  hint = 'A visit starts once, after check-in.';
    end if;
    -- the vitals' range CHECKs on clinic.encounter refuse impossible values (23514)
    update clinic.encounter
       set status = 'in progress',
           admitted_at = now(),
           chief_complaint = p_chief_complaint,
           temperature_c = p_temperature_c,
           heart_rate = p_heart_rate,
           systolic_bp = p_systolic_bp,
           diastolic_bp = p_diastolic_bp,
           respiratory_rate = p_respiratory_rate,
           oxygen_saturation = p_oxygen_saturation,
           weight_kg = p_weight_kg,
           height_cm = p_height_cm
     where encounter_id = p_encounter_id;
end;
$$;

comment on procedure clinic.start_encounter (
    bigint, text, numeric, integer, integer, integer, integer, integer, numeric, numeric
) is
'The doctor starts the consultation: records the chief complaint and vitals; the appointment becomes in progress. '
'Refuses: unknown encounter (P0002), not checked in (ZC004), impossible vitals (23514).';

revoke all on procedure clinic.start_encounter from public;
grant execute on procedure clinic.start_encounter to hc_clinician, hc_app;
