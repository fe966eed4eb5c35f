-- requires: warehouse/dw.drop_constraint.sql
-- requires: warehouse/dw.drop_plain_indexes.sql
-- requires: warehouse/dw.month_of_key.sql
create or replace procedure dw.load_aggregates(full_load boolean)
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
-- Maintains the monthly aggregates the KPI views read: from the deltas of this
-- run's fact loads (pg_temp.delta_fact_*, -1 old row, +1 new row), or rebuilt
-- from the whole facts when full (the aggregates were truncated).
declare
    inserted bigint;
    updated bigint;
    deleted bigint;
    restore_key text;
    restore_indexes text[];
    restore_index text;
begin
    begin
{{ agg_apply_body('agg_visit_patient', 'fact_encounter', 'dw.month_of_key(date_key)',
    ['department_key', 'patient_durable_key'], [('visits', '1')],
    probe_order=['month_start', 'department_key', 'patient_durable_key']) }}
    end;
    begin
    -- a patient's months for dw.load_first_visits and dw.load_kpi_aggregates (a move to another department nets
    -- to nothing here)
{{ agg_apply_body('agg_patient_visits', 'fact_encounter', 'dw.month_of_key(date_key)',
    ['patient_durable_key'], [('visits', '1')],
    probe_order=['patient_durable_key', 'month_start']) }}
    end;
    begin
{{ agg_apply_body('agg_visit_doctor', 'fact_encounter', 'dw.month_of_key(date_key)',
    ['department_key', 'doctor_durable_key'], [('visits', '1')]) }}
    end;
    begin
{{ agg_apply_body('agg_appointment', 'fact_appointment', 'dw.month_of_key(date_key)',
    ['department_key', 'doctor_durable_key', 'appointment_status'],
    [('appointments', '1'), ('booked_minutes', 'booked_minutes'), ('lead_time_days', 'lead_time_days')]) }}
    end;
    begin
{{ agg_apply_body('agg_diagnosis_severity', 'fact_diagnosis', 'dw.month_of_key(date_key)',
    ['department_key', 'severity'], [('diagnoses', '1')]) }}
    end;
    begin
{{ agg_apply_body('agg_diagnosis_patient', 'fact_diagnosis', 'dw.month_of_key(date_key)',
    ['block_code', 'patient_durable_key'], [('diagnoses', '1')],
    probe_order=['month_start', 'patient_durable_key', 'block_code']) }}
    end;
    begin
{{ agg_apply_body('agg_treatment', 'fact_treatment', 'dw.month_of_key(date_key)',
    ['department_key', 'treatment_category_code', 'outcome'], [('treatments', '1'), ('revenue', 'price')]) }}
    end;
    begin
{{ agg_apply_body('agg_billing', 'fact_billing', 'dw.month_of_key(date_key)',
    ['department_key'],
    [('invoice_lines', '1'), ('billed_amount', 'billed_amount'), ('paid_amount', 'paid_amount'),
     ('adjusted_amount', 'adjusted_amount'), ('outstanding_amount', 'outstanding_amount')]) }}
    end;
    begin
{{ agg_apply_body('agg_stock', 'fact_medication_stock_daily', 'dw.month_of_key(date_key)',
    ['medication_key', 'stock_location_key'], [('snapshot_days', '1'), ('stock_out_days', 'is_stock_out::integer')]) }}
    end;
end;
$$;

comment on procedure dw.load_aggregates (boolean) is
'ETL step: applies the fact deltas of this run to the monthly aggregates (or rebuilds them when full_load)';
