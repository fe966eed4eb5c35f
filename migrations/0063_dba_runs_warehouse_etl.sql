-- A DBA runs the warehouse ETL (dbtool warehouse refresh as an hc_dba login):
-- EXECUTE on dw.refresh / dw.rebuild is granted in their files; calling them
-- needs USAGE on the schema. USAGE alone reads no dw table.
grant usage on schema dw to hc_dba;
