create or replace function dw.drop_constraint(rel regclass, constraint_name text)
returns text
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
-- A full load fills emptied tables: a key or foreign key checked row by row
-- as the rows go in costs more than one sorted index build or one anti-join
-- after them. Drops the constraint and returns the ALTER TABLE that re-adds it
-- as it was (same name and definition), for the caller to EXECUTE once the
-- rows are in. Both happen in the caller's transaction: an error or a crash in
-- between rolls the drop back with everything else.
declare
    restore text;
begin
    select format('alter table %s add constraint %I %s', rel, c.conname, pg_get_constraintdef(c.oid))
    into restore
    from pg_constraint as c
    where c.conrelid = rel and c.conname = constraint_name;
    if restore is null then
        raise exception 'table % has no constraint %', rel, constraint_name
        using errcode = 'P0002', hint = 'The warehouse tables are defined in migrations/0060_warehouse_tables.sql.';
    end if;
    execute format('alter table %s drop constraint %I', rel, constraint_name);
    return restore;
end;
$$;

comment on function dw.drop_constraint(regclass, text) is
'ETL helper for full loads: drops a constraint and returns the ALTER TABLE ... ADD CONSTRAINT that restores it '
'unchanged (execute it after the bulk insert, in the same transaction)';

revoke all on routine dw.drop_constraint(regclass, text) from public;
