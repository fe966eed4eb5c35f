alter table billing.invoice drop constraint invoice_encounter_id_key;
alter table billing.invoice add constraint invoice_encounter_id_key unique (encounter_id);

drop index billing.invoice_line_invoice_idx;
create index invoice_line_invoice_idx on billing.invoice_line (invoice_id);
