-- requires: warehouse/dw.capture_change.sql
-- Change capture of pharmacy.medication for the warehouse (logs medication_id).
{{ capture_triggers('pharmacy.medication', 'medication_id') }}
