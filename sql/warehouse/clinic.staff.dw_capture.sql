-- requires: warehouse/dw.capture_change.sql
-- Change capture of clinic.staff for the warehouse (logs staff_id).
{{ capture_triggers('clinic.staff', 'staff_id') }}
