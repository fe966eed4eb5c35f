-- Takes every expired lot with stock off the books with an expiry_write_off
-- movement of its whole on-hand quantity. "As of" a date no later than today: a
-- lot counts as expired when its expiry date is before that date.
create or replace procedure pharmacy.write_off_expired(
    p_as_of date default current_date,
    p_location_id bigint default null,
    inout p_lots_written_off integer default null,
    inout p_quantity_written_off numeric default null
)
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
    v_lot record;
begin
    if p_as_of is null or p_as_of > current_date then
        raise exception 'write-offs are made as of today or an earlier date'
            using errcode = '22023',
                  detail = format('as of = %s, today = %s', coalesce(p_as_of::text, 'null'), current_date),
                  hint = 'Stock that has not expired yet is still usable and must not be written off.';
    end if;
    if p_location_id is not null
       and not exists (select from pharmacy.stock_location as s where s.stock_location_id = p_location_id) then
        raise exception 'stock location % does not exist', p_location_id
            using errcode = 'P0002';
    end if;
    p_lots_written_off := 0;
    p_quantity_written_off := 0;
    -- lock every lot to write off, then their stock_level rows in (medication,
    -- location) order, before writing anything: lots before levels, as in every
    -- other stock procedure, so concurrent movements cannot deadlock with this one
    perform
      from pharmacy.lot as l
     where l.expiry_date < p_as_of
       and l.on_hand > 0
       and (p_location_id is null or l.stock_location_id = p_location_id)
     order by l.lot_id
       for update;
    perform
      from pharmacy.stock_level as s
     where exists (
               select from pharmacy.lot as l
                where l.medication_id = s.medication_id
                  and l.stock_location_id = s.stock_location_id
                  and l.expiry_date < p_as_of
                  and l.on_hand > 0
                  and (p_location_id is null or l.stock_location_id = p_location_id)
           )
     order by s.medication_id, s.stock_location_id
       for update;
    for v_lot in
        select l.lot_id, l.on_hand, l.expiry_date
          from pharmacy.lot as l
         where l.expiry_date < p_as_of
           and l.on_hand > 0
           and (p_location_id is null or l.stock_location_id = p_location_id)
         order by l.lot_id
    loop
        insert into pharmacy.stock_movement (lot_id, movement_type, quantity, reason)
        values (v_lot.lot_id, 'expiry_write_off', -v_lot.on_hand,
                format('expired %s, written off as of %s', v_lot.expiry_date, p_as_of));
        p_lots_written_off := p_lots_written_off + 1;
        p_quantity_written_off := p_quantity_written_off + v_lot.on_hand;
    end loop;
end;
$$;

comment on procedure pharmacy.write_off_expired (date, bigint, integer, numeric) is
'Writes off the whole on-hand quantity of every lot that expired before p_as_of (default today), at one '
'location or all; returns the number of lots and units written off. Rejects: 22023 a date after today, '
'P0002 unknown location.';

revoke all on procedure pharmacy.write_off_expired from public;
grant execute on procedure pharmacy.write_off_expired to hc_pharmacist, hc_app;
