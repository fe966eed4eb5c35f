drop table billing.adjustment;
drop table billing.payment;
drop table billing.claim;
drop table billing.invoice_line;
drop table billing.invoice;
