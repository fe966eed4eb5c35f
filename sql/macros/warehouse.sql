{#- Macros for the warehouse templates under sql/warehouse/ (issue 5). -#}

{#- Change capture for one OLTP table: three statement-level triggers with
    transition tables, so a bulk load of a million rows costs one INSERT ...
    SELECT into dw.change_log, not a million trigger calls. key: the column
    logged as source_id. parent_key: the key is a parent's (a row can be moved
    to another parent by an UPDATE), so an update logs the old parent too.
    unread: columns no warehouse load reads (free text, vitals, updated_at): an
    UPDATE that changes nothing else is not logged, so the next refresh does not
    restage and compare rows it cannot change. A load that starts reading one of
    them must take it off this list (tests/test_warehouse_capture_filter.py
    fails otherwise). -#}
{% macro capture_triggers(table, key, parent_key=false, unread=[]) -%}
create or replace trigger dw_capture_insert
after insert on {{ table }}
referencing new table as changed_rows
for each statement execute function dw.capture_change('{{ table }}', '{{ key }}');

create or replace trigger dw_capture_update
after update on {{ table }}
referencing {{ 'old table as old_rows ' if parent_key or unread }}new table as changed_rows
for each statement execute function dw.capture_change('{{ table }}', '{{ key }}'
    {{- ", 'old_rows'" if parent_key }}{{ ", 'unread:" ~ unread | join(',') ~ "'" if unread }});

create or replace trigger dw_capture_delete
after delete on {{ table }}
referencing old table as changed_rows
for each statement execute function dw.capture_change('{{ table }}', '{{ key }}');
{%- endmacro %}

{#- PL/pgSQL statements: when `rows` (a variable) rows will each probe their own partition of dw.<fact> by key in
    a nested loop, which the planner prices as if it probed every partition, steer it off hash and merge joins
    while they are few against the fact (under 1/20 of its rows). The caller declares previous_hashjoin and
    previous_mergejoin text and calls restore_join_methods() after the statement, before steering again. -#}
{% macro steer_to_nested_loop(rows, fact) -%}
    previous_hashjoin := current_setting('enable_hashjoin');
    previous_mergejoin := current_setting('enable_mergejoin');
    if {{ rows }} * 20 < (
        select sum(c.reltuples) from pg_catalog.pg_inherits as i
        inner join pg_catalog.pg_class as c on c.oid = i.inhrelid
        where i.inhparent = 'dw.{{ fact }}'::regclass
    ) then
        perform set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true);
    end if;
{%- endmacro %}

{% macro restore_join_methods() -%}
    perform set_config('enable_hashjoin', previous_hashjoin, true), set_config('enable_mergejoin', previous_mergejoin, true);
{%- endmacro %}

{#- The body of a fact load procedure (PL/pgSQL, inside begin ... end).
    full_load: insert every source row (the fact was truncated). Otherwise stage the
    source rows whose `scope` is in pg_temp.ids_<fact>, then delete the fact
    rows of that scope that are gone (looked for only when a scope key has no
    stage row, if the scope is the key; else only under the scope keys marked
    may_lose_rows), and MERGE the rest (an unchanged row is not touched; each
    row is looked for in the partition of its own date first). Every old row version goes to pg_temp.delta_<fact> with
    sign -1 and every new one with +1: the aggregates are maintained from it.
    select_sql: the source query with __FILTER__ where the scope restriction goes.
    range_sql: one row (first_day, last_day), the source's date range, for the partitions of a full load. -#}
{% macro fact_load_body(fact, key, scope, scope_expr, columns, select_sql, range_sql) -%}
    if full_load then
        -- the fact was truncated: load it without its primary key, then build the key's index once per partition
        -- (sorted) instead of inserting every row into it
        restore_key := dw.drop_constraint('dw.{{ fact }}', '{{ fact }}_pkey');
        -- one scan for both ends (as two UNION ALL branches it was two scans where no index leads with the column;
        -- with one, min and max are still index probes)
        select r.first_day, r.last_day into first_day, last_day from ({{ range_sql }}) as r;
        perform dw.ensure_month_partitions('dw.{{ fact }}', first_day, last_day);
        insert into dw.{{ fact }} ({{ columns | join(', ') }})
        {{ select_sql | replace('__FILTER__', 'true') }};
        get diagnostics inserted = row_count;
        execute restore_key;
        insert into pg_temp.etl_stats values ('dw.{{ fact }}', inserted, 0, 0, 0);
        return;
    end if;
    if not exists (select from pg_temp.ids_{{ fact }}) then
        return;  -- nothing in scope: no working tables, no delta (the aggregates skip this fact)
    end if;

    create temp table stage_{{ fact }} (like dw.{{ fact }}) on commit drop;
    insert into pg_temp.stage_{{ fact }} ({{ columns | join(', ') }})
    {{ select_sql | replace('__FILTER__', scope_expr ~ ' in (select i.id from pg_temp.ids_' ~ fact ~ ' as i)') }};
    select min(date_key), max(date_key) into first_key, last_key from pg_temp.stage_{{ fact }};
    perform dw.ensure_month_partitions('dw.{{ fact }}', dw.date_of_key(first_key), dw.date_of_key(last_key));

    create temp table delta_{{ fact }} on commit drop as
    select 0 as sign, f.* from dw.{{ fact }} as f limit 0;

{%- if scope == key %}
    -- rows gone from the source: scope keys without a stage row (the stage holds only scope keys, so fewer
    -- distinct stage keys than scope keys). Usually none, and then the fact is not scanned for them: that scan
    -- of every partition was a third of a 1 % refresh's time
    if (select count(distinct s.{{ key }}) from pg_temp.stage_{{ fact }} as s)
       < (select count(*) from pg_temp.ids_{{ fact }}) then
{%- else %}
    -- rows gone from the source: this fact's scope is wider than its key (a line can leave an invoice that stays).
    -- Looked for only under the scope keys dw.stage_fact_ids marked may_lose_rows (their own rows changed): the
    -- search scans every partition of the fact (0.17-0.31 s at 1M encounters)
    if exists (select from pg_temp.ids_{{ fact }} as i where i.may_lose_rows) then
{%- endif %}
    with gone as (
        delete from dw.{{ fact }} as f
        where f.{{ scope }} in (select i.id from pg_temp.ids_{{ fact }} as i{{ ' where i.may_lose_rows' if scope != key }})
          and not exists (select from pg_temp.stage_{{ fact }} as s where s.{{ key }} = f.{{ key }})
        returning f.*
    )
    insert into pg_temp.delta_{{ fact }} select -1, gone.* from gone;
    get diagnostics deleted = row_count;
    else
        deleted := 0;
    end if;

    -- Matched on key AND date_key: each stage row probes only its own month's partition (run-time pruning in a
    -- nested loop) instead of every month's (1 % refresh at 1M encounters: the appointment MERGE 0.24 s -> see
    -- BENCHMARKS.md). A row whose date moved to another month is not matched there: it is inserted, and its old
    -- copy is deleted below (looked for in every partition, but only for the inserted keys).
    -- The planner prices a pruned nested loop as if it probed all partitions and picks a hash join over the
    -- whole fact; it is steered off hash and merge joins while the stage is small against the fact.
    -- The stage is taken in key order (its joins may have left it in any), so the probes walk each partition's
    -- key index forward (11,658 diagnoses: 33 ms against 40 ms in random order, warm).
    select count(*) into staged from pg_temp.stage_{{ fact }};
    {{ steer_to_nested_loop('staged', fact) }}
    with merged as (
        merge into dw.{{ fact }} as f
        using (select * from pg_temp.stage_{{ fact }} order by {{ key }}) as s
            on f.{{ key }} = s.{{ key }} and f.date_key = s.date_key
        when matched and ({% for c in columns %}f.{{ c }}{{ ', ' if not loop.last }}{% endfor %})
            is distinct from ({% for c in columns %}s.{{ c }}{{ ', ' if not loop.last }}{% endfor %}) then
            update set ({{ columns | join(', ') }}) = ({% for c in columns %}s.{{ c }}{{ ', ' if not loop.last }}{% endfor %})
        when not matched then
            insert ({{ columns | join(', ') }})
            values ({% for c in columns %}s.{{ c }}{{ ', ' if not loop.last }}{% endfor %})
        returning merge_action() as action, old as old_row, new as new_row
    ),
    deltas as (
        insert into pg_temp.delta_{{ fact }}
        select -1, (m.old_row).* from merged as m where m.action = 'UPDATE'
        union all
        select 1, (m.new_row).* from merged as m
        returning 1
    )
    select
        count(*) filter (where m.action = 'INSERT'),
        count(*) filter (where m.action = 'UPDATE'),
        array_agg((m.new_row).{{ key }}) filter (where m.action = 'INSERT'),
        array_agg((m.new_row).date_key) filter (where m.action = 'INSERT')
    into inserted, updated, inserted_keys, inserted_dates
    from merged as m;
    if inserted > 0 then
        -- old copies, in another month, of rows inserted just now: their date moved; the pair counts as an update
        with moved as (
            delete from dw.{{ fact }} as f
            using unnest(inserted_keys, inserted_dates) as i ({{ key }}, date_key)
            where f.{{ key }} = i.{{ key }} and f.date_key <> i.date_key
            returning f.*
        )
        insert into pg_temp.delta_{{ fact }} select -1, moved.* from moved;
        get diagnostics moved_rows = row_count;
        inserted := inserted - moved_rows;
        updated := updated + moved_rows;
    end if;
    {{ restore_join_methods() }}
    insert into pg_temp.etl_stats values ('dw.{{ fact }}', inserted, updated, deleted, 0);
{%- endmacro %}

