-- Everything reporting.medication_availability needs per medication and location
-- in one row of pharmacy.stock_level, kept by triggers, so the live view reads one
-- row source instead of aggregating lots, full-joining pharmacy.reorder_setting and
-- joining the dispensing running totals (see docs/pharmacy.md, "Why one row per
-- stock point"):
--   expiry_dates / on_hand_through: the lots with stock by expiry date, as running
--     totals, so the dated figures (expired, expiring within 30 / 90 days, nearest
--     usable expiry) are a binary search (width_bucket) at query time: nothing is
--     stored that goes stale when the date changes;
--   reorder_level / reorder_quantity: a copy of pharmacy.reorder_setting;
--   dispensed_total / last_dispensed_on / dispensed_through: the running totals of
--     migration 0085, moved here from pharmacy.dispensed_running_total (dropped).
alter table pharmacy.stock_level
add column expiry_dates date[] not null default '{}',
add column on_hand_through numeric(14, 3)[] not null default '{}',
add column reorder_level numeric(12, 3),
add column reorder_quantity numeric(12, 3),
add column dispensed_total numeric(16, 3) not null default 0,
add column last_dispensed_on date,
add column dispensed_through numeric(16, 3)[],
add constraint stock_level_expiry_check check (
    cardinality(expiry_dates) = cardinality(on_hand_through)
),
add constraint stock_level_reorder_check check (
    (reorder_level is null) = (reorder_quantity is null)
),
add constraint stock_level_dispensed_check check (
    dispensed_total >= 0
    and (last_dispensed_on is null) = (dispensed_through is null)
    and (
        dispensed_through is null
        or (
            array_ndims(dispensed_through) = 1
            and array_lower(dispensed_through, 1) = 1
            and array_upper(dispensed_through, 1) = 32
        )
    )
);

comment on column pharmacy.stock_level.expiry_dates is
'the distinct expiry dates of the lots with stock here, ascending (expired ones included)';
comment on column pharmacy.stock_level.on_hand_through is
'element i: units on hand in the lots here expiring on or before expiry_dates[i] (running total in expiry order)';
comment on column pharmacy.stock_level.reorder_level is
'copy of pharmacy.reorder_setting.reorder_level for this medication and location (null without a setting), '
'kept by the trigger on pharmacy.reorder_setting';
comment on column pharmacy.stock_level.reorder_quantity is
'copy of pharmacy.reorder_setting.reorder_quantity (null without a setting)';
comment on column pharmacy.stock_level.dispensed_total is
'sum of dispensed_quantity over every dispensing of this medication here (trigger on pharmacy.dispensing)';
comment on column pharmacy.stock_level.last_dispensed_on is
'no dispensing of this medication here falls after this UTC day: the day of the latest dispensed_at, or later '
'once that dispensing was moved earlier or removed; null when never dispensed';
comment on column pharmacy.stock_level.dispensed_through is
'element i (1-32): units dispensed up to the end of UTC day last_dispensed_on - i; '
'so dispensed_total - dispensed_through[i] is what was dispensed after that day; null when never dispensed';

-- a row for every stock point with a reorder setting or dispensings, even without stock
insert into pharmacy.stock_level (medication_id, stock_location_id)
select
    medication_id,
    stock_location_id
from pharmacy.reorder_setting
union
select
    medication_id,
    stock_location_id
from pharmacy.dispensed_running_total
order by medication_id, stock_location_id
on conflict (medication_id, stock_location_id) do nothing;

update pharmacy.stock_level as s
set
    expiry_dates = e.expiry_dates,
    on_hand_through = e.on_hand_through
from (
    select
        d.medication_id,
        d.stock_location_id,
        array_agg(d.expiry_date order by d.expiry_date) as expiry_dates,
        array_agg(d.on_hand_through order by d.expiry_date) as on_hand_through
    from (
        select
            medication_id,
            stock_location_id,
            expiry_date,
            sum(sum(on_hand)) over (
                partition by medication_id, stock_location_id order by expiry_date
            ) as on_hand_through
        from pharmacy.lot
        where on_hand > 0
        group by medication_id, stock_location_id, expiry_date
    ) as d
    group by d.medication_id, d.stock_location_id
) as e
where s.medication_id = e.medication_id and s.stock_location_id = e.stock_location_id;

update pharmacy.stock_level as s
set
    reorder_level = r.reorder_level,
    reorder_quantity = r.reorder_quantity
from pharmacy.reorder_setting as r
where s.medication_id = r.medication_id and s.stock_location_id = r.stock_location_id;

update pharmacy.stock_level as s
set
    dispensed_total = t.dispensed_total,
    last_dispensed_on = t.last_dispensed_on,
    dispensed_through = t.dispensed_through
from pharmacy.dispensed_running_total as t
where s.medication_id = t.medication_id and s.stock_location_id = t.stock_location_id;

drop table pharmacy.dispensed_running_total;
