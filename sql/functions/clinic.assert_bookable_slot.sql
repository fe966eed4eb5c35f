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
    -- one lookup for the doctor, the department and that weekday's hours (this
    -- runs on every booking); the checks below tell which part is missing
    select s.staff_id, s.department_id, s.staff_role, s.is_active, s.first_name, s.last_name,
           d.department_id as requested_department_id, d.time_zone, w.start_time, w.end_time,
           (p_starts_at at time zone d.time_zone) as local_start,
           (p_ends_at at time zone d.time_zone) as local_end
      into v_doctor
      from (select p_doctor_id as staff_id) as asked
      left join clinic.staff s on s.staff_id = asked.staff_id
      left join clinic.department d on d.department_id = p_department_id
      left join clinic.working_day w
        on w.staff_id = s.staff_id
       and w.iso_weekday = extract(isodow from p_starts_at at time zone d.time_zone)::smallint;
    if v_doctor.staff_id is null then
        raise exception 'doctor % does not exist', p_doctor_id
            using errcode = 'P0002', hint = 'Check the doctor''s staff number.';
    end if;
    if v_doctor.staff_role <> 'doctor' or not v_doctor.is_active then
        raise exception '% % (staff %) is not an active doctor', v_doctor.first_name, v_doctor.last_name, p_doctor_id
            using errcode = 'ZC009',
                  detail = format('Role: %s, active: %s.', v_doctor.staff_role, v_doctor.is_active),
                  hint = 'Appointments are booked with active doctors only.';
    end if;
    if v_doctor.requested_department_id is null then
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
    v_time_zone := v_doctor.time_zone;
    v_local_start := v_doctor.local_start;
    v_local_end := v_doctor.local_end;
    if v_doctor.start_time is null then
        raise exception 'Dr % % does not work on %s', v_doctor.first_name, v_doctor.last_name,
            to_char(v_local_start, 'FMDay')
            using errcode = 'ZC002',
                  detail = format('Requested %s to %s (%s).', v_local_start, v_local_end, v_time_zone),
                  hint = 'Use clinic.doctor_availability(doctor, day) to find a free slot.';
    end if;
    if v_local_start < v_local_start::date + v_doctor.start_time
       or v_local_end > v_local_start::date + v_doctor.end_time then
        raise exception 'the appointment is outside Dr % %''s working hours', v_doctor.first_name, v_doctor.last_name
            using errcode = 'ZC002',
                  detail = format('Requested %s to %s; working hours on %s are %s to %s (%s).',
                                  v_local_start, v_local_end, to_char(v_local_start, 'FMDay'),
                                  v_doctor.start_time, v_doctor.end_time, v_time_zone),
                  hint = 'Use clinic.doctor_availability(doctor, day) to find a free slot.';
    end if;
end;
$$;

comment on function clinic.assert_bookable_slot(bigint, bigint, timestamptz, timestamptz) is
'Raises unless the slot can be booked: not in the past (ZC001), an active doctor (ZC009) of that department (ZC003), '
'within the doctor''s working hours in the department''s time zone (ZC002). Overlaps are left to the exclusion '
'constraints.';
