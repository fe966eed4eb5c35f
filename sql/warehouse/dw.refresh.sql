-- requires: warehouse/dw.run_etl.sql
create or replace procedure dw.refresh(
    inout run_id bigint default null, inout run_status text default null, lock_wait interval default null
)
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
    -- a warehouse that was never loaded is loaded in full
    if (select s.last_rebuild_at is null from dw.etl_state as s) then
        call dw.run_etl(true, run_id, run_status, lock_wait);
    else
        call dw.run_etl(false, run_id, run_status, lock_wait);
    end if;
end;
$$;

comment on procedure dw.refresh (bigint, text, interval) is
'moves what changed in the OLTP since the last run into the warehouse, in one transaction: idempotent, '
'serialized (advisory lock: waits lock_wait, null for ever, then ZW003), logged in dw.etl_run; returns the run id '
'and status (succeeded / failed); refuses with ZW001 while dw.etl_state.rebuild_required is set';

revoke all on routine dw.refresh(bigint, text, interval) from public;
grant execute on routine dw.refresh(bigint, text, interval) to hc_dba;
