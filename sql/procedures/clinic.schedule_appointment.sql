-- requires: functions/clinic.assert_bookable_slot.sql, functions/clinic.raise_double_booking.sql
create or replace procedure clinic.schedule_appointment(
    p_patient_id bigint,
    p_doctor_id bigint,
    p_department_id bigint,
    p_starts_at timestamptz,
    p_ends_at timestamptz,
    p_reason text default null,
    inout p_appointment_id bigint default null
)
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
    if p_patient_id is null then
        raise exception 'the patient is required' using errcode = '22023', hint = 'Give the patient''s number.';
    end if;
    perform 1 from clinic.patient p where p.patient_id = p_patient_id;
    if not found then
        raise exception 'patient % does not exist', p_patient_id
            using errcode = 'P0002', hint = 'Register the patient first, or check the number.';
    end if;
    perform clinic.assert_bookable_slot(p_doctor_id, p_department_id, p_starts_at, p_ends_at);
    -- ON CONFLICT DO NOTHING checks the exclusion constraints by speculative
    -- insertion: colliding concurrent bookings wait for each other without
    -- deadlocking and without a subtransaction; the loser inserts nothing.
    insert into clinic.appointment (patient_id, doctor_id, department_id, during, reason)
    values (p_patient_id, p_doctor_id, p_department_id, tstzrange(p_starts_at, p_ends_at, '[)'), p_reason)
    on conflict do nothing
    returning appointment_id into p_appointment_id;
    if p_appointment_id is null then
        perform clinic.raise_double_booking(p_patient_id, p_doctor_id, tstzrange(p_starts_at, p_ends_at, '[)'));
    end if;
end;
$$;

comment on procedure clinic.schedule_appointment (bigint, bigint, bigint, timestamptz, timestamptz, text, bigint) is
'Books an appointment and returns its id. Refuses: unknown patient/doctor/department (P0002), missing or '
'reversed times (22023), the past (ZC001), outside working hours (ZC002), a doctor of another department (ZC003), '
'a non-doctor (ZC009), an overlap for the doctor or the patient (23P01).';

revoke all on procedure clinic.schedule_appointment from public;
grant execute on procedure clinic.schedule_appointment to hc_receptionist, hc_app;
