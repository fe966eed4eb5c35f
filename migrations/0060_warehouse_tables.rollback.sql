drop table dw.agg_stock, dw.agg_billing, dw.agg_treatment, dw.agg_diagnosis_patient, dw.agg_diagnosis_severity,
dw.agg_appointment, dw.patient_first_visit, dw.agg_visit_doctor, dw.agg_visit_patient;
drop table dw.fact_medication_stock_daily, dw.fact_dispense, dw.fact_billing, dw.fact_treatment,
dw.fact_diagnosis, dw.fact_encounter, dw.fact_appointment;
drop table dw.dim_stock_location, dw.dim_medication, dw.dim_medication_class, dw.dim_treatment,
dw.dim_treatment_category, dw.dim_diagnosis, dw.dim_diagnosis_block, dw.dim_diagnosis_chapter,
dw.doctor_working_hours, dw.dim_doctor, dw.dim_specialty, dw.dim_department, dw.dim_patient, dw.dim_date;
drop table dw.etl_state, dw.etl_run, dw.etl_source, dw.change_log;
drop sequence dw.patient_durable_key_seq;
