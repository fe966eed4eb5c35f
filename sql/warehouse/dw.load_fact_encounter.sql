-- requires: warehouse/dw.drop_constraint.sql
-- requires: warehouse/dw.ensure_month_partitions.sql
-- requires: warehouse/dw.date_key.sql
-- requires: warehouse/dw.date_of_key.sql
-- requires: warehouse/dw.load_dimensions.sql
{%- set columns = (
    'encounter_id date_key patient_durable_key patient_key doctor_key doctor_durable_key '
    'department_key encounter_status length_of_stay_hours'
).split() %}
{%- set range_sql %}
select (min(checked_in_at) at time zone 'UTC')::date as first_day, (max(checked_in_at) at time zone 'UTC')::date as last_day from clinic.encounter
{%- endset %}
{%- set select_sql %}
select e.encounter_id, dw.date_key(e.checked_in_at), dp.patient_durable_key, dp.patient_key, dd.doctor_key,
        e.doctor_id, e.department_id, e.status,
        round((extract(epoch from e.discharged_at - e.admitted_at) / 3600)::numeric, 2)
    from clinic.encounter as e
    inner join dw.dim_patient as dp
        on dp.patient_id = e.patient_id and e.checked_in_at >= dp.valid_from and e.checked_in_at < dp.valid_to
    inner join dw.dim_doctor as dd
        on dd.doctor_durable_key = e.doctor_id and e.checked_in_at >= dd.valid_from and e.checked_in_at < dd.valid_to
    where __FILTER__
{%- endset %}
{{ fact_load_procedure(
    'fact_encounter', 'encounter_id', 'encounter_id', 'e.encounter_id', columns, select_sql, range_sql,
    'encounters'
) }}
