-- Two monthly aggregates the KPI views (reporting.kpi_*) need and the 0060
-- aggregates cannot give fast: visits per weekday (no aggregate keeps the day)
-- and distinct patients per month and over a rolling 12 months (a distinct count
-- over a year of agg_visit_patient is ~1M rows at hospital size). Both are kept by
-- dw.load_kpi_aggregates during dw.refresh() / dw.rebuild().

create table dw.agg_visit_weekday (
    month_start date not null,
    department_key bigint not null,
    iso_weekday smallint not null,
    visits bigint not null,
    primary key (month_start, department_key, iso_weekday),
    constraint agg_visit_weekday_weekday_check check (iso_weekday between 1 and 7)
);
comment on table dw.agg_visit_weekday is
'encounters per month, department and ISO weekday of check-in (UTC day; 1 = Monday), from fact_encounter';

create table dw.agg_patient_month (
    month_start date primary key,
    seen_patients bigint not null,
    active_patients bigint not null
);
comment on table dw.agg_patient_month is
'distinct patient counts per month (all departments), so the KPI views never count distinct patients over '
'agg_visit_patient: rows up to 11 months after the last encounter month';
comment on column dw.agg_patient_month.seen_patients is 'distinct patients with an encounter in this month';
comment on column dw.agg_patient_month.active_patients is
'distinct patients with an encounter in the 12 months ending with this month (denominator of disease prevalence)';

-- new patients of a month: the patients whose first month is that month; the calendar days of a month
-- (available minutes of doctor utilisation)
create index patient_first_visit_month_idx on dw.patient_first_visit (first_month);
create index dim_date_month_idx on dw.dim_date (month_start);

grant select on dw.agg_visit_weekday, dw.agg_patient_month to hc_analyst;
