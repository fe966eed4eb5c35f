create or replace procedure clinic.check_in(
    p_appointment_id bigint,
    inout p_encounter_id bigint default null
)
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
    v_appointment record;
begin
    select a.appointment_id, a.patient_id, a.doctor_id, a.department_id, a.status
      into v_appointment
      from clinic.appointment a
     where a.appointment_id = p_appointment_id
       for update;
    if not found then
        raise exception 'appointment % does not exist', p_appointment_id
            using errcode = 'P0002', hint = 'Check the appointment number.';
    end if;
    if v_appointment.status <> 'scheduled' then
        raise exception 'appointment % is "%" and cannot be checked in', p_appointment_id, v_appointment.status
            using errcode = 'ZC004',
                  detail = 'Only a scheduled appointment can be checked in.',
                  hint = 'Book a new appointment if this one was cancelled or missed.';
    end if;
    -- opening the encounter moves the appointment to "checked in" (trigger)
    insert into clinic.encounter (appointment_id, patient_id, doctor_id, department_id)
    values (v_appointment.appointment_id, v_appointment.patient_id, v_appointment.doctor_id,
            v_appointment.department_id)
    returning encounter_id into p_encounter_id;
end;
$$;

comment on procedure clinic.check_in (bigint, bigint) is
'The patient arrived: opens the encounter (medical record) of a scheduled appointment and returns its id. '
'Refuses: unknown appointment (P0002), an appointment that is not scheduled (ZC004).';

revoke all on procedure clinic.check_in from public;
grant execute on procedure clinic.check_in to hc_receptionist, hc_app;
