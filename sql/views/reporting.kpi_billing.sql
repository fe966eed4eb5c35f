create or replace view reporting.kpi_billing as
select
    b.month_start,
    b.department_key,
    coalesce(d.department_name, 'All departments') as department_name,
    b.billed,
    b.collected,
    b.adjusted,
    b.outstanding,
    round(b.collected / nullif(b.billed, 0), 4) as collection_rate,
    round(
        b.outstanding / nullif(b.billed, 0)
        * extract(day from (b.month_start + interval '1 month' - interval '1 day'))::integer, 1
    ) as days_sales_outstanding
from (
    select
        a.month_start,
        a.department_key,
        a.billed_amount::numeric(16, 2) as billed,
        a.paid_amount::numeric(16, 2) as collected,
        a.adjusted_amount::numeric(16, 2) as adjusted,
        a.outstanding_amount::numeric(16, 2) as outstanding
    from dw.agg_billing as a
    union all
    select
        a.month_start,
        null::bigint as department_key,
        sum(a.billed_amount)::numeric(16, 2) as billed,
        sum(a.paid_amount)::numeric(16, 2) as collected,
        sum(a.adjusted_amount)::numeric(16, 2) as adjusted,
        sum(a.outstanding_amount)::numeric(16, 2) as outstanding
    from dw.agg_billing as a
    group by a.month_start
) as b
left join dw.dim_department as d on b.department_key = d.department_key;

comment on view reporting.kpi_billing is
'Billing per month of invoice issue: one row per department with invoice lines plus a total row (department_key '
'null, ''All departments''). Amounts are the invoices'' state at the last warehouse refresh (paid and adjusted '
'allocated to lines pro rata), not as of the month end. From dw.agg_billing.';
comment on column reporting.kpi_billing.month_start is 'first day of the month the invoices were issued in';
comment on column reporting.kpi_billing.department_key is
'the department of the encounter (OLTP id); null on the total row';
comment on column reporting.kpi_billing.department_name is 'department name; ''All departments'' on the total row';
comment on column reporting.kpi_billing.billed is 'sum of the invoice lines';
comment on column reporting.kpi_billing.collected is 'paid so far (by patients and payers)';
comment on column reporting.kpi_billing.adjusted is 'written off or discounted so far';
comment on column reporting.kpi_billing.outstanding is 'billed - collected - adjusted: still owed';
comment on column reporting.kpi_billing.collection_rate is
'collected / billed, 0..1, 4 decimals; null when nothing billed';
comment on column reporting.kpi_billing.days_sales_outstanding is
'outstanding / billed x days in the month, 1 decimal; null when nothing billed';

revoke all on reporting.kpi_billing from public;
grant select on reporting.kpi_billing to hc_analyst, hc_bi_reader;
