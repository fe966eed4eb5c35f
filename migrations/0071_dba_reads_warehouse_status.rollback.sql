revoke select (change_id, source_table, logged_at) on dw.change_log from hc_dba;
revoke select on dw.etl_run, dw.etl_source, dw.etl_state from hc_dba;
