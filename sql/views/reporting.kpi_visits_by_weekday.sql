create or replace view reporting.kpi_visits_by_weekday as
select
    w.month_start,
    w.department_key,
    coalesce(d.department_name, 'All departments') as department_name,
    w.iso_weekday,
    w.visits
from (
    select
        a.month_start,
        a.department_key,
        a.iso_weekday,
        a.visits
    from dw.agg_visit_weekday as a
    union all
    select
        a.month_start,
        null::bigint as department_key,
        a.iso_weekday,
        sum(a.visits)::bigint as visits
    from dw.agg_visit_weekday as a
    group by a.month_start, a.iso_weekday
) as w
left join dw.dim_department as d on w.department_key = d.department_key;

comment on view reporting.kpi_visits_by_weekday is
'Visits per month, department and ISO weekday of check-in (UTC day), for a heat map: one row per department and '
'weekday with visits, plus total rows (department_key null, ''All departments''). From dw.agg_visit_weekday.';
comment on column reporting.kpi_visits_by_weekday.month_start is 'first day of the month of check-in (UTC)';
comment on column reporting.kpi_visits_by_weekday.department_key is 'the department (OLTP id); null on the total rows';
comment on column reporting.kpi_visits_by_weekday.department_name is
'department name; ''All departments'' on the total rows';
comment on column reporting.kpi_visits_by_weekday.iso_weekday is '1 = Monday .. 7 = Sunday (UTC day of check-in)';
comment on column reporting.kpi_visits_by_weekday.visits is 'encounters checked in on that weekday in that month';

revoke all on reporting.kpi_visits_by_weekday from public;
grant select on reporting.kpi_visits_by_weekday to hc_analyst, hc_bi_reader;
