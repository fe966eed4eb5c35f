-- Keeps pharmacy.stock_level.reorder_level / reorder_quantity equal to
-- pharmacy.reorder_setting, so reporting.medication_availability reads one row
-- per stock point instead of full-joining the settings (migration 0087).
-- Statement-level with transition tables: the stock points a statement touched
-- (old and new keys) get the setting as it now stands, or null once deleted; a
-- stock point with a setting and no stock gets a stock_level row with nothing
-- on hand. Lock order: reorder_setting rows, then stock_level rows in
-- (medication, location) order; nothing locks them the other way round.
create or replace function pharmacy.copy_reorder_setting()
returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
    v_medication bigint[] := '{}';
    v_location bigint[] := '{}';
begin
    if tg_op = 'TRUNCATE' then
        -- no transition table for a TRUNCATE: every copied setting goes
        update pharmacy.stock_level as s
           set reorder_level = null,
               reorder_quantity = null
          from (select l.stock_level_id
                  from pharmacy.stock_level as l
                 where l.reorder_level is not null
                 order by l.medication_id, l.stock_location_id
                   for update) as k
         where s.stock_level_id = k.stock_level_id;
        return null;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        select v_medication || array_agg(n.medication_id), v_location || array_agg(n.stock_location_id)
          into v_medication, v_location
          from reorder_new as n;
    end if;
    if tg_op in ('DELETE', 'UPDATE') then
        select v_medication || array_agg(o.medication_id), v_location || array_agg(o.stock_location_id)
          into v_medication, v_location
          from reorder_old as o;
    end if;
    if coalesce(cardinality(v_medication), 0) = 0 then
        return null;
    end if;

    insert into pharmacy.stock_level as s (medication_id, stock_location_id, reorder_level, reorder_quantity)
    select p.medication_id, p.stock_location_id, r.reorder_level, r.reorder_quantity
      from (select distinct d.medication_id, d.stock_location_id
              from unnest(v_medication, v_location) as d (medication_id, stock_location_id)) as p
      left join pharmacy.reorder_setting as r
        on r.medication_id = p.medication_id and r.stock_location_id = p.stock_location_id
     order by p.medication_id, p.stock_location_id
        on conflict (medication_id, stock_location_id) do update
       set reorder_level = excluded.reorder_level,
           reorder_quantity = excluded.reorder_quantity
     where (s.reorder_level, s.reorder_quantity) is distinct from (excluded.reorder_level, excluded.reorder_quantity);
    return null;
end;
$$;

comment on function pharmacy.copy_reorder_setting() is
'Trigger function (statement level, transition tables reorder_new / reorder_old): copies the reorder level and '
'quantity of the inserted, updated or deleted pharmacy.reorder_setting rows into pharmacy.stock_level; after a '
'TRUNCATE, clears every copy.';

revoke all on function pharmacy.copy_reorder_setting() from public;

create or replace trigger reorder_setting_stock_level_insert
after insert on pharmacy.reorder_setting
referencing new table as reorder_new
for each statement execute function pharmacy.copy_reorder_setting();

create or replace trigger reorder_setting_stock_level_update
after update on pharmacy.reorder_setting
referencing old table as reorder_old new table as reorder_new
for each statement execute function pharmacy.copy_reorder_setting();

create or replace trigger reorder_setting_stock_level_delete
after delete on pharmacy.reorder_setting
referencing old table as reorder_old
for each statement execute function pharmacy.copy_reorder_setting();

create or replace trigger reorder_setting_stock_level_truncate
after truncate on pharmacy.reorder_setting
for each statement execute function pharmacy.copy_reorder_setting();
