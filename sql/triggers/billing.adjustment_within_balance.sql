-- requires: triggers/billing.payment_within_balance.sql
create or replace trigger adjustment_within_balance
before insert or update of amount, invoice_id on billing.adjustment
for each row execute function billing.check_within_balance();
