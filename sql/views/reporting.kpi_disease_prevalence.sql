create or replace view reporting.kpi_disease_prevalence as
select
    p.month_start,
    p.level,
    p.code,
    p.title,
    p.patients,
    ap.active_patients,
    round(p.patients * 1000.0 / nullif(ap.active_patients, 0), 2) as per_1000_active,
    row_number() over (
        partition by p.month_start, p.level order by p.patients desc, lpad(p.code, 7, '0')
    ) as rank_in_month
from (
    select
        a.month_start,
        'chapter' as level,  -- noqa: RF04
        a.chapter_no::text as code,
        c.chapter_title as title,
        a.patients
    from dw.agg_prevalence_chapter as a
    inner join dw.dim_diagnosis_chapter as c on a.chapter_no = c.chapter_no
    union all
    select
        a.month_start,
        'block' as level,  -- noqa: RF04
        a.block_code as code,
        b.block_title as title,
        a.patients
    from dw.agg_prevalence_block as a
    inner join dw.dim_diagnosis_block as b on a.block_code = b.block_code
) as p
left join dw.agg_patient_month as ap on p.month_start = ap.month_start;

comment on view reporting.kpi_disease_prevalence is
'Disease prevalence per month: one row per ICD-10 chapter and per block with at least one patient diagnosed that '
'month (UTC month of the diagnosis time). The top 10 of a month: rank_in_month <= 10. From '
'dw.agg_prevalence_chapter, dw.agg_prevalence_block (counted by the ETL) and dw.agg_patient_month.';
comment on column reporting.kpi_disease_prevalence.month_start is
'first day of the month the diagnoses were recorded in';
comment on column reporting.kpi_disease_prevalence.level is 'chapter or block';
comment on column reporting.kpi_disease_prevalence.code is
'ICD-10 chapter number (as text) or block code (e.g. J09-J18)';
comment on column reporting.kpi_disease_prevalence.title is 'title of the chapter or block';
comment on column reporting.kpi_disease_prevalence.patients is
'distinct patients with at least one diagnosis of that chapter or block that month';
comment on column reporting.kpi_disease_prevalence.active_patients is
'distinct patients with an encounter in the 12 months ending with this month (all departments)';
comment on column reporting.kpi_disease_prevalence.per_1000_active is 'patients per 1,000 active patients, 2 decimals';
comment on column reporting.kpi_disease_prevalence.rank_in_month is
'1 = most patients, within the month and level; ties broken by code (chapter number) so ranks are unique';

revoke all on reporting.kpi_disease_prevalence from public;
grant select on reporting.kpi_disease_prevalence to hc_analyst, hc_bi_reader;
