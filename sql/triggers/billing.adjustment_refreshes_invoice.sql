-- requires: functions/billing.refresh_invoice_trigger.sql
create or replace trigger adjustment_refreshes_invoice
after insert or update or delete on billing.adjustment
for each row execute function billing.refresh_invoice_trigger();
