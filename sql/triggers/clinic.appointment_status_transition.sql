-- An appointment may only change status along ref.appointment_status_transition
-- (a cancelled appointment cannot complete, a completed one cannot be cancelled).
create or replace function clinic.check_appointment_status_transition()
returns trigger
language plpgsql
as $$
declare
    v_allowed text;
begin
    if exists (
        select 1
          from ref.appointment_status_transition t
         where t.from_status = old.status and t.to_status = new.status
    ) then
        return new;
    end if;
    select string_agg(format('"%s"', t.to_status), ', ' order by s.sort_order)
      into v_allowed
      from ref.appointment_status_transition t
      join ref.appointment_status s on s.status = t.to_status
     where t.from_status = old.status;
    raise exception 'appointment % is "%" and cannot become "%"', old.appointment_id, old.status, new.status
        using errcode = 'ZC004',
              detail = case when v_allowed is null
                            then format('"%s" is final: nothing can follow it.', old.status)
                            else format('From "%s" an appointment can only become %s.', old.status, v_allowed) end,
              hint = 'Check the appointment''s current status; book a new appointment if this one is closed.';
end;
$$;

comment on function clinic.check_appointment_status_transition() is
'Trigger function: refuses appointment status changes not listed in ref.appointment_status_transition (ZC004).';

create or replace trigger appointment_status_transition
before update of status on clinic.appointment
for each row
when (old.status is distinct from new.status)
execute function clinic.check_appointment_status_transition();
