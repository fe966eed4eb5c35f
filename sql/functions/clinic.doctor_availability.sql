-- requires: functions/clinic.assert_active_doctor.sql
create or replace function clinic.doctor_availability(
    p_doctor_id bigint,
    p_day date,
    p_slot_minutes integer default 15
)
returns table (slot_start timestamptz, slot_end timestamptz)
language plpgsql
stable
security definer  -- it must see every appointment of the doctor; it returns free slots only
set search_path = pg_catalog, pg_temp
as $$
declare
    v_time_zone text;
begin
    if p_day is null or p_slot_minutes is null or p_slot_minutes not between 5 and 480 then
        raise exception 'a day and a slot length of 5 to 480 minutes are required'
            using errcode = '22023', hint = 'For example clinic.doctor_availability(12, date ''2026-03-02'', 15).';
    end if;
    perform clinic.assert_active_doctor(p_doctor_id);
    select d.time_zone into v_time_zone
      from clinic.staff s join clinic.department d on d.department_id = s.department_id
     where s.staff_id = p_doctor_id;
    -- working hours are local to the department; slots are returned as instants
    return query
    select slot.starts, slot.starts + make_interval(mins => p_slot_minutes)
      from clinic.working_day w
     cross join lateral (
               select g at time zone v_time_zone as starts
                 from generate_series(p_day + w.start_time,
                                      p_day + w.end_time - make_interval(mins => p_slot_minutes),
                                      make_interval(mins => p_slot_minutes)) as g
           ) as slot
     where w.staff_id = p_doctor_id
       and w.iso_weekday = extract(isodow from p_day)
       and slot.starts >= now()
       and not exists (
               select 1 from clinic.appointment a
                where a.doctor_id = p_doctor_id
                  and a.status in ('scheduled', 'checked in', 'in progress', 'completed')
                  and a.during && tstzrange(slot.starts, slot.starts + make_interval(mins => p_slot_minutes), '[)')
           )
     order by 1;
end;
$$;

comment on function clinic.doctor_availability(bigint, date, integer) is
'Free slots of a doctor on a day (local to the department''s time zone), p_slot_minutes long, from now on: '
'within working hours and not overlapping an active appointment. Raises P0002/ZC009 for an unknown or '
'non-doctor, 22023 for a bad slot length.';

revoke all on function clinic.doctor_availability from public;
grant execute on function clinic.doctor_availability to hc_receptionist, hc_clinician, hc_app;
