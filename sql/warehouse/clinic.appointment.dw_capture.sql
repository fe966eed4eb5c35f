-- requires: warehouse/dw.capture_change.sql
-- Change capture of clinic.appointment for the warehouse (logs appointment_id; an update of
-- only the reasons or updated_at is not logged).
{{ capture_triggers('clinic.appointment', 'appointment_id', unread=[
    'reason', 'cancellation_reason', 'updated_at'
]) }}
