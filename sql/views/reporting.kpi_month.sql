create or replace view reporting.kpi_month as
select
    activity.month_start,
    (activity.month_start + interval '1 month')::date <= current_date as is_complete,
    sum(activity.encounters)::bigint as encounters,
    sum(activity.appointments)::bigint as appointments,
    sum(activity.diagnoses)::bigint as diagnoses,
    sum(activity.invoice_lines)::bigint as invoice_lines
from (
    select
        v.month_start,
        v.visits as encounters,
        0 as appointments,
        0 as diagnoses,
        0 as invoice_lines
    from dw.agg_visit_doctor as v
    union all
    select
        a.month_start,
        0 as encounters,
        a.appointments,
        0 as diagnoses,
        0 as invoice_lines
    from dw.agg_appointment as a
    union all
    select
        s.month_start,
        0 as encounters,
        0 as appointments,
        s.diagnoses,
        0 as invoice_lines
    from dw.agg_diagnosis_severity as s
    union all
    select
        b.month_start,
        0 as encounters,
        0 as appointments,
        0 as diagnoses,
        b.invoice_lines
    from dw.agg_billing as b
) as activity
group by activity.month_start;

comment on view reporting.kpi_month is
'KPI months: one row per month with any warehouse activity (encounters, appointments, diagnoses or invoice lines), '
'from the dw monthly aggregates. A month without a row had no activity. Filter on month_start.';
comment on column reporting.kpi_month.month_start is 'first day of the month (UTC month of the facts'' date_key)';
comment on column reporting.kpi_month.is_complete is 'true when the month ended before today';
comment on column reporting.kpi_month.encounters is 'encounters checked in that month';
comment on column reporting.kpi_month.appointments is 'appointments starting that month, every status';
comment on column reporting.kpi_month.diagnoses is 'diagnoses recorded that month';
comment on column reporting.kpi_month.invoice_lines is 'invoice lines of invoices issued that month';

revoke all on reporting.kpi_month from public;
grant select on reporting.kpi_month to hc_analyst, hc_bi_reader;
