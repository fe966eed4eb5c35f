create or replace function billing.invoice_for_encounter(p_encounter_id bigint)
returns bigint
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
    v_invoice_id bigint;
begin
    select i.invoice_id into v_invoice_id from billing.invoice i where i.encounter_id = p_encounter_id;
    if found then
        return v_invoice_id;
    end if;
    insert into billing.invoice (encounter_id, patient_id, payer_id)
    select e.encounter_id, e.patient_id, p.payer_id
      from clinic.encounter e
      join clinic.patient p on p.patient_id = e.patient_id
     where e.encounter_id = p_encounter_id
    on conflict (encounter_id) do nothing
    returning invoice_id into v_invoice_id;
    if v_invoice_id is null then
        select i.invoice_id into strict v_invoice_id from billing.invoice i where i.encounter_id = p_encounter_id;
    end if;
    return v_invoice_id;
end;
$$;

comment on function billing.invoice_for_encounter(bigint) is
'The invoice of an encounter, opened (for the patient''s current payer) on first use.';
