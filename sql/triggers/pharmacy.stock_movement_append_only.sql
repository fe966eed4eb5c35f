-- The stock ledger is append-only: a wrong movement is corrected by a new
-- movement (an adjustment or a return), never by editing history.
create or replace function pharmacy.refuse_ledger_change()
returns trigger
language plpgsql
as $$
begin
    raise exception 'the stock ledger is append-only: % on pharmacy.stock_movement is not allowed', lower(tg_op)
        using errcode = 'ZP003',
              detail = 'On-hand quantities are the sum of the ledger; changing or removing a movement would falsify them.',
              hint = 'Correct a mistake with pharmacy.adjust_stock (with a reason) or pharmacy.return_stock.';
end;
$$;

comment on function pharmacy.refuse_ledger_change() is
'Trigger function: refuses UPDATE, DELETE and TRUNCATE on the append-only stock ledger (SQLSTATE ZP003).';

create or replace trigger stock_movement_no_update_or_delete
before update or delete on pharmacy.stock_movement
for each row execute function pharmacy.refuse_ledger_change();

create or replace trigger stock_movement_no_truncate
before truncate on pharmacy.stock_movement
for each statement execute function pharmacy.refuse_ledger_change();
