-- requires: functions/billing.refresh_invoice_trigger.sql
create or replace trigger payment_refreshes_invoice
after insert or update or delete on billing.payment
for each row execute function billing.refresh_invoice_trigger();
