-- Recording a treatment adds an invoice line at the treatment's price; a
-- corrected price corrects the line.
create or replace function clinic.bill_treatment()
returns trigger
language plpgsql
as $$
begin
    if tg_op = 'INSERT' then
        insert into billing.invoice_line (invoice_id, line_kind, description, treatment_given_id, unit_price)
        select billing.invoice_for_encounter(new.encounter_id), 'treatment', t.treatment_name,
               new.treatment_given_id, new.price
          from clinic.treatment t
         where t.treatment_id = new.treatment_id;
    else
        update billing.invoice_line
           set unit_price = new.price
         where treatment_given_id = new.treatment_given_id;
    end if;
    return null;
end;
$$;

comment on function clinic.bill_treatment() is
'Trigger function: keeps one invoice line per treatment given, at its price.';

create or replace trigger treatment_given_bills_line
after insert or update of price on clinic.treatment_given
for each row execute function clinic.bill_treatment();
