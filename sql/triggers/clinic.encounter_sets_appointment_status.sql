-- requires: triggers/clinic.appointment_status_transition.sql
-- The appointment's status follows its encounter: checked in, in progress,
-- completed. The transition trigger on clinic.appointment still applies.
create or replace function clinic.sync_appointment_status()
returns trigger
language plpgsql
as $$
begin
    update clinic.appointment
       set status = new.status
     where appointment_id = new.appointment_id
       and status is distinct from new.status;
    return null;
end;
$$;

comment on function clinic.sync_appointment_status() is
'Trigger function: sets the appointment''s status to its encounter''s status.';

create or replace trigger encounter_sets_appointment_status
after insert or update of status on clinic.encounter
for each row execute function clinic.sync_appointment_status();
