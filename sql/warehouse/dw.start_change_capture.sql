create or replace procedure dw.start_change_capture(lock_wait interval default null)
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
-- A full load's step 0 (dw.run_etl, before any work): switches change capture
-- on (dw.capture_switch, migration 0089) and waits for every transaction that
-- wrote while it was off (each holds the shared advisory lock dw.capture_change
-- takes when it skips the log), so that the load's reads see all they wrote:
-- what they did not log must be loaded now. The wait is made whenever such a
-- transaction is still open, not only by the load that switches capture on: a
-- first load cancelled or timed out during its wait leaves capture on (setval
-- is not transactional), and the next load must still wait for them.
-- lock_wait: how long to wait (null: as long as it takes), then ZW003.
-- Refuses with ZW004 under REPEATABLE READ or SERIALIZABLE when it switches
-- capture on or has to wait: the snapshot, taken before the wait, would miss
-- those rows.
declare
    started timestamptz := clock_timestamp();
    writers text;
    switching_on boolean := (select s.last_value = 0 from dw.capture_switch as s);
begin
    select string_agg(l.pid::text, ', ' order by l.pid) into writers
    from pg_locks as l
    where l.locktype = 'advisory' and l.granted and l.objid = hashtext('dw.capture_switch')::oid
        and l.objsubid = 1 and l.pid <> pg_backend_pid();
    if not switching_on and writers is null then
        return;
    end if;
    if current_setting('transaction_isolation') <> 'read committed' then
        raise exception 'the warehouse''s first load must run in READ COMMITTED, not %',
            upper(current_setting('transaction_isolation'))
        using errcode = 'ZW004',
        detail = 'It switches change capture on and must then see every row written while capture was off.',
        hint = 'Run CALL dw.refresh() outside an explicit transaction, or in a READ COMMITTED one.';
    end if;
    if switching_on then
        -- a writer that skips the log between the query above and this holds the shared lock too: the wait below
        -- covers it (the list names only those seen above)
        perform setval('dw.capture_switch', 1);
    end if;
    if writers is not null then
        raise notice 'change capture switched on; waiting for the open transactions of backend(s) %, which wrote '
            'while it was off, to end', writers;
    end if;
    if lock_wait is null then
        perform pg_advisory_lock(hashtext('dw.capture_switch'));
    else
        while not pg_try_advisory_lock(hashtext('dw.capture_switch')) loop
            if clock_timestamp() >= started + lock_wait then
                raise exception 'the warehouse''s first load is waiting for transactions that wrote while change '
                    'capture was off'
                using errcode = 'ZW003',
                detail = format('Backend(s) %s have been open since before change capture was switched on; '
                    'waited %s.', coalesce(writers, 'that started writing as it was switched on'), lock_wait),
                hint = 'Try again when they have ended (capture stays on; the next load waits for them too), '
                    'or pass a longer lock_wait.';
            end if;
            perform pg_sleep(0.05);
        end loop;
    end if;
    perform pg_advisory_unlock(hashtext('dw.capture_switch'));
end;
$$;

comment on procedure dw.start_change_capture (interval) is
'ETL step of a full load: switches dw.capture_switch on and waits (lock_wait, null: for ever; then ZW003) for the '
'transactions that wrote while it was off; ZW004 outside READ COMMITTED when it has to; nothing to do once capture '
'is on and no such transaction is open';

revoke all on routine dw.start_change_capture(interval) from public;
