-- Recording a treatment adds an invoice line at the treatment's price; a
-- corrected price corrects the line. Statement-level with transition tables:
-- a statement that records many treatments opens the missing invoices and adds
-- all their lines in one INSERT each, so billing.refresh_invoice_trigger runs
-- once for the statement instead of once per treatment.
create or replace function clinic.bill_treatment()
returns trigger
language plpgsql
as $$
begin
    if tg_op = 'INSERT' then
        -- the encounter's invoice, opened for the patient's current payer on
        -- first use (as billing.invoice_for_encounter does for one encounter)
        insert into billing.invoice (encounter_id, patient_id, payer_id)
        select e.encounter_id, e.patient_id, p.payer_id
          from clinic.encounter e
          join clinic.patient p on p.patient_id = e.patient_id
         where e.encounter_id in (select n.encounter_id from billed_new n)
           and not exists (select 1 from billing.invoice i where i.encounter_id = e.encounter_id)
         order by e.encounter_id
        on conflict (encounter_id) do nothing;
        insert into billing.invoice_line (invoice_id, line_kind, description, treatment_given_id, unit_price)
        select i.invoice_id, 'treatment', t.treatment_name, n.treatment_given_id, n.price
          from billed_new n
          join clinic.treatment t on t.treatment_id = n.treatment_id
          join billing.invoice i on i.encounter_id = n.encounter_id
         order by n.treatment_given_id;
    else
        -- EXECUTE: planned for this statement's transition tables (a plan
        -- cached from a one-row update would pair old and new rows with a
        -- nested loop: quadratic in a bulk update)
        execute '
        update billing.invoice_line l
           set unit_price = n.price
          from billed_new n
          join billed_old o on o.treatment_given_id = n.treatment_given_id
         where l.treatment_given_id = n.treatment_given_id
           and n.price is distinct from o.price';
    end if;
    return null;
end;
$$;

comment on function clinic.bill_treatment() is
'Statement-level trigger function (transition tables billed_new / billed_old): keeps one invoice line per '
'treatment given, at its price, opening the encounter''s invoice when it has none.';

create or replace trigger treatment_given_bills_line
after insert on clinic.treatment_given
referencing new table as billed_new
for each statement execute function clinic.bill_treatment();

create or replace trigger treatment_given_reprices_line
after update on clinic.treatment_given
referencing old table as billed_old new table as billed_new
for each statement execute function clinic.bill_treatment();
