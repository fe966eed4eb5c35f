-- `dbtool warehouse status` run by a DBA login (hc_dba): the run log, the
-- ETL state and watermarks, and the change-log backlog per source. The
-- backlog needs only which table changed and when: hc_dba gets no
-- source_id (the changed row's key), so it still reads no clinic data here.
grant select on dw.etl_run, dw.etl_source, dw.etl_state to hc_dba;
grant select (change_id, source_table, logged_at) on dw.change_log to hc_dba;
