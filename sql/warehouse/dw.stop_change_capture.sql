create or replace procedure dw.stop_change_capture()
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
-- Switches the warehouse's change capture off, for a clinic that stops using
-- the warehouse (the change log would grow for ever) or before a bulk import
-- that is cheaper to load by one rebuild than to log row by row. Waits for a
-- running refresh or rebuild, empties the change log (the rebuild reloads
-- everything) and sets dw.etl_state.rebuild_required: dw.refresh() refuses
-- with ZW001 until dw.rebuild(), which switches capture on again and waits for
-- the transactions that wrote while it was off (dw.start_change_capture).
-- setval() is not transactional: if the caller rolls back, capture stays off
-- without rebuild_required; dw.run_etl refuses an incremental refresh while
-- capture is off all the same.
begin
    perform pg_advisory_xact_lock(hashtext('dw.refresh'));
    if (select s.last_value = 0 from dw.capture_switch as s) then
        raise notice 'change capture is already off';
        return;
    end if;
    update dw.etl_state set rebuild_required = format(
        'change capture was stopped at %s by %s (dw.stop_change_capture)',
        to_char(now() at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS "UTC"'), session_user
    );
    delete from dw.change_log;
    perform setval('dw.capture_switch', 0);
end;
$$;

comment on procedure dw.stop_change_capture () is
'switches the warehouse''s change capture off and empties the change log; dw.refresh() then refuses (ZW001) until '
'dw.rebuild(), which switches it on again';

revoke all on routine dw.stop_change_capture() from public;
grant execute on routine dw.stop_change_capture() to hc_dba;
