create or replace function dw.capture_change()
returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
-- Statement-level: logs the key of every row of the statement's transition
-- table (changed_rows) into the warehouse change log. TG_ARGV: table, key column.
begin
    execute format(
        'insert into dw.change_log (source_table, source_id) select %L, r.%I from changed_rows as r',
        tg_argv[0], tg_argv[1]
    );
    return null;
end;
$$;

comment on function dw.capture_change() is
'change capture for the warehouse: a statement-level trigger function that logs the keys of the changed rows '
'(transition table changed_rows) into dw.change_log; arguments: table name, key column';
