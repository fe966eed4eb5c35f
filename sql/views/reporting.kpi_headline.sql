-- requires: views/reporting.kpi_month.sql
-- requires: views/reporting.kpi_interactions.sql
-- requires: views/reporting.kpi_doctor_utilisation.sql
-- requires: views/reporting.kpi_appointments.sql
-- requires: views/reporting.kpi_severity.sql
-- requires: views/reporting.kpi_billing.sql
-- Each lateral subquery reads the month and the month before from one KPI view's total row: a filter on
-- month_start reaches the aggregates as "month_start in (m, m - 1 month)", so no other month is computed.
create or replace view reporting.kpi_headline as
select
    m.month_start,
    k.kpi_code,
    k.kpi_label,
    k.unit,
    k.value,
    -- a previous month without any activity has no previous value (not 0)
    case when pm.has_previous then k.previous_raw end as previous_value,
    case when pm.has_previous then k.value - k.previous_raw end as change,  -- noqa: RF04
    case when pm.has_previous then round((k.value - k.previous_raw) / nullif(k.previous_raw, 0), 4) end
        as change_ratio,
    k.better_when,
    k.kpi_order as display_order
from reporting.kpi_month as m
cross join
    lateral (
        -- a lateral count, not exists(): the month filter reaches kpi_month's aggregates
        select
            (m.month_start - interval '1 month')::date as previous_month,
            count(*) > 0 as has_previous
        from reporting.kpi_month as p
        where p.month_start = (m.month_start - interval '1 month')::date
    ) as pm
cross join
    lateral (
        select
            max(i.visits) filter (where i.month_start = m.month_start) as visits,
            max(i.visits) filter (where i.month_start = pm.previous_month) as visits_before,
            max(i.distinct_patients) filter (where i.month_start = m.month_start) as patients,
            max(i.distinct_patients) filter (where i.month_start = pm.previous_month) as patients_before,
            max(i.new_patients) filter (where i.month_start = m.month_start) as new_patients,
            max(i.new_patients) filter (where i.month_start = pm.previous_month) as new_patients_before
        from reporting.kpi_interactions as i
        where i.month_start in (m.month_start, pm.previous_month) and i.department_key is null
    ) as i
cross join
    lateral (
        select
            max(u.utilisation) filter (where u.month_start = m.month_start) as utilisation,
            max(u.utilisation) filter (where u.month_start = pm.previous_month) as utilisation_before
        from reporting.kpi_doctor_utilisation as u
        where u.month_start in (m.month_start, pm.previous_month) and u.department_key is null
    ) as u
cross join
    lateral (
        select
            max(a.no_show_rate) filter (where a.month_start = m.month_start) as no_show_rate,
            max(a.no_show_rate) filter (where a.month_start = pm.previous_month) as no_show_rate_before
        from reporting.kpi_appointments as a
        where a.month_start in (m.month_start, pm.previous_month) and a.department_key is null
    ) as a
cross join
    lateral (
        select
            round(
                sum(s.diagnoses) filter (where s.month_start = m.month_start and s.severity_rank >= 3)
                / nullif(sum(s.diagnoses) filter (where s.month_start = m.month_start), 0), 4
            ) as severe_share,
            round(
                sum(s.diagnoses) filter (where s.month_start = pm.previous_month and s.severity_rank >= 3)
                / nullif(sum(s.diagnoses) filter (where s.month_start = pm.previous_month), 0), 4
            ) as severe_share_before
        from reporting.kpi_severity as s
        where s.month_start in (m.month_start, pm.previous_month) and s.department_key is null
    ) as s
cross join
    lateral (
        select
            max(b.billed) filter (where b.month_start = m.month_start) as billed,
            max(b.billed) filter (where b.month_start = pm.previous_month) as billed_before,
            max(b.collected) filter (where b.month_start = m.month_start) as collected,
            max(b.collected) filter (where b.month_start = pm.previous_month) as collected_before,
            max(b.collection_rate) filter (where b.month_start = m.month_start) as collection_rate,
            max(b.collection_rate) filter (where b.month_start = pm.previous_month) as collection_rate_before,
            max(b.outstanding) filter (where b.month_start = m.month_start) as outstanding,
            max(b.outstanding) filter (where b.month_start = pm.previous_month) as outstanding_before,
            max(b.days_sales_outstanding) filter (where b.month_start = m.month_start) as dso,
            max(b.days_sales_outstanding) filter (where b.month_start = pm.previous_month) as dso_before
        from reporting.kpi_billing as b
        where b.month_start in (m.month_start, pm.previous_month) and b.department_key is null
    ) as b
