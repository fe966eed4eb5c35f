-- requires: warehouse/dw.run_etl.sql
create or replace procedure dw.rebuild(
    inout run_id bigint default null, inout run_status text default null, lock_wait interval default null
)
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
    call dw.run_etl(true, run_id, run_status, lock_wait);
end;
$$;

comment on procedure dw.rebuild (bigint, text, interval) is
'reloads the facts and aggregates from scratch and reconciles every dimension (type 2 history is kept: it '
'exists nowhere else); one transaction, logged in dw.etl_run';

revoke all on routine dw.rebuild(bigint, text, interval) from public;
grant execute on routine dw.rebuild(bigint, text, interval) to hc_dba;
