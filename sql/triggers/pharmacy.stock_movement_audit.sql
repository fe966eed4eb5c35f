-- requires: functions/audit.record_change.sql, functions/audit.refuse_change.sql
-- Every change to pharmacy.stock_movement is written to audit.log (docs/security.md).
-- The ledger refuses TRUNCATE itself (ZP003, pharmacy.stock_movement_append_only).
{{ audit_trigger('pharmacy.stock_movement', patient_via=[
    ('prescription_id', 'clinic.prescription'), ('encounter_id', 'clinic.encounter')
],
    refuse_truncate=false) }}
