-- The warehouse stock snapshot (dw.fact_medication_stock_daily, dw.agg_stock)
-- is now loaded. Its change capture logs the ledger row (stock_movement_id)
-- instead of the lot, so a refresh knows the day of every new movement and
-- recomputes each medication and location only from that day on.
-- dw.etl_state.rebuild_required makes dw.refresh() refuse (ZW001) until
-- dw.rebuild() has run: a warehouse loaded before this migration has no
-- snapshot, and the lot ids already queued mean nothing to the new loader.

alter table dw.etl_state add column rebuild_required text;
comment on column dw.etl_state.rebuild_required is
'why the next run must be dw.rebuild() (dw.refresh() refuses with ZW001 while this is set); null: refresh is fine. '
'Set by migrations that change what the ETL loads, cleared by a successful rebuild';

update dw.etl_state set rebuild_required = 'migration 0062 added the daily stock snapshot (fact_medication_stock_daily)'
where last_rebuild_at is not null;

delete from dw.change_log
where source_table = 'pharmacy.stock_movement';

comment on column dw.change_log.source_id is
'key of the changed row (its primary key; clinic.working_day logs staff_id)';
