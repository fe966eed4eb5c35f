-- requires: triggers/clinic.appointment_status_transition.sql
-- The appointment's status follows its encounter: checked in, in progress,
-- completed. The transition trigger on clinic.appointment still applies.
-- Statement-level with transition tables: one UPDATE per statement, and none
-- at all when the appointments already have their encounters' status (a bulk
-- load of completed visits).
create or replace function clinic.sync_appointment_status()
returns trigger
language plpgsql
as $$
begin
    if tg_op = 'INSERT' then
        update clinic.appointment a
           set status = n.status
          from synced_new n
         where a.appointment_id = n.appointment_id
           and a.status is distinct from n.status;
    else
        -- EXECUTE: planned for this statement's transition tables (a plan
        -- cached from a one-row update would pair old and new rows with a
        -- nested loop: quadratic in a bulk update)
        execute '
        update clinic.appointment a
           set status = n.status
          from synced_new n
          join synced_old o on o.encounter_id = n.encounter_id
         where a.appointment_id = n.appointment_id
           and n.status is distinct from o.status
           and a.status is distinct from n.status';
    end if;
    return null;
end;
$$;

comment on function clinic.sync_appointment_status() is
'Statement-level trigger function (transition tables synced_new / synced_old): sets each appointment''s status to '
'its encounter''s status.';

create or replace trigger encounter_sets_appointment_status
after insert on clinic.encounter
referencing new table as synced_new
for each statement execute function clinic.sync_appointment_status();

create or replace trigger encounter_updates_appointment_status
after update on clinic.encounter
referencing old table as synced_old new table as synced_new
for each statement execute function clinic.sync_appointment_status();
