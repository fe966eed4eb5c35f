-- requires: warehouse/dw.capture_change.sql
-- Change capture of pharmacy.stock_movement for the warehouse (logs lot_id).
{{ capture_triggers('pharmacy.stock_movement', 'lot_id') }}
