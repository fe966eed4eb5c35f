-- requires: functions/clinic.assert_may_chart.sql
create or replace procedure clinic.complete_encounter(
    p_encounter_id bigint,
    p_notes text default null
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
    if v_status <> 'in progress' then
        raise exception 'encounter % is "%" and cannot be completed', p_encounter_id, v_status
            using errcode = 'ZC004',
                  detail = 'Only a visit in progress can be completed.',
                  hint = case when v_status = 'checked in' then 'Start the encounter first.'
                              else 'This visit is already completed.' end;
    end if;
    -- triggers: the appointment becomes completed, the consultation fee is billed
    update clinic.encounter
       set status = 'completed',
           discharged_at = now(),
           notes = coalesce(p_notes, notes)
     where encounter_id = p_encounter_id;
end;
$$;

comment on procedure clinic.complete_encounter (bigint, text) is
'Closes the consultation: the appointment becomes completed and the doctor''s consultation fee is billed. '
'Refuses: unknown encounter (P0002), an encounter not in progress (ZC004).';

revoke all on procedure clinic.complete_encounter from public;
grant execute on procedure clinic.complete_encounter to hc_clinician, hc_app;
