-- requires: warehouse/dw.capture_change.sql
-- Change capture of clinic.diagnosis for the warehouse (logs diagnosis_id; an update of only
-- the notes or updated_at is not logged).
{{ capture_triggers('clinic.diagnosis', 'diagnosis_id', unread=[
    'notes', 'updated_at'
]) }}
