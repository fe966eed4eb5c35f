-- The indexes that find an encounter's invoice and an invoice's lines also
-- carry what the warehouse refresh reads through them, so those lookups are
-- index-only scans: no visit to the billing tables' pages, which a hospital's
-- billing history keeps mostly outside shared buffers. A refresh lists them
-- for every encounter that moved to another department
-- (dw.follow_moved_encounters: the invoice's id and issue date, each line's
-- id) or changed patient (dw.stage_encounter_dependants: the invoice ids).
-- Measured on 1M encounters with 1 % moved, from a checkpoint: listing their
-- 10,646 invoice lines 0.043-0.048 s against 0.064-0.070 s (docs/warehouse.md,
-- Performance). The INCLUDE columns are never searched on; the unique rule on
-- invoice.encounter_id is unchanged. (The same for the treatments' encounter
-- index gained nothing measurable on their ~2,500 rows: not done.)
drop index billing.invoice_line_invoice_idx;
create index invoice_line_invoice_idx on billing.invoice_line (invoice_id) include (invoice_line_id);

alter table billing.invoice drop constraint invoice_encounter_id_key;
alter table billing.invoice
add constraint invoice_encounter_id_key unique (encounter_id) include (invoice_id, issued_on);
