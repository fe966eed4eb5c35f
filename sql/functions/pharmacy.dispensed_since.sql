-- Units of a medication dispensed at a location from an instant on, summed from the
-- dispensings themselves. reporting.medication_availability calls it only in the rare
-- case its running totals cannot answer (a dispensing dated after tomorrow). It is a
-- function, not a subquery in the view, so that the planner costs the view without a
-- correlated subquery per row: that estimate (millions) switched JIT compilation on
-- for every read of the view on servers built with LLVM.
create or replace function pharmacy.dispensed_since(
    p_medication_id bigint,
    p_stock_location_id bigint,
    p_since timestamptz
)
returns numeric
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
    select coalesce(sum(d.dispensed_quantity), 0)
    from pharmacy.dispensing as d
    where
        d.medication_id = p_medication_id
        and d.stock_location_id = p_stock_location_id
        and d.dispensed_at >= p_since
$$;

comment on function pharmacy.dispensed_since(bigint, bigint, timestamptz) is
'Units of the medication dispensed at the location from p_since on (0 if none); read by '
'reporting.medication_availability when a dispensing is dated after tomorrow.';

revoke all on function pharmacy.dispensed_since(bigint, bigint, timestamptz) from public;
grant execute on function pharmacy.dispensed_since(bigint, bigint, timestamptz)
to hc_analyst, hc_bi_reader, hc_pharmacist, hc_clinician;
