-- A lot's on_hand may only change through the ledger (the stock_movement_apply
-- trigger, which runs one trigger level deeper than any direct statement), and a
-- lot's identity (medication, location) never changes once created.
create or replace function pharmacy.guard_lot_on_hand()
returns trigger
language plpgsql
as $$
begin
    if tg_op = 'INSERT' and new.on_hand <> 0 then
        raise exception 'a new lot starts with nothing on hand'
            using errcode = 'ZP004',
                  detail = format('Lot %s was inserted with on_hand %s.', new.lot_number, new.on_hand),
                  hint = 'Bring stock in with pharmacy.receive_stock.';
    end if;
    if tg_op = 'UPDATE' then
        if new.on_hand is distinct from old.on_hand and pg_catalog.pg_trigger_depth() < 2 then
            raise exception 'on-hand quantities follow from the stock ledger and cannot be edited'
                using errcode = 'ZP004',
                      detail = format('Lot %s: on_hand %s -> %s was attempted directly.',
                                      old.lot_number, old.on_hand, new.on_hand),
                      hint = 'Use pharmacy.adjust_stock with a reason.';
        end if;
        if new.medication_id <> old.medication_id or new.stock_location_id <> old.stock_location_id then
            raise exception 'a lot cannot change its medication or location'
                using errcode = 'ZP004',
                      hint = 'Move stock between locations with pharmacy.transfer_stock.';
        end if;
    end if;
    return new;
end;
$$;

comment on function pharmacy.guard_lot_on_hand() is
'Trigger function: lots start empty, their on_hand changes only through the ledger, '
'and their medication and location are fixed (SQLSTATE ZP004).';

create or replace trigger lot_on_hand_guard
before insert or update on pharmacy.lot
for each row execute function pharmacy.guard_lot_on_hand();
