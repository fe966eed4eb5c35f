-- requires: warehouse/dw.capture_change.sql
-- Change capture of pharmacy.stock_location for the warehouse (logs stock_location_id).
{{ capture_triggers('pharmacy.stock_location', 'stock_location_id') }}
