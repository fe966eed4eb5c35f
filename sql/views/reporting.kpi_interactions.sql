create or replace view reporting.kpi_interactions as
select
    p.month_start,
    p.department_key,
    coalesce(d.department_name, 'All departments') as department_name,
    p.visits,
    p.distinct_patients,
    doc.doctors,
    round(p.visits::numeric / nullif(doc.doctors, 0), 2) as visits_per_doctor,
    p.new_patients,
    p.distinct_patients - p.new_patients as returning_patients
from (
    select
        v.month_start,
        v.department_key,
        sum(v.visits)::bigint as visits,
        count(*) as distinct_patients,
        count(f.patient_durable_key) as new_patients
    from dw.agg_visit_patient as v
    left join dw.patient_first_visit as f
        on v.patient_durable_key = f.patient_durable_key and v.month_start = f.first_month
    group by v.month_start, v.department_key
    union all
    -- the total row from the month-level counts: no distinct count over the month's agg_visit_patient rows
    select
        pm.month_start,
        null::bigint as department_key,
        (
            select sum(dv.visits)::bigint from dw.agg_visit_doctor as dv
            where dv.month_start = pm.month_start
        ) as visits,
        pm.seen_patients as distinct_patients,
        (
            select count(*) from dw.patient_first_visit as f
            where f.first_month = pm.month_start
        ) as new_patients
    from dw.agg_patient_month as pm
    where pm.seen_patients > 0
) as p
-- distinct doctors of the row's month and department (all departments on the total row); a correlated
-- subquery, so a month filter given as a parameter (the headline's lateral join) reaches agg_visit_doctor too
cross join
    lateral (
        select count(distinct dv.doctor_durable_key) as doctors
        from dw.agg_visit_doctor as dv
        where
            dv.month_start = p.month_start
            and dv.department_key = coalesce(p.department_key, dv.department_key)
    ) as doc
left join dw.dim_department as d on p.department_key = d.department_key;

comment on view reporting.kpi_interactions is
'Doctor-patient interactions per month: one row per department with encounters plus a total row (department_key '
'null, ''All departments''). From dw.agg_visit_patient, dw.agg_visit_doctor, dw.patient_first_visit and '
'dw.agg_patient_month (total row).';
comment on column reporting.kpi_interactions.month_start is 'first day of the month of check-in (UTC)';
comment on column reporting.kpi_interactions.department_key is
'the department (OLTP department id); null on the total row';
comment on column reporting.kpi_interactions.department_name is 'department name; ''All departments'' on the total row';
comment on column reporting.kpi_interactions.visits is 'encounters checked in that month';
comment on column reporting.kpi_interactions.distinct_patients is 'distinct patients with an encounter that month';
comment on column reporting.kpi_interactions.doctors is 'distinct doctors with an encounter that month';
comment on column reporting.kpi_interactions.visits_per_doctor is 'visits / doctors, 2 decimals';
comment on column reporting.kpi_interactions.new_patients is
'patients whose first encounter ever (in any department) is in this month';
comment on column reporting.kpi_interactions.returning_patients is
'patients seen this month who had an encounter in an earlier month (distinct_patients - new_patients)';

revoke all on reporting.kpi_interactions from public;
grant select on reporting.kpi_interactions to hc_analyst, hc_bi_reader;
