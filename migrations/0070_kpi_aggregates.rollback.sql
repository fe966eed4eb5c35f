drop index dw.dim_date_month_idx;
drop index dw.patient_first_visit_month_idx;
drop table dw.agg_patient_month, dw.agg_visit_weekday;
