-- Completing an encounter bills the doctor's consultation fee.
create or replace function clinic.bill_consultation()
returns trigger
language plpgsql
as $$
begin
    insert into billing.invoice_line (invoice_id, line_kind, description, unit_price)
    select billing.invoice_for_encounter(new.encounter_id),
           'consultation',
           format('Consultation, Dr %s %s (%s)', s.first_name, s.last_name, s.specialty),
           s.consultation_fee
      from clinic.staff s
     where s.staff_id = new.doctor_id;
    return null;
end;
$$;

comment on function clinic.bill_consultation() is
'Trigger function: adds the doctor''s consultation fee to the encounter''s invoice when the encounter completes.';

create or replace trigger encounter_bills_consultation
after update of status on clinic.encounter
for each row
when (new.status = 'completed' and old.status <> 'completed')
execute function clinic.bill_consultation();
