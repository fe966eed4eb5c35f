-- A payment or an adjustment can never exceed what is still owed on the
-- invoice. The invoice row is locked first, so two concurrent payments are
-- checked one after the other (the CHECK on billing.invoice is the backstop).
create or replace function billing.check_within_balance()
returns trigger
language plpgsql
as $$
declare
    v_balance numeric(12, 2);
begin
    select i.balance into v_balance from billing.invoice i where i.invoice_id = new.invoice_id for update;
    if tg_op = 'UPDATE' and old.invoice_id = new.invoice_id then
        v_balance := v_balance + old.amount;
    end if;
    if new.amount > v_balance then
        if tg_table_name = 'payment' then
            raise exception 'a payment of % exceeds the % still owed on invoice %', new.amount, v_balance, new.invoice_id
                using errcode = 'ZB001',
                      detail = 'A payment can never exceed the invoice''s outstanding balance.',
                      hint = 'Record at most the outstanding amount; refunds are not payments.';
        end if;
        raise exception 'an adjustment of % exceeds the % still owed on invoice %', new.amount, v_balance, new.invoice_id
            using errcode = 'ZB002',
                  detail = 'An adjustment can never exceed the invoice''s outstanding balance.',
                  hint = 'Adjust at most the outstanding amount.';
    end if;
    return new;
end;
$$;

comment on function billing.check_within_balance() is
'Trigger function: refuses a payment (ZB001) or adjustment (ZB002) larger than the invoice''s balance.';

create or replace trigger payment_within_balance
before insert or update of amount, invoice_id on billing.payment
for each row execute function billing.check_within_balance();
