-- requires: warehouse/dw.capture_change.sql
-- Change capture of clinic.working_day for the warehouse (logs staff_id).
{{ capture_triggers('clinic.working_day', 'staff_id') }}
