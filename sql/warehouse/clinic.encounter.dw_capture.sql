-- requires: warehouse/dw.capture_change.sql
-- Change capture of clinic.encounter for the warehouse (logs encounter_id).
{{ capture_triggers('clinic.encounter', 'encounter_id') }}
