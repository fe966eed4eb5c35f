-- requires: warehouse/dw.drop_constraint.sql
-- requires: warehouse/dw.ensure_month_partitions.sql
-- requires: warehouse/dw.date_key.sql
-- requires: warehouse/dw.date_of_key.sql
-- requires: warehouse/dw.load_dimensions.sql
{%- set columns = (
    'diagnosis_id date_key patient_durable_key patient_key encounter_id department_key '
    'doctor_durable_key icd10_code block_code severity severity_rank is_primary'
).split() %}
{%- set range_sql %}
select (min(diagnosed_at) at time zone 'UTC')::date as first_day, (max(diagnosed_at) at time zone 'UTC')::date as last_day from clinic.diagnosis
{%- endset %}
{%- set select_sql %}
select g.diagnosis_id, dw.date_key(g.diagnosed_at), dp.patient_durable_key, dp.patient_key, g.encounter_id,
        e.department_id, e.doctor_id, g.icd10_code, dx.block_code, g.severity, sv.sort_order, g.is_primary
    from clinic.diagnosis as g
    inner join clinic.encounter as e on e.encounter_id = g.encounter_id
    inner join ref.severity as sv on sv.severity = g.severity
    inner join dw.dim_diagnosis as dx on dx.icd10_code = g.icd10_code
    inner join dw.dim_patient as dp
        on dp.patient_id = e.patient_id and g.diagnosed_at >= dp.valid_from and g.diagnosed_at < dp.valid_to
    where __FILTER__
{%- endset %}
{{ fact_load_procedure(
    'fact_diagnosis', 'diagnosis_id', 'diagnosis_id', 'g.diagnosis_id', columns, select_sql, range_sql,
    'diagnoses'
) }}
