create or replace procedure dw.start_change_capture()
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
-- The first load's step 0 (dw.run_etl, before any work): switches change
-- capture on (dw.capture_switch, migration 0089) and waits for every
-- transaction that wrote while it was off (each holds the shared advisory lock
-- dw.capture_change takes when it skips the log), so that the load's reads see
-- all they wrote: what they did not log must be loaded now. Does nothing once
-- capture is on. Refuses with ZW004 under REPEATABLE READ or SERIALIZABLE,
-- whose snapshot, taken before the wait, would miss those rows.
declare
    writers text;
begin
    if (select s.last_value from dw.capture_switch as s) = 1 then
        return;
    end if;
    if current_setting('transaction_isolation') <> 'read committed' then
        raise exception 'the warehouse''s first load must run in READ COMMITTED, not %',
            upper(current_setting('transaction_isolation'))
        using errcode = 'ZW004',
        detail = 'It switches change capture on and must then see every row written while capture was off.',
        hint = 'Run CALL dw.refresh() outside an explicit transaction, or in a READ COMMITTED one.';
    end if;
    perform setval('dw.capture_switch', 1);
    select string_agg(l.pid::text, ', ' order by l.pid) into writers
    from pg_locks as l
    where l.locktype = 'advisory' and l.granted and l.objid = hashtext('dw.capture_switch')::oid
        and l.objsubid = 1 and l.pid <> pg_backend_pid();
    if writers is not null then
        raise notice 'change capture switched on; waiting for the open transactions of backend(s) %, which wrote '
            'while it was off, to end', writers;
    end if;
    perform pg_advisory_lock(hashtext('dw.capture_switch'));
    perform pg_advisory_unlock(hashtext('dw.capture_switch'));
end;
$$;

comment on procedure dw.start_change_capture () is
'ETL step of the first load: switches dw.capture_switch on and waits for the transactions that wrote while it was '
'off; ZW004 outside READ COMMITTED; does nothing once capture is on';

revoke all on routine dw.start_change_capture() from public;
