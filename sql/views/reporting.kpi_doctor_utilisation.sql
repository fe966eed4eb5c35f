create or replace view reporting.kpi_doctor_utilisation as
select
    x.month_start,
    g.department_key,
    coalesce(d.department_name, 'All departments') as department_name,
    g.doctor_durable_key,
    sum(x.booked_minutes)::numeric(16, 1) as booked_minutes,
    sum(av.available_minutes)::bigint as available_minutes,
    round(sum(x.booked_minutes) / nullif(sum(av.available_minutes), 0), 4) as utilisation
from (
    -- one row per doctor and month with booked time; a doctor booked in two departments in one month counts in the
    -- one with the most booked minutes (so available minutes are never counted twice)
    select
        b.month_start,
        b.doctor_durable_key,
        (array_agg(b.department_key order by b.booked_minutes desc, b.department_key asc))[1] as department_key,
        sum(b.booked_minutes) as booked_minutes
    from (
        select
            a.month_start,
            a.doctor_durable_key,
            a.department_key,
            sum(a.booked_minutes) as booked_minutes
        from dw.agg_appointment as a
        where a.appointment_status <> 'cancelled'
        group by a.month_start, a.doctor_durable_key, a.department_key
    ) as b
    group by b.month_start, b.doctor_durable_key
) as x
-- the doctor's weekly working hours over the calendar days of the month
cross join
    lateral (
        select coalesce(sum(h.available_minutes), 0) as available_minutes
        from dw.dim_date as dd
        inner join dw.doctor_working_hours as h on dd.iso_weekday = h.iso_weekday
        where dd.month_start = x.month_start and h.doctor_durable_key = x.doctor_durable_key
    ) as av
-- each doctor row counts three times: for itself, its department and the total
cross join
    lateral (
        values
        (x.department_key, x.doctor_durable_key),
        (x.department_key, null::bigint),
        (null::bigint, null::bigint)
    ) as g (department_key, doctor_durable_key)
left join dw.dim_department as d on g.department_key = d.department_key
group by x.month_start, g.department_key, d.department_name, g.doctor_durable_key;

comment on view reporting.kpi_doctor_utilisation is
'Doctor utilisation per month: booked minutes / available minutes. One row per doctor with at least one '
'appointment not cancelled that month, plus department rows (doctor_durable_key null) and a total row '
'(department_key null, ''All departments''). Available minutes come from the doctor''s current weekly working '
'hours (dw.doctor_working_hours, type 1) over the calendar days of the month. From dw.agg_appointment.';
comment on column reporting.kpi_doctor_utilisation.month_start is 'first day of the month the appointments start in';
comment on column reporting.kpi_doctor_utilisation.department_key is
'the doctor''s department that month (where most minutes were booked); null on the total row';
comment on column reporting.kpi_doctor_utilisation.department_name is
'department name; ''All departments'' on the total row';
comment on column reporting.kpi_doctor_utilisation.doctor_durable_key is
'the doctor (OLTP staff id); null on department and total rows';
comment on column reporting.kpi_doctor_utilisation.booked_minutes is
'minutes of every appointment not cancelled (scheduled, checked in, in progress, completed, no-show)';
comment on column reporting.kpi_doctor_utilisation.available_minutes is
'minutes of working time over the calendar days of the month (0 for a doctor without working hours)';
comment on column reporting.kpi_doctor_utilisation.utilisation is
'booked_minutes / available_minutes, 4 decimals; null when no working hours; above 1 when booked beyond them';

revoke all on reporting.kpi_doctor_utilisation from public;
grant select on reporting.kpi_doctor_utilisation to hc_analyst, hc_bi_reader;
