-- requires: warehouse/dw.capture_change.sql
-- Change capture of billing.payer for the warehouse (logs payer_id).
{{ capture_triggers('billing.payer', 'payer_id') }}
