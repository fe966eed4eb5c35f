-- requires: functions/audit.record_change.sql, functions/audit.refuse_change.sql
-- Every change to billing.claim is written to audit.log (docs/security.md).
{{ audit_trigger('billing.claim', patient_via=[('invoice_id', 'billing.invoice')]) }}
