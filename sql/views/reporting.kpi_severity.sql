create or replace view reporting.kpi_severity as
select
    s.month_start,
    s.department_key,
    coalesce(d.department_name, 'All departments') as department_name,
    s.severity,
    r.severity_rank,
    s.diagnoses,
    round(
        s.diagnoses::numeric / sum(s.diagnoses) over (partition by s.month_start, s.department_key), 4
    ) as share  -- noqa: RF04
from (
    select
        a.month_start,
        a.department_key,
        a.severity,
        a.diagnoses
    from dw.agg_diagnosis_severity as a
    union all
    select
        a.month_start,
        null::bigint as department_key,
        a.severity,
        sum(a.diagnoses)::bigint as diagnoses
    from dw.agg_diagnosis_severity as a
    group by a.month_start, a.severity
) as s
-- the ranks of ref.severity (the views read only dw; the four levels are fixed by the clinical core)
left join (
    values ('mild', 1::smallint), ('moderate', 2::smallint), ('severe', 3::smallint), ('critical', 4::smallint)
) as r (severity, severity_rank) on s.severity = r.severity
left join dw.dim_department as d on s.department_key = d.department_key;

comment on view reporting.kpi_severity is
'Diagnoses by severity per month: one row per department and severity with diagnoses, plus total rows '
'(department_key null, ''All departments''). Dated by the diagnosis time (UTC month), department of the '
'encounter. From dw.agg_diagnosis_severity.';
comment on column reporting.kpi_severity.month_start is 'first day of the month the diagnoses were recorded in';
comment on column reporting.kpi_severity.department_key is 'the department (OLTP id); null on the total rows';
comment on column reporting.kpi_severity.department_name is 'department name; ''All departments'' on the total rows';
comment on column reporting.kpi_severity.severity is 'mild, moderate, severe or critical';
comment on column reporting.kpi_severity.severity_rank is '1 mild, 2 moderate, 3 severe, 4 critical';
comment on column reporting.kpi_severity.diagnoses is 'diagnoses of that severity';
comment on column reporting.kpi_severity.share is
'diagnoses / all diagnoses of the same department (or of all departments) that month, 0..1, 4 decimals';

revoke all on reporting.kpi_severity from public;
grant select on reporting.kpi_severity to hc_analyst, hc_bi_reader;
