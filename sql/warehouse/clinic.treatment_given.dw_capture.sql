-- requires: warehouse/dw.capture_change.sql
-- Change capture of clinic.treatment_given for the warehouse (logs treatment_given_id).
{{ capture_triggers('clinic.treatment_given', 'treatment_given_id') }}
