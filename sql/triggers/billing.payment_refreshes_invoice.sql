-- requires: functions/billing.refresh_invoice_trigger.sql
-- The invoice's totals and status follow its payments: statement-level, one refresh
-- per invoice and statement.
{{ refresh_invoice_triggers('billing.payment', 'payment') }}
