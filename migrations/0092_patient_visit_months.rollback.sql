create index agg_visit_patient_patient_idx on dw.agg_visit_patient (patient_durable_key, month_start);
comment on table dw.patient_first_visit is
'month of each patient''s first encounter (new versus returning patients), kept from agg_visit_patient';
drop table dw.agg_patient_visits;
