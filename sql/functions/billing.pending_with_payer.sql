create or replace function billing.pending_with_payer(p_invoice_id bigint)
returns numeric
language sql
stable
set search_path = pg_catalog, pg_temp
as $$
    select coalesce(sum(c.amount_claimed), 0)::numeric(12, 2)
      from billing.claim c
     where c.invoice_id = p_invoice_id and c.status = 'submitted'
$$;

comment on function billing.pending_with_payer(bigint) is
'What is claimed from payers on an invoice and not yet adjudicated: not (yet) the patient''s to pay.';

revoke all on function billing.pending_with_payer from public;
grant execute on function billing.pending_with_payer to hc_billing_clerk, hc_app;
