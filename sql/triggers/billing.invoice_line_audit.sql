-- requires: functions/audit.record_change.sql, functions/audit.refuse_change.sql
-- Every change to billing.invoice_line is written to audit.log (docs/security.md).
{{ audit_trigger('billing.invoice_line', patient_via=[('invoice_id', 'billing.invoice')]) }}
