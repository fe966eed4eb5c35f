-- requires: warehouse/dw.capture_change.sql
-- Change capture of billing.invoice_line for the warehouse (logs invoice_id; on update the old
-- invoice too: a line can move to another).
{{ capture_triggers('billing.invoice_line', 'invoice_id', parent_key=true) }}
