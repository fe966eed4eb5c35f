{#- Macros available to every template under sql/ (and to sqlfluff's jinja templater). -#}

{#- Wire the shared updated_at trigger to a table (the table needs an updated_at column). -#}
{% macro updated_at_trigger(table) -%}
create or replace trigger set_updated_at
before update on {{ table }}
for each row execute function util.set_updated_at();
{%- endmacro %}

{#- Audit every insert, update and delete on a table into audit.log (issue 7).
    patient_column: the column holding the patient id (omit for tables that
    belong to no patient); patient_via: instead, a chain of parent lookups
    [('encounter_id', 'clinic.encounter')] whose last table has patient_id
    (each hop follows a column of the previous row to the parent whose key has
    that name); key_columns: the primary key, by default the project's
    convention <table>_id. Statement-level triggers with transition tables, so
    a bulk INSERT ... SELECT is audited set-based (one trigger per event: a
    trigger with transition tables may fire on one event only). Also refuses
    TRUNCATE, which would erase rows without a row-level audit entry
    (refuse_truncate=false for a table that refuses it itself already). -#}
{% macro audit_trigger(table, patient_column=none, key_columns=none, patient_via=none, refuse_truncate=true) -%}
{%- set keys = key_columns or [table.split('.')[-1] ~ '_id'] -%}
{%- set patient = (patient_via | map('join', '@') | join(',')) if patient_via else (patient_column or '') -%}
{%- set arguments %}'{{ patient }}'{% for key in keys %}, '{{ key }}'{% endfor %}{% endset -%}
create or replace trigger audit_insert
after insert on {{ table }}
referencing new table as audit_new
for each statement execute function audit.record_change({{ arguments }});

create or replace trigger audit_update
after update on {{ table }}
referencing old table as audit_old new table as audit_new
for each statement execute function audit.record_change({{ arguments }});

create or replace trigger audit_delete
after delete on {{ table }}
referencing old table as audit_old
for each statement execute function audit.record_change({{ arguments }});
{%- if refuse_truncate %}

create or replace trigger audit_no_truncate
before truncate on {{ table }}
for each statement execute function audit.refuse_change();
{%- endif %}
{%- endmacro %}

{#- Keep the invoice totals of a billing table's rows (invoice lines, payments,
    adjustments) with billing.refresh_invoice_trigger(): statement-level AFTER
    triggers with transition tables, one per event (a trigger with transition
    tables may fire on one event only), so a statement recomputes each invoice
    it touched once. prefix: the trigger names' prefix (the table name). -#}
{% macro refresh_invoice_triggers(table, prefix) -%}
create or replace trigger {{ prefix }}_refreshes_invoice
after insert on {{ table }}
referencing new table as refresh_new
for each statement execute function billing.refresh_invoice_trigger();

create or replace trigger {{ prefix }}_refreshes_invoice_on_update
after update on {{ table }}
referencing old table as refresh_old new table as refresh_new
for each statement execute function billing.refresh_invoice_trigger();

create or replace trigger {{ prefix }}_refreshes_invoice_on_delete
after delete on {{ table }}
referencing old table as refresh_old
for each statement execute function billing.refresh_invoice_trigger();
{%- endmacro %}
