-- requires: warehouse/dw.capture_change.sql
-- Change capture of clinic.working_day for the warehouse (logs staff_id; on update the old
-- staff member too: a row can move to another).
{{ capture_triggers('clinic.working_day', 'staff_id', parent_key=true) }}
