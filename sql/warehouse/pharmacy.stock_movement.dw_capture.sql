-- requires: warehouse/dw.capture_change.sql
-- Change capture of pharmacy.stock_movement for the warehouse (logs stock_movement_id:
-- the stock snapshot recomputes each medication and location from the day of its new movements).
{{ capture_triggers('pharmacy.stock_movement', 'stock_movement_id') }}
