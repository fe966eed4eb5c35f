-- requires: functions/audit.record_change.sql, functions/audit.refuse_change.sql
-- Every change to clinic.patient is written to audit.log (docs/security.md).
{{ audit_trigger('clinic.patient', patient_column='patient_id') }}
