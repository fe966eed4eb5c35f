-- The one lock order of pharmacy.stock_level: makes sure a row exists for each
-- stock point given, then locks the rows in (medication, location) order, as
-- write_off_expired and transfer_stock do, so two statements touching the same
-- stock points never wait for each other in opposite orders. Called by
-- pharmacy.refresh_stock_level (the ledger and lot triggers) and by the
-- dispensing running-total trigger.
create or replace function pharmacy.lock_stock_points(p_medication_ids bigint[], p_location_ids bigint[])
returns void
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
begin
    -- a stock point seen for the first time starts from nothing (the column defaults)
    insert into pharmacy.stock_level as s (medication_id, stock_location_id)
    select distinct p.medication_id, p.stock_location_id
      from unnest(p_medication_ids, p_location_ids) as p (medication_id, stock_location_id)
     order by p.medication_id, p.stock_location_id
        on conflict (medication_id, stock_location_id) do nothing;

    perform 1
       from pharmacy.stock_level as s
      where (s.medication_id, s.stock_location_id) in (
                select p.medication_id, p.stock_location_id
                  from unnest(p_medication_ids, p_location_ids) as p (medication_id, stock_location_id))
      order by s.medication_id, s.stock_location_id
        for update;
end;
$$;

comment on function pharmacy.lock_stock_points(bigint[], bigint[]) is
'Creates the missing pharmacy.stock_level rows of the stock points given as parallel arrays of medication and '
'location ids and locks them in (medication, location) order. Called by triggers only.';

revoke all on function pharmacy.lock_stock_points(bigint[], bigint[]) from public;
