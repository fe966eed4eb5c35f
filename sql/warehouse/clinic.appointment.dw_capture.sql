-- requires: warehouse/dw.capture_change.sql
-- Change capture of clinic.appointment for the warehouse (logs appointment_id).
{{ capture_triggers('clinic.appointment', 'appointment_id') }}