cross join
    lateral (
        -- pairs with a stock-out day; null when the stock snapshot has no day in that month
        select
            case when count(*) filter (where st.month_start = m.month_start) > 0
                    then count(*) filter (where st.month_start = m.month_start and st.stock_out_days > 0)
            end as stock_outs,
            case when count(*) filter (where st.month_start = pm.previous_month) > 0
                    then count(*) filter (where st.month_start = pm.previous_month and st.stock_out_days > 0)
            end as stock_outs_before
        from dw.agg_stock as st
        where st.month_start in (m.month_start, pm.previous_month)
    ) as st
cross join
    lateral (
        values
        (1, 'visits', 'Visits', 'count', i.visits::numeric, i.visits_before::numeric, 'higher'),
        (2, 'distinct_patients', 'Patients seen', 'count', i.patients, i.patients_before, 'higher'),
        (3, 'new_patients', 'New patients', 'count', i.new_patients, i.new_patients_before, 'higher'),
        (4, 'doctor_utilisation', 'Doctor utilisation', 'ratio', u.utilisation, u.utilisation_before, 'higher'),
        (5, 'no_show_rate', 'No-show rate', 'ratio', a.no_show_rate, a.no_show_rate_before, 'lower'),
        (6, 'severe_share', 'Severe or critical diagnoses', 'ratio', s.severe_share, s.severe_share_before, 'lower'),
        (7, 'billed', 'Billed', 'money', b.billed, b.billed_before, 'higher'),
        (8, 'collected', 'Collected', 'money', b.collected, b.collected_before, 'higher'),
        (9, 'collection_rate', 'Collection rate', 'ratio', b.collection_rate, b.collection_rate_before, 'higher'),
        (10, 'outstanding', 'Outstanding', 'money', b.outstanding, b.outstanding_before, 'lower'),
        (11, 'days_sales_outstanding', 'Days sales outstanding', 'days', b.dso, b.dso_before, 'lower'),
        (12, 'stock_outs', 'Medication stock-outs', 'count', st.stock_outs, st.stock_outs_before, 'lower')
    ) as k (kpi_order, kpi_code, kpi_label, unit, value, previous_raw, better_when);

comment on view reporting.kpi_headline is
'Headline KPIs of the monthly executive report: one row per month (with activity, see kpi_month) and KPI, with '
'the value of the calendar month before and the change. visits, distinct_patients, new_patients: kpi_interactions '
'total row; doctor_utilisation: kpi_doctor_utilisation total row; no_show_rate: kpi_appointments total row; '
'severe_share: severe + critical share of kpi_severity total rows; billed .. days_sales_outstanding: kpi_billing '
'total row; stock_outs: (medication, location) pairs with a stock-out day (dw.agg_stock). Filter on month_start: '
'only that month and the one before are computed.';
comment on column reporting.kpi_headline.month_start is 'first day of the month';
comment on column reporting.kpi_headline.kpi_code is
'visits, distinct_patients, new_patients, doctor_utilisation, no_show_rate, severe_share, billed, collected, '
'collection_rate, outstanding, days_sales_outstanding, stock_outs';
comment on column reporting.kpi_headline.kpi_label is 'the KPI''s name for a reader';
comment on column reporting.kpi_headline.unit is 'count, ratio (0..1), money or days';
comment on column reporting.kpi_headline.value is
'the KPI this month; null when it has no data that month (e.g. stock_outs before the stock snapshot exists)';
comment on column reporting.kpi_headline.previous_value is
'the same KPI for the calendar month before; null when that month has no activity row in kpi_month';
comment on column reporting.kpi_headline.change is 'value - previous_value';
comment on column reporting.kpi_headline.change_ratio is
'change / previous_value, 4 decimals; null when previous_value is 0 or null';
comment on column reporting.kpi_headline.better_when is 'higher or lower: which direction of change is good news';
comment on column reporting.kpi_headline.display_order is 'position of the KPI in the report (1 = visits .. 12)';

revoke all on reporting.kpi_headline from public;
grant select on reporting.kpi_headline to hc_analyst, hc_bi_reader;
