create or replace view reporting.kpi_stock_outs as
select
    s.month_start,
    s.medication_key,
    m.generic_name,
    s.stock_location_key,
    l.location_name,
    s.stock_out_days,
    s.snapshot_days
from dw.agg_stock as s
left join dw.dim_medication as m on s.medication_key = m.medication_key
left join dw.dim_stock_location as l on s.stock_location_key = l.stock_location_key
where s.stock_out_days > 0;

comment on view reporting.kpi_stock_outs is
'Medication stock-outs per month: one row per medication and stock location with at least one day out of stock '
'(nothing on hand at the end of the day) in that month. From dw.agg_stock (the daily stock snapshot).';
comment on column reporting.kpi_stock_outs.month_start is 'first day of the month (UTC days of the snapshot)';
comment on column reporting.kpi_stock_outs.medication_key is 'the medication (OLTP medication id)';
comment on column reporting.kpi_stock_outs.generic_name is 'generic name of the medication';
comment on column reporting.kpi_stock_outs.stock_location_key is 'the pharmacy or ward stock point (OLTP id)';
comment on column reporting.kpi_stock_outs.location_name is 'name of the stock point';
comment on column reporting.kpi_stock_outs.stock_out_days is 'days of the month that ended with nothing on hand';
comment on column reporting.kpi_stock_outs.snapshot_days is 'days of the month in the snapshot for this pair';

revoke all on reporting.kpi_stock_outs from public;
grant select on reporting.kpi_stock_outs to hc_analyst, hc_bi_reader;
