create or replace procedure billing.adjudicate_claim(
    p_claim_id bigint,
    p_amount_paid numeric,
    p_denial_reason text default null
)
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
    v_claim record;
begin
    select c.claim_id, c.invoice_id, c.payer_id, c.status, c.amount_claimed into v_claim
      from billing.claim c where c.claim_id = p_claim_id for update;
    if not found then
        raise exception 'claim % does not exist', p_claim_id
            using errcode = 'P0002', hint = 'Check the claim number.';
    end if;
    if v_claim.status <> 'submitted' then
        raise exception 'claim % is already "%"', p_claim_id, v_claim.status
            using errcode = 'ZB004', hint = 'A claim is adjudicated once; submit a new claim for a new amount.';
    end if;
    if p_amount_paid is null or p_amount_paid < 0 or p_amount_paid <> round(p_amount_paid, 2) then
        raise exception 'the amount the payer paid must be zero or positive, in cents (got %)', p_amount_paid
            using errcode = '22023', hint = 'Give 0 for a denied claim.';
    end if;
    if p_amount_paid > v_claim.amount_claimed then
        raise exception 'the payer paid % on a claim of %', p_amount_paid, v_claim.amount_claimed
            using errcode = 'ZB006', hint = 'A payer cannot pay more than was claimed; check the remittance.';
    end if;
    -- whatever the payer does not pay stays on the invoice, now as the patient's responsibility
    update billing.claim
       set status = case when p_amount_paid = 0 then 'denied'
                         when p_amount_paid = amount_claimed then 'paid'
                         else 'partly paid' end,
           amount_paid = p_amount_paid,
           adjudicated_at = now(),
           denial_reason = p_denial_reason
     where claim_id = p_claim_id;
    if p_amount_paid > 0 then
        insert into billing.payment (invoice_id, payer_id, claim_id, amount, payment_method)
        values (v_claim.invoice_id, v_claim.payer_id, p_claim_id, p_amount_paid, 'payer remittance');
    end if;
end;
$$;

comment on procedure billing.adjudicate_claim (bigint, numeric, text) is
'Records the payer''s answer to a claim: paid in full, partly paid or denied (0). The amount paid is recorded as '
'a payment; the unpaid rest becomes the patient''s responsibility. Refuses: unknown claim (P0002), already '
'adjudicated (ZB004), negative amount (22023), more than claimed (ZB006).';

revoke all on procedure billing.adjudicate_claim from public;
grant execute on procedure billing.adjudicate_claim to hc_billing_clerk, hc_app;
