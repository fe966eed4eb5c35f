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
        execute format('alter table %s reset (fillfactor)', target);
    end loop;
end;
$$;
