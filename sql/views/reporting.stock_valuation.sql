-- What the stock on the shelves is worth, per medication and location, with the
-- ATC anatomical group for roll-ups. Totals come from pharmacy.stock_level, the
-- expired part from the (few) expired lots still holding stock.
create or replace view reporting.stock_valuation as
with expired as (
    select
        l.medication_id,
        l.stock_location_id,
        sum(l.on_hand * l.unit_cost) as expired_value
    from pharmacy.lot as l
    where l.on_hand > 0 and l.expiry_date < current_date
    group by l.medication_id, l.stock_location_id
)

select
    s.medication_id,
    m.generic_name,
    m.dosage_form,
    m.strength,
    m.strength_unit,
    m.atc_code,
    atc1.atc_code as atc_group_code,
    atc1.class_name as atc_group_name,
    s.stock_location_id,
    loc.location_code,
    loc.location_name,
    s.lots_in_stock,
    s.on_hand,
    round(s.stock_value, 2) as stock_value,
    round(s.stock_value - coalesce(e.expired_value, 0), 2) as usable_value,
    round(coalesce(e.expired_value, 0), 2) as expired_value
from pharmacy.stock_level as s
inner join pharmacy.medication as m on s.medication_id = m.medication_id
inner join pharmacy.stock_location as loc on s.stock_location_id = loc.stock_location_id
left join ref.atc_class as atc1 on left(m.atc_code, 1) = atc1.atc_code
left join expired as e on s.medication_id = e.medication_id and s.stock_location_id = e.stock_location_id
where s.on_hand > 0;

comment on view reporting.stock_valuation is
'Value of stock on hand per medication and location at purchase cost (on_hand x lot unit cost, rounded to cents), '
'split into usable and expired value, with the ATC anatomical main group (level 1).';

revoke all on reporting.stock_valuation from public;
grant select on reporting.stock_valuation to hc_analyst, hc_bi_reader, hc_pharmacist;
