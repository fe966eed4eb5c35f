-- requires: functions/billing.refresh_invoice.sql
create or replace function billing.refresh_invoice_trigger()
returns trigger
language plpgsql
as $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        perform billing.refresh_invoice(old.invoice_id);
    end if;
    if tg_op in ('INSERT', 'UPDATE') and (tg_op = 'INSERT' or new.invoice_id <> old.invoice_id) then
        perform billing.refresh_invoice(new.invoice_id);
    end if;
    return null;
end;
$$;

comment on function billing.refresh_invoice_trigger() is
'Trigger function on invoice lines, payments and adjustments: refreshes the totals and status of the '
'invoice(s) touched.';
