-- requires: warehouse/dw.capture_change.sql
-- Change capture of clinic.patient for the warehouse (logs patient_id).
{{ capture_triggers('clinic.patient', 'patient_id') }}
