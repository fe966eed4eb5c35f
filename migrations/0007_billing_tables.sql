-- Billing: one invoice per encounter, its lines, claims to payers, payments
-- and adjustments. The invoice keeps running totals (maintained by triggers
-- from its lines, payments and adjustments); the CHECKs below make an
-- over-payment impossible even if a trigger were bypassed.
create table billing.invoice (
    invoice_id bigint generated always as identity primary key,
    encounter_id bigint not null unique references clinic.encounter (encounter_id),
    patient_id bigint not null references clinic.patient (patient_id),
    payer_id bigint not null references billing.payer (payer_id),
    status text not null default 'open',
    issued_on date not null default current_date,
    due_on date not null default current_date + 30,
    total_amount numeric(12, 2) not null default 0,
    paid_amount numeric(12, 2) not null default 0,
    adjusted_amount numeric(12, 2) not null default 0,
    balance numeric(12, 2) not null generated always as (total_amount - paid_amount - adjusted_amount) stored,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint invoice_status_check check (status in ('open', 'partially paid', 'paid')),
    constraint invoice_due_check check (due_on >= issued_on),
    constraint invoice_amounts_check check (total_amount >= 0 and paid_amount >= 0 and adjusted_amount >= 0),
    constraint invoice_not_overpaid_check check (paid_amount + adjusted_amount <= total_amount)
);
comment on table billing.invoice is
'the bill of one encounter; totals are kept by triggers from lines, payments, adjustments';
comment on column billing.invoice.payer_id is 'the patient''s payer when the invoice was opened';
comment on column billing.invoice.total_amount is 'sum of the invoice lines';
comment on column billing.invoice.paid_amount is 'sum of payments (by the patient and by payers)';
comment on column billing.invoice.adjusted_amount is 'sum of adjustments (write-offs, discounts)';
comment on column billing.invoice.balance is 'still owed: total - paid - adjusted';

create table billing.invoice_line (
    invoice_line_id bigint generated always as identity primary key,
    invoice_id bigint not null references billing.invoice (invoice_id),
    line_kind text not null,
    description text not null,
    treatment_given_id bigint unique references clinic.treatment_given (treatment_given_id),
    quantity numeric(12, 3) not null default 1,
    unit_price numeric(12, 2) not null,
    amount numeric(12, 2) not null generated always as (round(quantity * unit_price, 2)) stored,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint invoice_line_kind_check check (line_kind in ('consultation', 'treatment', 'other')),
    constraint invoice_line_treatment_check check ((line_kind = 'treatment') = (treatment_given_id is not null)),
    constraint invoice_line_quantity_check check (quantity > 0),
    constraint invoice_line_unit_price_check check (unit_price >= 0)
);
comment on table billing.invoice_line is 'one charge on an invoice: a consultation fee or a treatment';
comment on column billing.invoice_line.amount is 'quantity x unit price, rounded to cents';

create table billing.claim (
    claim_id bigint generated always as identity primary key,
    invoice_id bigint not null references billing.invoice (invoice_id),
    payer_id bigint not null references billing.payer (payer_id),
    status text not null default 'submitted',
    amount_claimed numeric(12, 2) not null,
    amount_paid numeric(12, 2) not null default 0,
    submitted_at timestamptz not null default now(),
    adjudicated_at timestamptz,
    denial_reason text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint claim_status_check check (status in ('submitted', 'paid', 'partly paid', 'denied')),
    constraint claim_amount_claimed_check check (amount_claimed > 0),
    constraint claim_amount_paid_check check (amount_paid >= 0 and amount_paid <= amount_claimed),
    constraint claim_adjudicated_check check ((status = 'submitted') = (adjudicated_at is null)),
    constraint claim_status_amount_check check (
        (status = 'submitted' and amount_paid = 0)
        or (status = 'paid' and amount_paid = amount_claimed)
        or (status = 'partly paid' and amount_paid > 0 and amount_paid < amount_claimed)
        or (status = 'denied' and amount_paid = 0)
    )
);
comment on table billing.claim is
'a request to a payer to pay part of an invoice; while submitted its amount is pending with the payer, once '
'adjudicated whatever the payer did not pay is the patient''s responsibility';
comment on column billing.claim.amount_paid is 'what the payer paid (also recorded as a payment)';

create table billing.payment (
    payment_id bigint generated always as identity primary key,
    invoice_id bigint not null references billing.invoice (invoice_id),
    payer_id bigint references billing.payer (payer_id),
    claim_id bigint references billing.claim (claim_id),
    amount numeric(12, 2) not null,
    payment_method text not null,
    payment_reference text,
    paid_at timestamptz not null default now(),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint payment_amount_check check (amount > 0),
    constraint payment_method_check check (
        payment_method in ('cash', 'card', 'bank transfer', 'cheque', 'payer remittance')
    ),
    constraint payment_source_check check ((payer_id is null) = (claim_id is null))
);
comment on table billing.payment is 'money received for an invoice: from the patient (payer_id null) or a payer';
comment on column billing.payment.payer_id is 'the payer who paid; null when the patient paid';
comment on column billing.payment.claim_id is 'the claim a payer''s payment settles';

create table billing.adjustment (
    adjustment_id bigint generated always as identity primary key,
    invoice_id bigint not null references billing.invoice (invoice_id),
    amount numeric(12, 2) not null,
    reason text not null,
    adjusted_at timestamptz not null default now(),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint adjustment_amount_check check (amount > 0),
    constraint adjustment_reason_check check (btrim(reason) <> '')
);
comment on table billing.adjustment is 'an amount taken off an invoice without payment (discount, write-off)';
