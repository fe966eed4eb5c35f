-- requires: functions/clinic.assert_bookable_slot.sql, functions/clinic.raise_double_booking.sql
create or replace procedure clinic.reschedule_appointment(
    p_appointment_id bigint,
    p_starts_at timestamptz,
    p_ends_at timestamptz
)
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
    v_appointment record;
    v_attempt integer;
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
        raise exception 'appointment % is "%" and can no longer be moved', p_appointment_id, v_appointment.status
            using errcode = 'ZC008',
                  detail = 'Only scheduled appointments can be rescheduled.',
                  hint = 'Book a new appointment instead.';
    end if;
    perform clinic.assert_bookable_slot(v_appointment.doctor_id, v_appointment.department_id, p_starts_at, p_ends_at);
    -- an UPDATE has no ON CONFLICT: two colliding moves can each wait for the
    -- other inside the exclusion check, and PostgreSQL aborts one with a
    -- deadlock; retrying it makes it wait for the winner and fail with 23P01
    for v_attempt in 1..5 loop
        begin
            update clinic.appointment
               set during = tstzrange(p_starts_at, p_ends_at, '[)')
             where appointment_id = p_appointment_id;
            exit;
        exception
            when exclusion_violation then
                perform clinic.raise_double_booking(v_appointment.patient_id, v_appointment.doctor_id,
                                                    tstzrange(p_starts_at, p_ends_at, '[)'), p_appointment_id);
            when deadlock_detected then
                if v_attempt = 5 then
                    raise;
                end if;
        end;
    end loop;
end;
$$;

comment on procedure clinic.reschedule_appointment (bigint, timestamptz, timestamptz) is
'Moves a scheduled appointment to a new time with the same doctor. Refuses: unknown appointment (P0002), '
'not scheduled any more (ZC008), and everything schedule_appointment refuses for the new slot.';

revoke all on procedure clinic.reschedule_appointment from public;
grant execute on procedure clinic.reschedule_appointment to hc_receptionist, hc_app;
