-- requires: functions/billing.billing_summary.sql
create or replace procedure billing.generate_billing_summary(
    p_patient_id bigint default null,
    p_from date default null,
    p_to date default null,
    inout p_summary jsonb default null
)
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
    -- billing_summary validates the arguments (P0002, 22023)
    select jsonb_build_object(
               'patient_id', p_patient_id,
               'from', p_from,
               'to', p_to,
               'invoices', coalesce(sum(s.invoices), 0),
               'billed', coalesce(sum(s.billed), 0),
               'paid', coalesce(sum(s.paid_by_patient + s.paid_by_payer), 0),
               'adjusted', coalesce(sum(s.adjusted), 0),
               'outstanding', coalesce(sum(s.outstanding), 0),
               'pending_with_payer', coalesce(sum(s.pending_with_payer), 0),
               'patient_due', coalesce(sum(s.patient_due), 0),
               'by_payer', coalesce(jsonb_agg(to_jsonb(s) order by s.payer_name), '[]'::jsonb)
           )
      into p_summary
      from billing.billing_summary(p_patient_id, p_from, p_to) as s;
end;
$$;

comment on procedure billing.generate_billing_summary (bigint, date, date, jsonb) is
'Billing summary of a patient (or everyone, null) over a period of invoice dates (null = open-ended) as one JSON '
'document: billed, paid, adjusted, outstanding, pending with payer, patient due, and the same by payer. '
'Refuses: unknown patient (P0002), a period that ends before it starts (22023).';

revoke all on procedure billing.generate_billing_summary from public;
grant execute on procedure billing.generate_billing_summary to hc_billing_clerk, hc_app;
