create or replace function clinic.raise_double_booking(
    p_patient_id bigint,
    p_doctor_id bigint,
    p_during tstzrange,
    p_except_appointment_id bigint default null
)
returns void
language plpgsql
stable
set search_path = pg_catalog, pg_temp
as $$
declare
    v_conflict record;
begin
    -- the doctor's conflict first, then the patient's (the first one found is named); two lookups, each
    -- served by its own exclusion index: one query with "doctor or patient" scanned the patient index on
    -- the time range alone (6 ms a refusal at 2,000 patients, growing with the calendar)
    select a.appointment_id, a.starts_at, a.ends_at, 'doctor' as who
      into v_conflict
      from clinic.appointment a
     where a.doctor_id = p_doctor_id
       and a.during && p_during
       and a.status in ('scheduled', 'checked in', 'in progress', 'completed')
       and a.appointment_id is distinct from p_except_appointment_id
     order by a.starts_at
     limit 1;
    if v_conflict.appointment_id is null then
        select a.appointment_id, a.starts_at, a.ends_at, 'patient' as who
          into v_conflict
          from clinic.appointment a
         where a.patient_id = p_patient_id
           and a.during && p_during
           and a.status in ('scheduled', 'checked in', 'in progress', 'completed')
           and a.appointment_id is distinct from p_except_appointment_id
         order by a.starts_at
         limit 1;
    end if;
    raise exception 'the % already has an appointment at that time', coalesce(v_conflict.who, 'doctor or patient')
        using errcode = '23P01',
              detail = case when v_conflict.appointment_id is null
                            then format('Another booking overlaps %s to %s.', lower(p_during), upper(p_during))
                            else format('Appointment %s (%s to %s) overlaps %s to %s.', v_conflict.appointment_id,
                                        v_conflict.starts_at, v_conflict.ends_at, lower(p_during), upper(p_during))
                       end,
              hint = 'Choose another time; clinic.doctor_availability(doctor, day) lists the free slots.',
              constraint = case v_conflict.who when 'patient' then 'appointment_patient_no_overlap'
                                               else 'appointment_doctor_no_overlap' end;
end;
$$;

comment on function clinic.raise_double_booking(bigint, bigint, tstzrange, bigint) is
'Raises 23P01 for a booking that overlaps an active appointment of the doctor or the patient, naming that '
'appointment (and the exclusion constraint it hit).';
