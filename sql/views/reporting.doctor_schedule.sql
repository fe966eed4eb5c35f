create or replace view reporting.doctor_schedule as
with calendar as (
    select gs::date as work_day
    from generate_series(current_date - 90, current_date + 90, interval '1 day') as gs
),

working as (
    select
        s.staff_id,
        s.first_name || ' ' || s.last_name as doctor_name,
        d.department_id,
        d.department_name,
        cal.work_day,
        (cal.work_day + w.start_time) at time zone d.time_zone as day_start,
        (cal.work_day + w.end_time) at time zone d.time_zone as day_end
    from clinic.staff as s
    inner join clinic.department as d on s.department_id = d.department_id
    inner join clinic.working_day as w on s.staff_id = w.staff_id
    inner join calendar as cal on w.iso_weekday = extract(isodow from cal.work_day)
    where s.staff_role = 'doctor'
)

select
    wk.staff_id as doctor_id,
    wk.doctor_name,
    wk.department_id,
    wk.department_name,
    wk.work_day,
    coalesce(bk.appointments, 0) as appointments,
    (extract(epoch from wk.day_end - wk.day_start) / 60)::integer as working_minutes,
    coalesce(bk.booked_minutes, 0)::integer as booked_minutes,
    (extract(epoch from wk.day_end - wk.day_start) / 60 - coalesce(bk.booked_minutes, 0))::integer as free_minutes,
    round(coalesce(bk.booked_minutes, 0) / (extract(epoch from wk.day_end - wk.day_start) / 60), 3) as utilisation
from working as wk
left join lateral (
    select
        count(*) as appointments,
        sum(extract(epoch from least(a.ends_at, wk.day_end) - greatest(a.starts_at, wk.day_start)) / 60)
            as booked_minutes
    from clinic.appointment as a
    where
        a.doctor_id = wk.staff_id
        and a.starts_at < wk.day_end
        and a.ends_at > wk.day_start
        and a.status in ('scheduled', 'checked in', 'in progress', 'completed')
) as bk on true;

comment on view reporting.doctor_schedule is
'One row per doctor and working day, 90 days back to 90 days ahead: booked and free minutes, utilisation. '
'Days are local to the department''s time zone.';
comment on column reporting.doctor_schedule.doctor_id is 'the doctor (clinic.staff)';
comment on column reporting.doctor_schedule.doctor_name is 'first and last name';
comment on column reporting.doctor_schedule.department_id is 'the doctor''s department';
comment on column reporting.doctor_schedule.department_name is 'department name';
comment on column reporting.doctor_schedule.work_day is 'the local calendar day';
comment on column reporting.doctor_schedule.appointments is 'active appointments (not cancelled, not no-show)';
comment on column reporting.doctor_schedule.working_minutes is 'length of the working day';
comment on column reporting.doctor_schedule.booked_minutes is 'minutes of the working day taken by appointments';
comment on column reporting.doctor_schedule.free_minutes is 'working minutes not booked';
comment on column reporting.doctor_schedule.utilisation is 'booked / working minutes, 0 to 1';

revoke all on reporting.doctor_schedule from public;
grant select on reporting.doctor_schedule to hc_analyst, hc_bi_reader, hc_receptionist, hc_clinician;
