-- requires: functions/audit.record_change.sql, functions/audit.refuse_change.sql
-- Every change to clinic.treatment_given is written to audit.log (docs/security.md).
{{ audit_trigger('clinic.treatment_given', patient_via=[('encounter_id', 'clinic.encounter')]) }}
