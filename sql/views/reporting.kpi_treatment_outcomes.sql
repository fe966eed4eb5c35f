create or replace view reporting.kpi_treatment_outcomes as
select
    t.month_start,
    t.department_key,
    coalesce(d.department_name, 'All departments') as department_name,
    t.treatment_category_code,
    t.treatments,
    t.improved_or_resolved,
    round(t.improved_or_resolved::numeric / nullif(t.treatments, 0), 4) as improved_share,
    t.revenue
from (
    select
        a.month_start,
        a.department_key,
        a.treatment_category_code,
        sum(a.treatments)::bigint as treatments,
        coalesce(sum(a.treatments) filter (where a.outcome in ('improved', 'resolved')), 0)::bigint
            as improved_or_resolved,
        sum(a.revenue)::numeric(16, 2) as revenue
    from dw.agg_treatment as a
    group by a.month_start, a.department_key, a.treatment_category_code
    union all
    select
        a.month_start,
        null::bigint as department_key,
        a.treatment_category_code,
        sum(a.treatments)::bigint as treatments,
        coalesce(sum(a.treatments) filter (where a.outcome in ('improved', 'resolved')), 0)::bigint
            as improved_or_resolved,
        sum(a.revenue)::numeric(16, 2) as revenue
    from dw.agg_treatment as a
    group by a.month_start, a.treatment_category_code
) as t
left join dw.dim_department as d on t.department_key = d.department_key;

comment on view reporting.kpi_treatment_outcomes is
'Treatment outcomes per month the treatment was given (UTC): one row per department and treatment category, plus '
'total rows per category (department_key null, ''All departments''). From dw.agg_treatment.';
comment on column reporting.kpi_treatment_outcomes.month_start is 'first day of the month the treatments were given in';
comment on column reporting.kpi_treatment_outcomes.department_key is
'the department of the encounter (OLTP id); null on the total rows';
comment on column reporting.kpi_treatment_outcomes.department_name is
'department name; ''All departments'' on the total rows';
comment on column reporting.kpi_treatment_outcomes.treatment_category_code is
'letter prefix of the treatment code (dw.dim_treatment_category)';
comment on column reporting.kpi_treatment_outcomes.treatments is 'treatments given';
comment on column reporting.kpi_treatment_outcomes.improved_or_resolved is
'treatments with outcome improved or resolved';
comment on column reporting.kpi_treatment_outcomes.improved_share is
'improved_or_resolved / treatments, 0..1, 4 decimals';
comment on column reporting.kpi_treatment_outcomes.revenue is 'sum of the prices charged for those treatments';

revoke all on reporting.kpi_treatment_outcomes from public;
grant select on reporting.kpi_treatment_outcomes to hc_analyst, hc_bi_reader;
