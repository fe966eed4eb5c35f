-- requires: warehouse/dw.capture_change.sql
-- Change capture of clinic.diagnosis for the warehouse (logs diagnosis_id).
{{ capture_triggers('clinic.diagnosis', 'diagnosis_id') }}
