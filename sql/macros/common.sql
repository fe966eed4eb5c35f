{#- Macros available to every template under sql/ (and to sqlfluff's jinja templater). -#}

{#- Wire the shared updated_at trigger to a table (the table needs an updated_at column). -#}
{% macro updated_at_trigger(table) -%}
create or replace trigger set_updated_at
before update on {{ table }}
for each row execute function util.set_updated_at();
{%- endmacro %}
