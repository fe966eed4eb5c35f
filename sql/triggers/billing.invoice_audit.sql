-- requires: functions/audit.record_change.sql, functions/audit.refuse_change.sql
-- Every change to billing.invoice is written to audit.log (docs/security.md).
{{ audit_trigger('billing.invoice', patient_column='patient_id') }}
