-- requires: warehouse/dw.day_key.sql
-- requires: warehouse/dw.drop_constraint.sql
-- requires: warehouse/dw.ensure_month_partitions.sql
-- requires: warehouse/dw.date_key.sql
-- requires: warehouse/dw.date_of_key.sql
-- requires: warehouse/dw.allocate_share.sql
-- requires: warehouse/dw.load_dimensions.sql
{%- set columns = (
    'invoice_line_id date_key patient_durable_key patient_key invoice_id encounter_id '
    'department_key payer_type line_kind billed_amount paid_amount adjusted_amount '
    'outstanding_amount'
).split() %}
{%- set range_sql %}
select min(issued_on) as first_day, max(issued_on) as last_day from billing.invoice
{%- endset %}
{%- set select_sql %}
select x.invoice_line_id, x.date_key, x.patient_durable_key, x.patient_key, x.invoice_id, x.encounter_id,
        x.department_id, x.payer_type, x.line_kind, x.amount, x.paid, x.adjusted, x.amount - x.paid - x.adjusted
    from (
        select l.invoice_line_id, dw.day_key(i.issued_on) as date_key, dp.patient_durable_key,
            dp.patient_key, l.invoice_id, i.encounter_id, e.department_id, py.payer_type, l.line_kind, l.amount,
            dw.allocate_share(i.paid_amount, i.total_amount, sum(l.amount) over (partition by l.invoice_id order by l.invoice_line_id), l.amount) as paid,
            dw.allocate_share(i.adjusted_amount, i.total_amount, sum(l.amount) over (partition by l.invoice_id order by l.invoice_line_id), l.amount) as adjusted
        from billing.invoice_line as l
        inner join billing.invoice as i on i.invoice_id = l.invoice_id
        inner join billing.payer as py on py.payer_id = i.payer_id
        inner join clinic.encounter as e on e.encounter_id = i.encounter_id
        inner join dw.dim_patient as dp
            on dp.patient_id = i.patient_id
            and (i.issued_on::timestamp at time zone 'UTC') >= dp.valid_from
            and (i.issued_on::timestamp at time zone 'UTC') < dp.valid_to
        where __FILTER__
    ) as x
{%- endset %}
{{ fact_load_procedure(
    'fact_billing', 'invoice_line_id', 'invoice_id', 'l.invoice_id', columns, select_sql, range_sql,
    'invoice lines; scope: whole invoices'
) }}
