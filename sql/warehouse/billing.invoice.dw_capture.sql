-- requires: warehouse/dw.capture_change.sql
-- Change capture of billing.invoice for the warehouse (logs invoice_id).
{{ capture_triggers('billing.invoice', 'invoice_id') }}
