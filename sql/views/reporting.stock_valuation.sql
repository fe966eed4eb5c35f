-- What the stock on the shelves is worth, per medication and location, with the
-- ATC anatomical group for roll-ups.
create or replace view reporting.stock_valuation as
select
    l.medication_id,
    m.generic_name,
    m.dosage_form,
    m.strength,
    m.strength_unit,
    m.atc_code,
    atc1.atc_code as atc_group_code,
    atc1.class_name as atc_group_name,
    l.stock_location_id,
    loc.location_code,
    loc.location_name,
    count(*) as lots_in_stock,
    sum(l.on_hand) as on_hand,
    round(sum(l.on_hand * l.unit_cost), 2) as stock_value,
    round(coalesce(sum(l.on_hand * l.unit_cost) filter (where l.expiry_date >= current_date), 0), 2) as usable_value,
    round(coalesce(sum(l.on_hand * l.unit_cost) filter (where l.expiry_date < current_date), 0), 2) as expired_value
from pharmacy.lot as l
inner join pharmacy.medication as m on l.medication_id = m.medication_id
inner join pharmacy.stock_location as loc on l.stock_location_id = loc.stock_location_id
left join ref.atc_class as atc1 on atc1.atc_code = left(m.atc_code, 1)
where l.on_hand > 0
group by
    l.medication_id, m.generic_name, m.dosage_form, m.strength, m.strength_unit, m.atc_code,
    atc1.atc_code, atc1.class_name, l.stock_location_id, loc.location_code, loc.location_name;

comment on view reporting.stock_valuation is
'Value of stock on hand per medication and location at purchase cost (on_hand x lot unit cost, rounded to cents), '
'split into usable and expired value, with the ATC anatomical main group (level 1).';
