-- requires: functions/audit.record_change.sql, functions/audit.refuse_change.sql
-- Every change to clinic.prescription is written to audit.log (docs/security.md).
{{ audit_trigger('clinic.prescription', patient_via=[('encounter_id', 'clinic.encounter')]) }}
