-- requires: warehouse/dw.load_dimensions.sql
-- requires: warehouse/dw.load_aggregates.sql
-- requires: warehouse/dw.stage_fact_ids.sql
-- requires: warehouse/dw.stage_encounter_dependants.sql, warehouse/dw.follow_moved_encounters.sql
-- requires: warehouse/dw.load_first_visits.sql
-- requires: warehouse/dw.load_kpi_aggregates.sql
-- requires: warehouse/dw.load_prevalence.sql
-- requires: warehouse/dw.load_fact_appointment.sql, warehouse/dw.load_fact_encounter.sql
-- requires: warehouse/dw.load_fact_diagnosis.sql, warehouse/dw.load_fact_treatment.sql
-- requires: warehouse/dw.load_fact_billing.sql, warehouse/dw.load_fact_dispense.sql
-- requires: warehouse/dw.load_stock_snapshot.sql
-- requires: warehouse/dw.assert_reference_dimensions.sql
-- requires: warehouse/dw.assert_diagnosis_codes.sql
-- requires: warehouse/dw.start_change_capture.sql
create or replace procedure dw.run_etl(
    full_load boolean, inout run_id bigint default null, inout run_status text default null,
    lock_wait interval default null
)
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
set random_page_cost = 1.1
as $$
-- One warehouse run in the caller's transaction (no COMMIT inside): a run that
-- is killed rolls back whole. Serialized by a transaction-level advisory lock.
-- random_page_cost 1.1 (the server default 4 prices a random read as a disk
-- seek): the scope of a small refresh is found by index lookups into the OLTP
-- tables instead of scans of them (1 % refresh at 20,000 patients: ~0.5 s less).
-- A full load reads whole tables and is planned with the configured value
-- (server, database or role: what RESET gives), set below; the function's SET
-- clause confines either to this call.
-- An error inside the work is caught: the work's subtransaction rolls back (the
-- warehouse is as before), the run is logged as failed and a WARNING raised.
-- Refusals before any work (ZW003 busy, ZW001 rebuild required, ZW004 first
-- load not in READ COMMITTED) are raised to the caller instead: no run
-- started, nothing is logged.
declare
    started timestamptz := clock_timestamp();
    stats jsonb;
    rebuild_reason text;
    err_message text;
    err_state text;
    source_ids text[] := array[
        'clinic.appointment', 'clinic.encounter', 'clinic.diagnosis', 'clinic.treatment_given',
        'billing.invoice', 'pharmacy.dispensing'
    ];
