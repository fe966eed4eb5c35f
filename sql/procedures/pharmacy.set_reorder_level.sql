-- requires: functions/pharmacy.assert_stock_point.sql
create or replace procedure pharmacy.set_reorder_level(
    p_medication_id bigint,
    p_location_id bigint,
    p_reorder_level numeric,
    p_reorder_quantity numeric
)
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
    if p_reorder_level is null or p_reorder_level < 0 or p_reorder_quantity is null or p_reorder_quantity <= 0 then
        raise exception 'the reorder level must be zero or more and the reorder quantity positive'
            using errcode = '22023',
                  detail = format('reorder level = %s, reorder quantity = %s',
                                  coalesce(p_reorder_level::text, 'null'), coalesce(p_reorder_quantity::text, 'null'));
    end if;
    perform pharmacy.assert_stock_point(p_medication_id, p_location_id, false);
    insert into pharmacy.reorder_setting (medication_id, stock_location_id, reorder_level, reorder_quantity)
    values (p_medication_id, p_location_id, p_reorder_level, p_reorder_quantity)
    on conflict (medication_id, stock_location_id) do update
        set reorder_level = excluded.reorder_level,
            reorder_quantity = excluded.reorder_quantity;
end;
$$;

comment on procedure pharmacy.set_reorder_level (bigint, bigint, numeric, numeric) is
'Sets (or changes) the reorder level and reorder quantity of a medication at a location. '
'Rejects: 22023 negative level or non-positive quantity, P0002 unknown medication or location.';

revoke all on procedure pharmacy.set_reorder_level from public;
grant execute on procedure pharmacy.set_reorder_level to hc_pharmacist, hc_app;
