create or replace function dw.capture_change()
returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
-- Statement-level: logs the key of every row of the statement's transition
-- table (changed_rows) into the warehouse change log. TG_ARGV: table, key
-- column, and for an update of a table keyed by its parent 'old_rows': the old
-- rows' keys too (a row moved to another parent changes both parents).
--
-- Nothing is logged before the warehouse's first load (dw.capture_switch = 0:
-- that load reads every row anyway). A transaction that skips the log holds a
-- shared advisory lock to its end, so the first load, which switches capture
-- on, can wait until every such transaction has committed or rolled back
-- before it reads the OLTP (dw.run_etl); the switch is read again under the
-- lock because the load may have turned it on in between.
begin
    if (select s.last_value from dw.capture_switch as s) = 0 then
        perform pg_advisory_xact_lock_shared(hashtext('dw.capture_switch'));
        if (select s.last_value from dw.capture_switch as s) = 0 then
            return null;
        end if;
    end if;
    if tg_nargs > 2 then
        execute format(
            'insert into dw.change_log (source_table, source_id)'
            ' select %1$L, r.%2$I from changed_rows as r union select %1$L, o.%2$I from old_rows as o',
            tg_argv[0], tg_argv[1]
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
'(transition table changed_rows; on update also old_rows when a third argument says so) into dw.change_log, once '
'dw.capture_switch is on (the first load turns it on); arguments: table name, key column[, ''old_rows'']';
