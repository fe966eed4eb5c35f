create or replace function billing.billing_summary(
    p_patient_id bigint default null,
    p_from date default null,
    p_to date default null
)
returns table (
    payer_id bigint,
    payer_name text,
    invoices bigint,
    billed numeric,
    paid_by_patient numeric,
    paid_by_payer numeric,
    adjusted numeric,
    outstanding numeric,
    pending_with_payer numeric,
    patient_due numeric
)
language plpgsql
stable
set search_path = pg_catalog, pg_temp
as $$
begin
    if p_patient_id is not null and not exists (select 1 from clinic.patient p where p.patient_id = p_patient_id) then
        raise exception 'patient % does not exist', p_patient_id
            using errcode = 'P0002', hint = 'Check the patient number, or leave it empty for every patient.';
    end if;
    if p_from > p_to then
        raise exception 'the period starts (%) after it ends (%)', p_from, p_to
            using errcode = '22023', hint = 'Give the first day, then the last day of the period.';
    end if;
    return query
    with inv as (
        select i.invoice_id, i.payer_id, i.total_amount, i.adjusted_amount, i.balance,
               coalesce((select sum(p.amount) from billing.payment p
                          where p.invoice_id = i.invoice_id and p.payer_id is null), 0) as by_patient,
               coalesce((select sum(p.amount) from billing.payment p
                          where p.invoice_id = i.invoice_id and p.payer_id is not null), 0) as by_payer,
               coalesce((select sum(c.amount_claimed) from billing.claim c
                          where c.invoice_id = i.invoice_id and c.status = 'submitted'), 0) as pending
          from billing.invoice i
         where (p_patient_id is null or i.patient_id = p_patient_id)
           and (p_from is null or i.issued_on >= p_from)
           and (p_to is null or i.issued_on <= p_to)
    )
    select y.payer_id, y.payer_name, count(*),
           sum(inv.total_amount)::numeric(12, 2), sum(inv.by_patient)::numeric(12, 2),
           sum(inv.by_payer)::numeric(12, 2), sum(inv.adjusted_amount)::numeric(12, 2),
           sum(inv.balance)::numeric(12, 2), sum(inv.pending)::numeric(12, 2),
           sum(inv.balance - inv.pending)::numeric(12, 2)
      from inv
      join billing.payer y on y.payer_id = inv.payer_id
     group by y.payer_id, y.payer_name
     order by y.payer_name;
end;
$$;

comment on function billing.billing_summary(bigint, date, date) is
'Billing figures per payer for one patient or all (null), for invoices issued in [p_from, p_to] (null = open): '
'billed, paid by patient and by payer, adjusted, outstanding (pending with payer + patient due).';

revoke all on function billing.billing_summary from public;
grant execute on function billing.billing_summary to hc_billing_clerk, hc_app;
