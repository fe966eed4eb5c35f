-- Lots with stock per medication and location in expiry order. The
-- nearest-expiry lookup of reporting.medication_availability (a stock point
-- with expired stock on the shelf and its next usable lot beyond 90 days) reads
-- one entry of it instead of every lot of the stock point through lot_fefo_idx
-- and its heap rows (docs/pharmacy.md).
create index lot_in_stock_fefo_idx on pharmacy.lot (medication_id, stock_location_id, expiry_date)
where on_hand > 0;
