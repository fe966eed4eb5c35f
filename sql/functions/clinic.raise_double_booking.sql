create or replace function clinic.raise_double_booking(
    p_constraint text,
    p_patient_id bigint,
    p_doctor_id bigint,
    p_during tstzrange
)
returns void
language plpgsql
stable
set search_path = pg_catalog, pg_temp
as $$
declare
    v_conflict record;
    v_who text := case when p_constraint = 'appointment_patient_no_overlap' then 'patient' else 'doctor' end;
begin
    select a.appointment_id, a.starts_at, a.ends_at
      into v_conflict
      from clinic.appointment a
     where a.during && p_during
       and a.status in ('scheduled', 'checked in', 'in progress', 'completed')
       and ((v_who = 'patient' and a.patient_id = p_patient_id) or (v_who = 'doctor' and a.doctor_id = p_doctor_id))
     order by a.starts_at
     limit 1;
    raise exception 'the % already has an appointment at that time', v_who
        using errcode = '23P01',
              detail = case when v_conflict.appointment_id is null
                            then format('Another booking for the %s overlaps %s to %s.', v_who,
                                        lower(p_during), upper(p_during))
                            else format('Appointment %s (%s to %s) overlaps %s to %s.', v_conflict.appointment_id,
                                        v_conflict.starts_at, v_conflict.ends_at, lower(p_during), upper(p_during))
                       end,
              hint = 'Choose another time; clinic.doctor_availability(doctor, day) lists the free slots.',
              constraint = p_constraint;
end;
$$;

comment on function clinic.raise_double_booking(text, bigint, bigint, tstzrange) is
'Re-raises an exclusion violation on clinic.appointment (23P01) naming the appointment it collides with.';
