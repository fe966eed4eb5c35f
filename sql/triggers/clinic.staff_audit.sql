-- requires: functions/audit.record_change.sql, functions/audit.refuse_change.sql
-- Every change to clinic.staff is written to audit.log (docs/security.md).
{{ audit_trigger('clinic.staff') }}
