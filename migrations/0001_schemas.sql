-- Schemas of the healthcare database and the contrib extensions it needs.
create schema if not exists ext;
comment on schema ext is 'contrib extensions (btree_gist, pg_trgm), kept out of the application schemas';
create extension if not exists btree_gist with schema ext;
create extension if not exists pg_trgm with schema ext;

create schema util;
comment on schema util is 'shared helpers: the updated_at trigger function and other generic routines';
create schema ref;
comment on schema ref is 'reference code sets: ICD-10-CM, ATC, statuses, severities, outcomes';
create schema clinic;
comment on schema clinic is
'clinical core: departments, staff, patients, appointments, encounters, diagnoses, treatments';
create schema billing;
comment on schema billing is 'invoices, invoice lines, claims to payers, payments and adjustments';
create schema pharmacy;
comment on schema pharmacy is 'medication catalog, stock locations, lots and the stock movement ledger';
create schema audit;
comment on schema audit is 'append-only audit trail of changes to patient-identifying and clinical tables';
create schema dw;
comment on schema dw is 'the de-identified snowflake warehouse and its refresh procedures';
create schema reporting;
comment on schema reporting is 'stable views for BI tools and the executive report';
