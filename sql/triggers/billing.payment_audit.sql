-- requires: functions/audit.record_change.sql, functions/audit.refuse_change.sql
-- Every change to billing.payment is written to audit.log (docs/security.md).
{{ audit_trigger('billing.payment', patient_via=[('invoice_id', 'billing.invoice')]) }}
