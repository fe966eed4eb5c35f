-- requires: functions/pharmacy.refresh_stock_level.sql
-- A corrected expiry date or unit cost of a lot changes its stock point's
-- pharmacy.stock_level row (earliest expiry, stock value, on hand by expiry
-- date): recompute it. The ledger's own updates of lot.on_hand do not fire this
-- trigger (they set no listed column) and keep stock_level through
-- pharmacy.apply_stock_movement.
create or replace function pharmacy.refresh_stock_level_of_lot()
returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
    perform pharmacy.refresh_stock_level(array[new.medication_id], array[new.stock_location_id]);
    return null;
end;
$$;

comment on function pharmacy.refresh_stock_level_of_lot() is
'Trigger function: recomputes the pharmacy.stock_level row of a lot whose expiry date or unit cost was changed.';

revoke all on function pharmacy.refresh_stock_level_of_lot() from public;

create or replace trigger lot_stock_level_refresh
after update of expiry_date, unit_cost on pharmacy.lot
for each row
when (old.expiry_date is distinct from new.expiry_date or old.unit_cost is distinct from new.unit_cost)
execute function pharmacy.refresh_stock_level_of_lot();
