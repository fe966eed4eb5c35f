create or replace function clinic.assert_bookable_slot(
    p_doctor_id bigint,
    p_department_id bigint,
    p_starts_at timestamptz,
    p_ends_at timestamptz
)
returns void
language plpgsql
stable
set search_path = pg_catalog, pg_temp
as $$
declare
    v_doctor record;
    v_time_zone text;
    v_local_start timestamp;
    v_local_end timestamp;
    v_day record;
begin
    if p_doctor_id is null or p_department_id is null or p_starts_at is null or p_ends_at is null then
        raise exception 'doctor, department, start and end of the appointment are required'
            using errcode = '22023',
                  hint = 'Give the doctor, the department and the start and end times.';
    end if;
    if p_ends_at <= p_starts_at then
        raise exception 'the appointment ends (%) before it starts (%)', p_ends_at, p_starts_at
            using errcode = '22023',
                  hint = 'The end time must be after the start time.';
    end if;
    if p_starts_at < now() then
        raise exception 'an appointment cannot be booked in the past (%)', p_starts_at
            using errcode = 'ZC001',
                  detail = format('It is now %s.', now()),
                  hint = 'Choose a start time in the future.';
    end if;
    select s.staff_id, s.department_id, s.staff_role, s.is_active, s.first_name, s.last_name
      into v_doctor
      from clinic.staff s
     where s.staff_id = p_doctor_id;
    if not found then
        raise exception 'doctor % does not exist', p_doctor_id
            using errcode = 'P0002', hint = 'Check the doctor''s staff number.';
    end if;
    if v_doctor.staff_role <> 'doctor' or not v_doctor.is_active then
        raise exception '% % (staff %) is not an active doctor', v_doctor.first_name, v_doctor.last_name, p_doctor_id
            using errcode = 'ZC009',
                  detail = format('Role: %s, active: %s.', v_doctor.staff_role, v_doctor.is_active),
                  hint = 'Appointments are booked with active doctors only.';
    end if;
    select d.time_zone into v_time_zone from clinic.department d where d.department_id = p_department_id;
    if not found then
        raise exception 'department % does not exist', p_department_id
            using errcode = 'P0002', hint = 'Check the department number.';
    end if;
    if v_doctor.department_id <> p_department_id then
        raise exception 'Dr % % does not work in department %', v_doctor.first_name, v_doctor.last_name, p_department_id
            using errcode = 'ZC003',
                  detail = format('The doctor works in department %s.', v_doctor.department_id),
                  hint = 'Book the appointment in the doctor''s own department, or choose another doctor.';
    end if;
    -- working hours are local times of the department's time zone
    v_local_start := p_starts_at at time zone v_time_zone;
    v_local_end := p_ends_at at time zone v_time_zone;
    select w.start_time, w.end_time
      into v_day
      from clinic.working_day w
     where w.staff_id = p_doctor_id and w.iso_weekday = extract(isodow from v_local_start)::smallint;
    if not found then
        raise exception 'Dr % % does not work on %s', v_doctor.first_name, v_doctor.last_name,
            to_char(v_local_start, 'FMDay')
            using errcode = 'ZC002',
                  detail = format('Requested %s to %s (%s).', v_local_start, v_local_end, v_time_zone),
                  hint = 'Use clinic.doctor_availability(doctor, day) to find a free slot.';
    end if;
    if v_local_start < v_local_start::date + v_day.start_time or v_local_end > v_local_start::date + v_day.end_time then
        raise exception 'the appointment is outside Dr % %''s working hours', v_doctor.first_name, v_doctor.last_name
            using errcode = 'ZC002',
                  detail = format('Requested %s to %s; working hours on %s are %s to %s (%s).',
                                  v_local_start, v_local_end, to_char(v_local_start, 'FMDay'),
                                  v_day.start_time, v_day.end_time, v_time_zone),
                  hint = 'Use clinic.doctor_availability(doctor, day) to find a free slot.';
    end if;
end;
$$;

comment on function clinic.assert_bookable_slot(bigint, bigint, timestamptz, timestamptz) is
'Raises unless the slot can be booked: not in the past (ZC001), an active doctor (ZC009) of that department (ZC003), '
'within the doctor''s working hours in the department''s time zone (ZC002). Overlaps are left to the exclusion '
'constraints.';
