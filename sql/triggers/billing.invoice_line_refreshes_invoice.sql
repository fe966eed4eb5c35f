-- requires: functions/billing.refresh_invoice_trigger.sql
create or replace trigger invoice_line_refreshes_invoice
after insert or update or delete on billing.invoice_line
for each row execute function billing.refresh_invoice_trigger();
