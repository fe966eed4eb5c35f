create or replace function billing.outstanding_balance(
    p_patient_id bigint
)
returns table (patient_due numeric, pending_with_payer numeric, total_outstanding numeric)
language plpgsql
stable
set search_path = pg_catalog, pg_temp
as $$
begin
    if not exists (select 1 from clinic.patient p where p.patient_id = p_patient_id) then
        raise exception 'patient % does not exist', p_patient_id
            using errcode = 'P0002', hint = 'Check the patient number.';
    end if;
    return query
    select (t.balance - t.pending)::numeric(12, 2), t.pending::numeric(12, 2), t.balance::numeric(12, 2)
      from (select coalesce(sum(i.balance), 0) as balance,
                   coalesce(sum((select sum(c.amount_claimed)
                                   from billing.claim c
                                  where c.invoice_id = i.invoice_id and c.status = 'submitted')), 0) as pending
              from billing.invoice i
             where i.patient_id = p_patient_id and i.status <> 'paid') as t;
end;
$$;

comment on function billing.outstanding_balance(bigint) is
'What a patient owes now (patient_due) and, apart, what is still pending with payers (claims not yet '
'adjudicated); total_outstanding is their sum. Raises P0002 for an unknown patient.';

revoke all on function billing.outstanding_balance from public;
grant execute on function billing.outstanding_balance to hc_billing_clerk, hc_app;