begin
    if lock_wait < interval '0' then
        raise exception 'lock_wait must not be negative, got %', lock_wait
        using errcode = '22023', hint = 'Use null to wait as long as it takes, 0 not to wait at all.';
    end if;
    if lock_wait is null then
        perform pg_advisory_xact_lock(hashtext('dw.refresh'));
    else
        -- try until the deadline (0: once)
        while not pg_try_advisory_xact_lock(hashtext('dw.refresh')) loop
            if clock_timestamp() >= started + lock_wait then
                raise exception 'another warehouse run is in progress'
                using errcode = 'ZW003',
                detail = format('dw.refresh / dw.rebuild hold the warehouse lock (backend %s); waited %s.',
                    (select string_agg(l.pid::text, ', ') from pg_catalog.pg_locks as l
                     where l.locktype = 'advisory' and l.granted and l.objid = hashtext('dw.refresh')::oid),
                    lock_wait),
                hint = 'Try again when it has finished, or pass a longer lock_wait.';
            end if;
            perform pg_sleep(0.05);
        end loop;
    end if;
    if full_load then
        -- waits at most what is left of lock_wait (null: as long as it takes; greatest() would ignore a null)
        call dw.start_change_capture(
            case when lock_wait is not null then greatest(lock_wait - (clock_timestamp() - started), interval '0') end
        );
        -- 1.1 makes the fact queries' joins walk the OLTP tables by index in doctor order instead of scanning
        -- them (at 1M encounters: appointments 1.75 -> 1.31 s, encounters 1.35 -> 1.02 s)
        perform set_config('random_page_cost', s.reset_val, true)
        from pg_catalog.pg_settings as s where s.name = 'random_page_cost';
    end if;
    if not full_load then
        -- rebuild_required (a migration, dw.stop_change_capture), or capture off without it: stopped in a
        -- transaction that then rolled back (setval is not transactional), so the changes since are not logged
        select coalesce(s.rebuild_required, case when c.last_value = 0 then
            'Change capture is off: the changes made since it was stopped are not logged.' end)
        into rebuild_reason
        from dw.etl_state as s, dw.capture_switch as c;
        if rebuild_reason is not null then
            raise exception 'the warehouse needs a rebuild before it can be refreshed'
            using errcode = 'ZW001', detail = rebuild_reason,
            hint = 'Run CALL dw.rebuild() (or dbtool warehouse refresh --rebuild) once; it switches change capture '
                'on again if it was off.';
        end if;
    end if;
    create temp table etl_stats (
        table_name text, inserted bigint, updated bigint, deleted bigint, closed bigint
    ) on commit drop;
    begin
        raise notice 'step 1/6: consume change log';
        create temp table changed (source_table text, id bigint, primary key (source_table, id)) on commit drop;
        if full_load then
            -- everything is reloaded: the queue is only counted and emptied, not kept. Counted by a SELECT, then
            -- a plain DELETE: DELETE ... RETURNING into the count took twice as long (1.6M changes at 20,000
            -- patients: 3.3 s vs 0.3 + 1.4 s). A change committed between the two statements is deleted
            -- uncounted (the counts are informational); it is loaded all the same, as the facts are read later.
            insert into dw.etl_source as s (source_table, last_change_id, changes_consumed, last_consumed_at)
            select c.source_table, max(c.change_id), count(*), now() from dw.change_log as c group by c.source_table
            on conflict (source_table) do update set
                last_change_id = excluded.last_change_id,
                changes_consumed = s.changes_consumed + excluded.changes_consumed,
                last_consumed_at = excluded.last_consumed_at;
            delete from dw.change_log;
        else
            -- one statement: the consumed rows are counted per source and their keys kept (no working table)
            with taken as (delete from dw.change_log returning change_id, source_table, source_id),
            watermark as (
                insert into dw.etl_source as s (source_table, last_change_id, changes_consumed, last_consumed_at)
                select t.source_table, max(t.change_id), count(*), now() from taken as t group by t.source_table
                on conflict (source_table) do update set
                    last_change_id = excluded.last_change_id,
                    changes_consumed = s.changes_consumed + excluded.changes_consumed,
                    last_consumed_at = excluded.last_consumed_at
            )
            -- in key order: dw.stage_fact_ids lists each fact's keys from it in that order, and the loads look
            -- the OLTP rows up in it, walking each key index forward (11,658 diagnoses by primary key: 22 ms
            -- sorted against 33 ms in hash order, warm)
            insert into pg_temp.changed
            select distinct t.source_table, t.source_id from taken as t order by t.source_table, t.source_id;
            analyze pg_temp.changed;
        end if;

        if not full_load and not exists (select from pg_temp.changed)
           and (select s.stock_snapshot_through from dw.etl_state as s) >= (now() at time zone 'UTC')::date then
            -- nothing to move: no change consumed and the stock snapshot already reaches today
            raise notice 'steps 2-5 skipped: nothing changed since the last run';
        else
            if full_load then
                truncate dw.fact_appointment, dw.fact_encounter, dw.fact_diagnosis, dw.fact_treatment, dw.fact_billing,
                    dw.fact_dispense, dw.fact_medication_stock_daily, dw.agg_visit_patient, dw.agg_patient_visits,
                    dw.agg_visit_doctor, dw.agg_appointment, dw.agg_diagnosis_severity, dw.agg_diagnosis_patient,
                    dw.agg_treatment, dw.agg_billing, dw.agg_stock, dw.patient_first_visit;
            else
                call dw.assert_reference_dimensions();
            end if;

            raise notice 'step 2/6: dimensions';
            call dw.load_dimensions(full_load);

            raise notice 'step 3/6: facts';
            if not full_load then
                call dw.stage_fact_ids();
            end if;
            call dw.load_fact_appointment(full_load);
            call dw.load_fact_encounter(full_load);
            if not full_load then
                call dw.stage_encounter_dependants();
            end if;
            call dw.load_fact_diagnosis(full_load);
            -- nested: the count query may only be parsed once the working tables exist
            if not full_load and to_regclass('pg_temp.stage_fact_diagnosis') is not null then
                if (select count(*) from pg_temp.ids_fact_diagnosis)
                   > (select count(*) from pg_temp.stage_fact_diagnosis) then
                    call dw.assert_diagnosis_codes();
                end if;
            end if;
            call dw.load_fact_treatment(full_load);
            call dw.load_fact_billing(full_load);
            if not full_load then
                call dw.follow_moved_encounters();
            end if;
            call dw.load_fact_dispense(full_load);

            raise notice 'step 4/6: daily stock snapshot';
            call dw.load_stock_snapshot(full_load);

            raise notice 'step 5/6: monthly aggregates';
            call dw.load_aggregates(full_load);
            call dw.load_first_visits(full_load);
            call dw.load_kpi_aggregates(full_load);
            call dw.load_prevalence(full_load);
        end if;

        raise notice 'step 6/6: log the run';
        if full_load then
            update dw.etl_state set last_rebuild_at = now(), rebuild_required = null;
        end if;
    exception when others then
        get stacked diagnostics err_message = message_text, err_state = returned_sqlstate;
    end;

    select coalesce(jsonb_object_agg(t.table_name, jsonb_build_object(
        'inserted', t.inserted, 'updated', t.updated, 'deleted', t.deleted, 'closed', t.closed)), '{}')
    into stats
    from (
        select s.table_name, sum(s.inserted) as inserted, sum(s.updated) as updated, sum(s.deleted) as deleted,
            sum(s.closed) as closed
        from pg_temp.etl_stats as s group by s.table_name
    ) as t
    where err_message is null and (t.inserted + t.updated + t.deleted + t.closed) > 0;

    insert into dw.etl_run (run_kind, started_at, finished_at, run_status, table_rows, error_message, error_sqlstate)
    values (
        case when full_load then 'rebuild' else 'refresh' end, started, clock_timestamp(),
        case when err_message is null then 'succeeded' else 'failed' end, stats, err_message, err_state
    )
    returning etl_run.etl_run_id, etl_run.run_status into run_id, run_status;
    if err_message is not null then
        raise warning 'warehouse % failed, nothing changed: % (SQLSTATE %)',
            case when full_load then 'rebuild' else 'refresh' end, err_message, err_state;
    end if;
end;
$$;

comment on procedure dw.run_etl (boolean, bigint, text, interval) is
'one warehouse run (full_load = rebuild) inside the caller''s transaction, serialized by an advisory lock (waits '
'lock_wait, null: for ever; then ZW003) and logged in dw.etl_run; use dw.refresh() or dw.rebuild()';
