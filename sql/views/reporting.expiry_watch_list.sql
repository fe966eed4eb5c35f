-- Lots with stock that have expired or expire within 90 days, soonest first.
create or replace view reporting.expiry_watch_list as
select
    l.lot_id,
    l.lot_number,
    l.medication_id,
    m.generic_name,
    m.dosage_form,
    m.strength,
    m.strength_unit,
    m.dispensing_unit,
    l.stock_location_id,
    loc.location_code,
    loc.location_name,
    l.expiry_date,
    l.expiry_date - current_date as days_to_expiry,
    l.on_hand,
    round(l.on_hand * l.unit_cost, 2) as stock_value,
    case
        when l.expiry_date < current_date then 'expired'
        when l.expiry_date <= current_date + 30 then 'expires within 30 days'
        else 'expires within 90 days'
    end as watch_status
from pharmacy.lot as l
inner join pharmacy.medication as m on l.medication_id = m.medication_id
inner join pharmacy.stock_location as loc on l.stock_location_id = loc.stock_location_id
where l.on_hand > 0 and l.expiry_date <= current_date + 90;

comment on view reporting.expiry_watch_list is
'Lots with stock on hand that have expired (write them off) or expire within 90 days (use them first or move '
'them), with days to expiry (negative when expired) and value at cost.';

revoke all on reporting.expiry_watch_list from public;
grant select on reporting.expiry_watch_list to hc_analyst, hc_bi_reader, hc_pharmacist;
