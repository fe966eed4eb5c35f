-- requires: warehouse/dw.capture_change.sql
-- Change capture of clinic.treatment for the warehouse (logs treatment_id).
{{ capture_triggers('clinic.treatment', 'treatment_id') }}
