-- requires: functions/audit.record_change.sql, functions/audit.refuse_change.sql
-- Every change to pharmacy.stock_movement is written to audit.log (docs/security.md).
{{ audit_trigger('pharmacy.stock_movement', patient_via=[('prescription_id', 'clinic.prescription'), ('encounter_id', 'clinic.encounter')]) }}
