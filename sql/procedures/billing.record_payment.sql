-- requires: functions/billing.lock_invoice.sql
create or replace procedure billing.record_payment(
    p_invoice_id bigint,
    p_amount numeric,
    p_method text default 'cash',
    p_reference text default null,
    inout p_payment_id bigint default null
)
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
    v_invoice record;
begin
    if p_amount is null or p_amount <= 0 or p_amount <> round(p_amount, 2) then
        raise exception 'a payment must be a positive amount in cents (got %)', p_amount
            using errcode = '22023', hint = 'For example 25.00.';
    end if;
    if p_method is null or p_method not in ('cash', 'card', 'bank transfer', 'cheque') then
        raise exception 'unknown payment method "%"', p_method
            using errcode = '22023', hint = 'Use cash, card, bank transfer or cheque.';
    end if;
    v_invoice := billing.lock_invoice(p_invoice_id);
    if p_amount > v_invoice.patient_due then
        raise exception 'a payment of % exceeds the % the patient owes on invoice %',
            p_amount, v_invoice.patient_due, p_invoice_id
            using errcode = 'ZB001',
                  detail = format('Balance %s, of which %s is pending with the payer.',
                                  v_invoice.balance, v_invoice.pending_with_payer),
                  hint = 'Take at most what the patient owes now; the payer''s share is settled by the claim.';
    end if;
    -- triggers refresh the invoice's paid amount and status
    insert into billing.payment (invoice_id, amount, payment_method, payment_reference)
    values (p_invoice_id, p_amount, p_method, p_reference)
    returning payment_id into p_payment_id;
end;
$$;

comment on procedure billing.record_payment (bigint, numeric, text, text, bigint) is
'Records a payment by the patient on an invoice and returns its id; the invoice becomes partially paid or paid. '
'Refuses: unknown invoice (P0002), a non-positive amount or unknown method (22023), more than the patient owes '
'now (ZB001). Payers pay through billing.adjudicate_claim.';

revoke all on procedure billing.record_payment from public;
grant execute on procedure billing.record_payment to hc_billing_clerk, hc_app;
