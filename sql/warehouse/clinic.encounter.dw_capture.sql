-- requires: warehouse/dw.capture_change.sql
-- Change capture of clinic.encounter for the warehouse (logs encounter_id; an update of only
-- the chief complaint, notes, vitals or updated_at is not logged).
{{ capture_triggers('clinic.encounter', 'encounter_id', unread=[
    'chief_complaint', 'notes', 'temperature_c', 'heart_rate', 'systolic_bp', 'diastolic_bp',
    'respiratory_rate', 'oxygen_saturation', 'weight_kg', 'height_cm', 'updated_at'
]) }}
