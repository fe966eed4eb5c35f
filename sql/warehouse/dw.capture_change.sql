create or replace function dw.capture_change()
returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
-- Statement-level: logs the key of every row of the statement's transition
-- table (changed_rows) into the warehouse change log. TG_ARGV: table, key
-- column, then at most one option for an update (whose trigger also has
-- old_rows): 'old_rows' for a table keyed by its parent: the old rows' keys
-- too (a row moved to another parent changes both parents); or
-- 'unread:c1,c2,...', columns no warehouse load reads: a row whose other
-- columns are all as before is not logged.
--
-- Nothing is logged before the warehouse's first load (dw.capture_switch = 0:
-- that load reads every row anyway). A transaction that skips the log holds a
-- shared advisory lock to its end, so the first load, which switches capture
-- on, can wait until every such transaction has committed or rolled back
-- before it reads the OLTP (dw.run_etl); the switch is read again under the
-- lock because the load may have turned it on in between.
declare
    old_columns text;
    new_columns text;
begin
    if (select s.last_value from dw.capture_switch as s) = 0 then
        perform pg_advisory_xact_lock_shared(hashtext('dw.capture_switch'));
        if (select s.last_value from dw.capture_switch as s) = 0 then
            return null;
        end if;
    end if;
    if tg_argv[2] = 'old_rows' then
        execute format(
            'insert into dw.change_log (source_table, source_id)'
            ' select %1$L, r.%2$I from changed_rows as r union select %1$L, o.%2$I from old_rows as o',
            tg_argv[0], tg_argv[1]
        );
    elsif tg_argv[2] like 'unread:%' then
        select string_agg('o.' || quote_ident(a.attname), ', ' order by a.attnum),
            string_agg('r.' || quote_ident(a.attname), ', ' order by a.attnum)
        into old_columns, new_columns
        from pg_catalog.pg_attribute as a
        where a.attrelid = tg_relid and a.attnum > 0 and not a.attisdropped
          and a.attname <> all (string_to_array(substr(tg_argv[2], 8), ','));
        -- one join of the new and old rows by key: a key on one side only (an update of the key) or a row whose
        -- read columns differ. (Two anti-joins took ~0.1 ms more per single-row UPDATE to plan; this ~0.03 ms.)
        execute format(
            'insert into dw.change_log (source_table, source_id)'
            ' select %1$L, coalesce(r.%2$I, o.%2$I)'
            ' from changed_rows as r full join old_rows as o on o.%2$I = r.%2$I'
            ' where r.%2$I is null or o.%2$I is null or row(%3$s) is distinct from row(%4$s)',
            tg_argv[0], tg_argv[1], old_columns, new_columns
        );
    else
        execute format(
            'insert into dw.change_log (source_table, source_id) select %L, r.%I from changed_rows as r',
            tg_argv[0], tg_argv[1]
        );
    end if;
    return null;
end;
$$;

comment on function dw.capture_change() is
'change capture for the warehouse: a statement-level trigger function that logs the keys of the changed rows '
'(transition table changed_rows) into dw.change_log, once dw.capture_switch is on (the first load turns it on); '
'arguments: table name, key column, then for an update ''old_rows'' (also log the old rows'' keys: the key is a '
'parent''s) or ''unread:c1,c2'' (skip rows whose other columns did not change)';
