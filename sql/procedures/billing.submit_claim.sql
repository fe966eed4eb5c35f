-- requires: functions/billing.lock_invoice.sql
create or replace procedure billing.submit_claim(
    p_invoice_id bigint,
    p_amount numeric default null,
    inout p_claim_id bigint default null
)
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
    v_invoice record;
    v_payer record;
    v_amount numeric(12, 2);
begin
    v_invoice := billing.lock_invoice(p_invoice_id);
    select p.payer_name, p.payer_type, p.coverage_percent into v_payer
      from billing.payer p where p.payer_id = v_invoice.payer_id;
    if v_payer.payer_type = 'self-pay' then
        raise exception 'invoice % is self-pay: there is no payer to claim from', p_invoice_id
            using errcode = 'ZB003', hint = 'Collect the amount from the patient.';
    end if;
    if p_amount <= 0 or p_amount <> round(p_amount, 2) then
        raise exception 'a claim must be a positive amount in cents (got %)', p_amount
            using errcode = '22023', hint = 'Leave the amount empty to claim the payer''s coverage share.';
    end if;
    -- by default the payer's coverage share of what is not already claimed
    v_amount := coalesce(p_amount, round(v_invoice.patient_due * v_payer.coverage_percent / 100, 2));
    if v_amount <= 0 or v_amount > v_invoice.patient_due then
        raise exception 'cannot claim % from % on invoice %', v_amount, v_payer.payer_name, p_invoice_id
            using errcode = 'ZB005',
                  detail = format('Balance %s, of which %s is already pending with the payer.',
                                  v_invoice.balance, v_invoice.pending_with_payer),
                  hint = 'A claim covers part of the balance that is not yet claimed.';
    end if;
    insert into billing.claim (invoice_id, payer_id, amount_claimed)
    values (p_invoice_id, v_invoice.payer_id, v_amount)
    returning claim_id into p_claim_id;
end;
$$;

comment on procedure billing.submit_claim (bigint, numeric, bigint) is
'Claims part of an invoice from the invoice''s payer (by default its coverage share of the unclaimed balance) '
'and returns the claim id. Refuses: unknown invoice (P0002), self-pay (ZB003), a non-positive amount (22023), '
'nothing to claim or more than the unclaimed balance (ZB005).';

revoke all on procedure billing.submit_claim from public;
grant execute on procedure billing.submit_claim to hc_billing_clerk, hc_app;
