-- requires: functions/billing.refresh_invoices.sql
create or replace function billing.refresh_invoice(p_invoice_id bigint)
returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
    perform billing.refresh_invoices(array[p_invoice_id]);
end;
$$;

comment on function billing.refresh_invoice(bigint) is
'Recomputes an invoice''s total, paid and adjusted amounts and its status (open, partially paid, paid) from its rows '
'(billing.refresh_invoices for one invoice).';
