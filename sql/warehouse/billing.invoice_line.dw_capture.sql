-- requires: warehouse/dw.capture_change.sql
-- Change capture of billing.invoice_line for the warehouse (logs invoice_id).
{{ capture_triggers('billing.invoice_line', 'invoice_id') }}
