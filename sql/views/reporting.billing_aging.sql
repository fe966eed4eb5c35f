create or replace view reporting.billing_aging as
with due as (
    select
        i.patient_id,
        current_date - i.issued_on as age_days,
        i.balance - coalesce((
            select sum(c.amount_claimed) from billing.claim as c
            where c.invoice_id = i.invoice_id and c.status = 'submitted'
        ), 0) as patient_due,
        coalesce((
            select sum(c.amount_claimed) from billing.claim as c
            where c.invoice_id = i.invoice_id and c.status = 'submitted'
        ), 0) as pending
    from billing.invoice as i
    where i.status <> 'paid' and i.balance > 0
)

select
    p.patient_id,
    p.mrn,
    p.first_name || ' ' || p.last_name as patient_name,
    coalesce(sum(due.patient_due) filter (where due.age_days <= 30), 0)::numeric(12, 2) as due_0_30,
    coalesce(sum(due.patient_due) filter (where due.age_days between 31 and 60), 0)::numeric(12, 2) as due_31_60,
    coalesce(sum(due.patient_due) filter (where due.age_days between 61 and 90), 0)::numeric(12, 2) as due_61_90,
    coalesce(sum(due.patient_due) filter (where due.age_days > 90), 0)::numeric(12, 2) as due_over_90,
    sum(due.patient_due)::numeric(12, 2) as patient_due,
    sum(due.pending)::numeric(12, 2) as pending_with_payer
from due
inner join clinic.patient as p on due.patient_id = p.patient_id
group by p.patient_id, p.mrn, p.first_name, p.last_name;

comment on view reporting.billing_aging is
'What each patient with an open balance owes, by age of the invoice (days since issue): 0-30, 31-60, 61-90, 90+. '
'Amounts pending with payers are apart, not in the buckets.';
comment on column reporting.billing_aging.patient_id is 'the patient';
comment on column reporting.billing_aging.mrn is 'medical record number';
comment on column reporting.billing_aging.patient_name is 'first and last name';
comment on column reporting.billing_aging.due_0_30 is 'patient due on invoices issued 0 to 30 days ago ';
comment on column reporting.billing_aging.due_31_60 is 'patient due on invoices issued 31 to 60 days ago';
comment on column reporting.billing_aging.due_61_90 is 'patient due on invoices issued 61 to 90 days ago';
comment on column reporting.billing_aging.due_over_90 is 'patient due on invoices issued more than 90 days ago';
comment on column reporting.billing_aging.patient_due is 'total patient due';
comment on column reporting.billing_aging.pending_with_payer is 'claimed from payers, not yet adjudicated';

revoke all on reporting.billing_aging from public;
-- names and MRNs: identified, so billing staff only (never analysts or BI tools)
grant select on reporting.billing_aging to hc_billing_clerk;
