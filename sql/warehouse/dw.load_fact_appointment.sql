-- requires: warehouse/dw.drop_constraint.sql
-- requires: warehouse/dw.ensure_month_partitions.sql
-- requires: warehouse/dw.date_key.sql
-- requires: warehouse/dw.date_of_key.sql
-- requires: warehouse/dw.load_dimensions.sql
{%- set columns = (
    'appointment_id date_key patient_durable_key patient_key doctor_key doctor_durable_key '
    'department_key appointment_status lead_time_days is_no_show booked_minutes'
).split() %}
{%- set range_sql %}
select (min(starts_at) at time zone 'UTC')::date as first_day, (max(starts_at) at time zone 'UTC')::date as last_day from clinic.appointment
{%- endset %}
{%- set select_sql %}
select a.appointment_id, dw.date_key(a.starts_at), dp.patient_durable_key, dp.patient_key, dd.doctor_key,
        a.doctor_id, a.department_id, a.status,
        round((extract(epoch from a.starts_at - a.created_at) / 86400)::numeric, 2),
        a.status = 'no-show',
        round((extract(epoch from a.ends_at - a.starts_at) / 60)::numeric, 1)
    from clinic.appointment as a
    inner join dw.dim_patient as dp
        on dp.patient_id = a.patient_id and a.starts_at >= dp.valid_from and a.starts_at < dp.valid_to
    inner join dw.dim_doctor as dd
        on dd.doctor_durable_key = a.doctor_id and a.starts_at >= dd.valid_from and a.starts_at < dd.valid_to
    where __FILTER__
{%- endset %}
{{ fact_load_procedure(
    'fact_appointment', 'appointment_id', 'appointment_id', 'a.appointment_id', columns, select_sql, range_sql,
    'appointments, every status'
) }}