{#- A whole fact load procedure dw.load_<fact>(full_load boolean): the
    declarations, the fact_load_body scaffolding above and its COMMENT.
    description: what the procedure loads, for the COMMENT. -#}
{% macro fact_load_procedure(fact, key, scope, scope_expr, columns, select_sql, range_sql, description) -%}
create or replace procedure dw.load_{{ fact }}(full_load boolean)
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
declare
    first_day date;
    last_day date;
    first_key integer;
    last_key integer;
    inserted bigint;
    updated bigint;
    deleted bigint;
    restore_key text;
    staged bigint;
    moved_rows bigint;
    previous_hashjoin text;
    previous_mergejoin text;
    inserted_keys bigint[];
    inserted_dates integer[];
begin
{{ fact_load_body(fact, key, scope, scope_expr, columns, select_sql, range_sql) }}
end;
$$;

comment on procedure dw.load_{{ fact }} (boolean) is
'ETL step: loads dw.{{ fact }} ({{ description }}); part of dw.refresh() / dw.rebuild()';
{%- endmacro %}

{#- Apply the fact deltas of a run to one monthly aggregate (one MERGE), or (full) build it
    from the whole fact. Each measure is "name: expression over the fact row";
    the first measure must be a count: rows whose count falls to 0 are deleted.
    probe_order: for a large aggregate, the columns of the index the MERGE looks the groups up by, in its
    order; the deltas are sorted by them (16,291 agg_visit_patient groups, through the patient index it had
    until migration 0092: 57 ms sorted against 83-100 ms in hash order). -#}
{% macro agg_apply_body(agg, fact, month_expr, group_cols, measures, probe_order=none) -%}
    if full_load then
        -- truncated: filled without its primary key and plain indexes, each then built once, sorted
        restore_key := dw.drop_constraint('dw.{{ agg }}', '{{ agg }}_pkey');
        restore_indexes := dw.drop_plain_indexes('dw.{{ agg }}');
        insert into dw.{{ agg }} (month_start, {{ group_cols | join(', ') }}, {{ measures | map(attribute=0) | join(', ') }})
        select {{ month_expr }}, {{ group_cols | join(', ') }},
            {% for m in measures %}sum({{ m[1] }}){{ ', ' if not loop.last }}{% endfor %}
        from dw.{{ fact }}
        group by 1, {% for c in group_cols %}{{ c }}{{ ', ' if not loop.last }}{% endfor %};
        get diagnostics inserted = row_count;
        execute restore_key;
        foreach restore_index in array restore_indexes loop
            execute restore_index;
        end loop;
        insert into pg_temp.etl_stats values ('dw.{{ agg }}', inserted, 0, 0, 0);
    elsif to_regclass('pg_temp.delta_{{ fact }}') is not null then
    with delta as (
        select {{ month_expr }} as month_start, {{ group_cols | join(', ') }},
            {% for m in measures %}sum(sign * ({{ m[1] }})) as {{ m[0] }}{{ ', ' if not loop.last }}{% endfor %}
        from pg_temp.delta_{{ fact }}
        group by 1, {% for c in group_cols %}{{ c }}{{ ', ' if not loop.last }}{% endfor %}
        having {% for m in measures %}sum(sign * ({{ m[1] }})) <> 0{{ ' or ' if not loop.last }}{% endfor %}
{%- if probe_order %}
        -- in the order of the index the MERGE finds the groups by: consecutive lookups then walk it forward
        -- instead of jumping around it (and the heap)
        order by {{ probe_order | join(', ') }}
{%- endif %}
    ),
    merged as (
        -- a group whose count falls to 0 has no fact row left and is deleted in the same statement (an upsert,
        -- then a DELETE of the rows it left at 0: 57 ms against 32 ms for 9,260 groups of agg_visit_patient)
        merge into dw.{{ agg }} as a
        using delta as d
        on a.month_start = d.month_start{% for c in group_cols %} and a.{{ c }} = d.{{ c }}{% endfor %}
        when matched and a.{{ measures[0][0] }} + d.{{ measures[0][0] }} = 0 then delete
        when matched then update set
            {% for m in measures %}{{ m[0] }} = a.{{ m[0] }} + d.{{ m[0] }}{{ ', ' if not loop.last }}{% endfor %}
        when not matched and d.{{ measures[0][0] }} <> 0 then
            insert (month_start, {{ group_cols | join(', ') }}, {{ measures | map(attribute=0) | join(', ') }})
            values (d.month_start, {% for c in group_cols %}d.{{ c }}, {% endfor %}{% for m in measures %}d.{{ m[0] }}{{ ', ' if not loop.last }}{% endfor %})
        returning merge_action() as action
    )
    select count(*) filter (where action = 'INSERT'), count(*) filter (where action = 'UPDATE'),
        count(*) filter (where action = 'DELETE')
    into inserted, updated, deleted from merged;
    insert into pg_temp.etl_stats values ('dw.{{ agg }}', inserted, updated, deleted, 0);
    end if;
{%- endmacro %}
