-- requires: functions/billing.pending_with_payer.sql
create or replace function billing.lock_invoice(
    p_invoice_id bigint,
    out invoice_id bigint,
    out payer_id bigint,
    out balance numeric,
    out pending_with_payer numeric,
    out patient_due numeric
)
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
begin
    select i.invoice_id, i.payer_id, i.balance
      into invoice_id, payer_id, balance
      from billing.invoice i
     where i.invoice_id = p_invoice_id
       for update;
    if not found then
        raise exception 'invoice % does not exist', p_invoice_id
            using errcode = 'P0002', hint = 'Check the invoice number.';
    end if;
    pending_with_payer := billing.pending_with_payer(p_invoice_id);
    patient_due := balance - pending_with_payer;
end;
$$;

comment on function billing.lock_invoice(bigint) is
'Locks an invoice for a billing change and returns its balance split into pending with payer and patient due; '
'raises P0002 if it does not exist.';
