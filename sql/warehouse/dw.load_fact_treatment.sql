-- requires: warehouse/dw.drop_constraint.sql
-- requires: warehouse/dw.ensure_month_partitions.sql
-- requires: warehouse/dw.date_key.sql
-- requires: warehouse/dw.date_of_key.sql
-- requires: warehouse/dw.load_dimensions.sql
{%- set columns = (
    'treatment_given_id date_key patient_durable_key patient_key encounter_id department_key '
    'doctor_key doctor_durable_key treatment_key treatment_category_code outcome price'
).split() %}
{%- set range_sql %}
select (min(given_at) at time zone 'UTC')::date as first_day, (max(given_at) at time zone 'UTC')::date as last_day from clinic.treatment_given
{%- endset %}
{%- set select_sql %}
select tg.treatment_given_id, dw.date_key(tg.given_at), dp.patient_durable_key, dp.patient_key, tg.encounter_id,
        e.department_id, dd.doctor_key, tg.doctor_id, tg.treatment_id, t.treatment_category_code, tg.outcome, tg.price
    from clinic.treatment_given as tg
    inner join clinic.encounter as e on e.encounter_id = tg.encounter_id
    inner join dw.dim_treatment as t on t.treatment_key = tg.treatment_id
    inner join dw.dim_patient as dp
        on dp.patient_id = e.patient_id and tg.given_at >= dp.valid_from and tg.given_at < dp.valid_to
    inner join dw.dim_doctor as dd
        on dd.doctor_durable_key = tg.doctor_id and tg.given_at >= dd.valid_from and tg.given_at < dd.valid_to
    where __FILTER__
{%- endset %}
{{ fact_load_procedure(
    'fact_treatment', 'treatment_given_id', 'treatment_given_id', 'tg.treatment_given_id', columns, select_sql, range_sql,
    'treatments given'
) }}
