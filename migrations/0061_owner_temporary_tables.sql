-- The owner role may create temporary tables in this database.
-- Security definer routines run as hc_owner: staging.import_synthea and the
-- warehouse ETL build their working sets in temporary tables. 0030 revoked
-- TEMP from PUBLIC, so on a real deploy (unlike the test clones, which do not
-- copy the database ACL) those routines failed with 42501.
do $$
begin
    execute format('grant temporary on database %I to hc_owner', current_database());
end;
$$;
