-- requires: warehouse/dw.drop_constraint.sql
-- requires: warehouse/dw.ensure_month_partitions.sql
-- requires: warehouse/dw.date_key.sql
-- requires: warehouse/dw.date_of_key.sql
-- requires: warehouse/dw.load_dimensions.sql
{%- set columns = (
    'dispensing_id date_key patient_durable_key patient_key medication_key stock_location_key '
    'requested_quantity dispensed_quantity is_partial'
).split() %}
{%- set range_sql %}
select (min(dispensed_at) at time zone 'UTC')::date as first_day, (max(dispensed_at) at time zone 'UTC')::date as last_day from pharmacy.dispensing
{%- endset %}
{%- set select_sql %}
select d.dispensing_id, dw.date_key(d.dispensed_at), coalesce(dp.patient_durable_key, 0), dp.patient_key,
        d.medication_id, d.stock_location_id, d.requested_quantity, d.dispensed_quantity, coalesce(d.is_partial, false)
    from pharmacy.dispensing as d
    left join clinic.prescription as pr on pr.prescription_id = d.prescription_id
    left join clinic.encounter as e on e.encounter_id = pr.encounter_id
    left join dw.dim_patient as dp
        on dp.patient_id = e.patient_id and d.dispensed_at >= dp.valid_from and d.dispensed_at < dp.valid_to
    where __FILTER__
{%- endset %}
{{ fact_load_procedure(
    'fact_dispense', 'dispensing_id', 'dispensing_id', 'd.dispensing_id', columns, select_sql, range_sql,
    'dispensing events'
) }}
