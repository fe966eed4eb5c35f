-- requires: warehouse/dw.capture_change.sql
-- Change capture of pharmacy.dispensing for the warehouse (logs dispensing_id).
{{ capture_triggers('pharmacy.dispensing', 'dispensing_id') }}
