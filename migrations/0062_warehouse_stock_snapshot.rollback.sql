-- Back to lot ids in the change log for the ledger: queued ledger changes are
-- dropped (the snapshot they fed is no longer loaded after the rollback).
delete from dw.change_log
where source_table = 'pharmacy.stock_movement';

comment on column dw.change_log.source_id is
'key of the changed row (its primary key; clinic.working_day logs staff_id, pharmacy.stock_movement logs lot_id)';

alter table dw.etl_state drop column rebuild_required;
