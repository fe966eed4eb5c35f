create or replace function dw.drop_plain_indexes(rel regclass)
returns text[]
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
-- The companion of dw.drop_constraint for indexes that back no constraint: a
-- full load fills an emptied table faster without them and builds each once,
-- sorted, afterwards (dw.agg_visit_patient at 1M encounters, when it had a
-- patient index (until migration 0092): 741,129 rows 1.8 s with the index
-- maintained, 0.65 s + 0.2 s for the build). Drops them and
-- returns their CREATE INDEX statements (same names and definitions) for the
-- caller to EXECUTE, in the same transaction.
declare
    definitions text[] := '{}';
    plain_index regclass;
begin
    for plain_index in
        select i.indexrelid::regclass from pg_index as i
        where i.indrelid = rel
          and not exists (select from pg_constraint as c where c.conindid = i.indexrelid)
        order by i.indexrelid
    loop
        definitions := definitions || pg_get_indexdef(plain_index);
        execute format('drop index %s', plain_index);
    end loop;
    return definitions;
end;
$$;

comment on function dw.drop_plain_indexes(regclass) is
'ETL helper for full loads: drops the indexes of a table that back no constraint and returns the CREATE INDEX '
'statements that restore them unchanged (execute them after the bulk insert, in the same transaction)';

revoke all on routine dw.drop_plain_indexes(regclass) from public;
