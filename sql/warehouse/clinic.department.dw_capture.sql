-- requires: warehouse/dw.capture_change.sql
-- Change capture of clinic.department for the warehouse (logs department_id).
{{ capture_triggers('clinic.department', 'department_id') }}
