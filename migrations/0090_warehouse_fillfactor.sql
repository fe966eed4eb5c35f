-- Fillfactor 90 on the warehouse's aggregates and on the fact partitions that
-- exist (dw.ensure_month_partitions creates new ones with it): a refresh
-- updates fact rows and aggregate groups in place, and the room left on each
-- page makes those updates HOT (same page, no new index entry, one page image
-- in the WAL instead of three after a checkpoint). Pages already full stay so
-- until the next dw.rebuild() rewrites them. docs/warehouse.md, Performance.
do $$
declare
    target regclass;
begin
    for target in
        select c.oid::regclass
        from pg_class as c
        inner join pg_namespace as n on n.oid = c.relnamespace
        where n.nspname = 'dw' and c.relkind = 'r'
          and (c.relname like 'agg\_%' or (c.relispartition and c.relname like 'fact\_%'))
        order by 1
    loop
        execute format('alter table %s set (fillfactor = 90)', target);
    end loop;
end;
$$;
