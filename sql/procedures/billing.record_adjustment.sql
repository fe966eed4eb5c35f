-- requires: functions/billing.lock_invoice.sql
create or replace procedure billing.record_adjustment(
    p_invoice_id bigint,
    p_amount numeric,
    p_reason text,
    inout p_adjustment_id bigint default null
)
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
    v_invoice record;
begin
    if p_amount is null or p_amount <= 0 or p_amount <> round(p_amount, 2) then
        raise exception 'an adjustment must be a positive amount in cents (got %)', p_amount
            using errcode = '22023', hint = 'For example 10.00.';
    end if;
    if nullif(btrim(p_reason), '') is null then
        raise exception 'an adjustment needs a reason'
            using errcode = '22023', hint = 'For example: hardship discount, write-off.';
    end if;
    v_invoice := billing.lock_invoice(p_invoice_id);
    if p_amount > v_invoice.patient_due then
        raise exception 'an adjustment of % exceeds the % the patient owes on invoice %',
            p_amount, v_invoice.patient_due, p_invoice_id
            using errcode = 'ZB002',
                  detail = format('Balance %s, of which %s is pending with the payer.',
                                  v_invoice.balance, v_invoice.pending_with_payer),
                  hint = 'Adjust at most what the patient owes now.';
    end if;
    insert into billing.adjustment (invoice_id, amount, reason)
    values (p_invoice_id, p_amount, btrim(p_reason))
    returning adjustment_id into p_adjustment_id;
end;
$$;

comment on procedure billing.record_adjustment (bigint, numeric, text, bigint) is
'Takes an amount off an invoice (discount, write-off) and returns the adjustment id. Refuses: unknown invoice '
'(P0002), non-positive amount or no reason (22023), more than the patient owes now (ZB002).';

revoke all on procedure billing.record_adjustment from public;
grant execute on procedure billing.record_adjustment to hc_billing_clerk, hc_app;
