{#- Macros available to every template under sql/ (and to sqlfluff's jinja templater). -#}

{#- Wire the shared updated_at trigger to a table (the table needs an updated_at column). -#}
{% macro updated_at_trigger(table) -%}
create or replace trigger set_updated_at
before update on {{ table }}
for each row execute function util.set_updated_at();
{%- endmacro %}

{#- Audit every insert, update and delete on a table into audit.log (issue 7).
    patient_column: the column holding the patient id (omit for tables that
    belong to no patient); key_columns: the primary key, by default the
    project's convention <table>_id. Also refuses TRUNCATE, which would erase
    rows without a row-level audit entry. -#}
{% macro audit_trigger(table, patient_column=none, key_columns=none) -%}
{%- set keys = key_columns or [table.split('.')[-1] ~ '_id'] -%}
create or replace trigger audit_change
after insert or update or delete on {{ table }}
for each row execute function audit.record_change('{{ patient_column or '' }}'
{%- for key in keys %}, '{{ key }}'{% endfor %});

create or replace trigger audit_no_truncate
before truncate on {{ table }}
for each statement execute function audit.refuse_change();
{%- endmacro %}
