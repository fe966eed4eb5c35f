create or replace view reporting.kpi_appointments as
select
    a.month_start,
    a.department_key,
    coalesce(d.department_name, 'All departments') as department_name,
    a.appointments,
    a.completed,
    a.cancelled,
    a.no_shows,
    round(a.no_shows::numeric / nullif(a.appointments - a.cancelled, 0), 4) as no_show_rate
from (
    select
        g.month_start,
        g.department_key,
        sum(g.appointments)::bigint as appointments,
        coalesce(sum(g.appointments) filter (where g.appointment_status = 'completed'), 0)::bigint as completed,
        coalesce(sum(g.appointments) filter (where g.appointment_status = 'cancelled'), 0)::bigint as cancelled,
        coalesce(sum(g.appointments) filter (where g.appointment_status = 'no-show'), 0)::bigint as no_shows
    from dw.agg_appointment as g
    group by g.month_start, g.department_key
    union all
    select
        g.month_start,
        null::bigint as department_key,
        sum(g.appointments)::bigint as appointments,
        coalesce(sum(g.appointments) filter (where g.appointment_status = 'completed'), 0)::bigint as completed,
        coalesce(sum(g.appointments) filter (where g.appointment_status = 'cancelled'), 0)::bigint as cancelled,
        coalesce(sum(g.appointments) filter (where g.appointment_status = 'no-show'), 0)::bigint as no_shows
    from dw.agg_appointment as g
    group by g.month_start
) as a
left join dw.dim_department as d on a.department_key = d.department_key;

comment on view reporting.kpi_appointments is
'Appointments per month of their start (UTC): one row per department with appointments plus a total row '
'(department_key null, ''All departments''); no-show rate. From dw.agg_appointment.';
comment on column reporting.kpi_appointments.month_start is 'first day of the month the appointments start in';
comment on column reporting.kpi_appointments.department_key is 'the department (OLTP id); null on the total row';
comment on column reporting.kpi_appointments.department_name is 'department name; ''All departments'' on the total row';
comment on column reporting.kpi_appointments.appointments is 'appointments, every status';
comment on column reporting.kpi_appointments.completed is 'appointments in status completed';
comment on column reporting.kpi_appointments.cancelled is 'appointments in status cancelled';
comment on column reporting.kpi_appointments.no_shows is 'appointments in status no-show';
comment on column reporting.kpi_appointments.no_show_rate is
'no_shows / (appointments - cancelled), 0..1, 4 decimals; null when nothing was left after cancellations';

revoke all on reporting.kpi_appointments from public;
grant select on reporting.kpi_appointments to hc_analyst, hc_bi_reader;
