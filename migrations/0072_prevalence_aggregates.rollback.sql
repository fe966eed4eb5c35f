drop table dw.agg_prevalence_chapter, dw.agg_prevalence_block;

alter table dw.agg_diagnosis_patient
drop constraint agg_diagnosis_patient_pkey,
add constraint agg_diagnosis_patient_pkey primary key (month_start, block_code, patient_durable_key);
