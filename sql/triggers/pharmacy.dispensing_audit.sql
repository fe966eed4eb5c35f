-- requires: functions/audit.record_change.sql, functions/audit.refuse_change.sql
-- Every change to pharmacy.dispensing is written to audit.log (docs/security.md).
{{ audit_trigger('pharmacy.dispensing', patient_via=[
    ('prescription_id', 'clinic.prescription'), ('encounter_id', 'clinic.encounter')
]) }}
