-- requires: warehouse/dw.capture_change.sql
-- Change capture of clinic.treatment_given for the warehouse (logs treatment_given_id; an
-- update of only the notes or updated_at is not logged).
{{ capture_triggers('clinic.treatment_given', 'treatment_given_id', unread=[
    'notes', 'updated_at'
]) }}
