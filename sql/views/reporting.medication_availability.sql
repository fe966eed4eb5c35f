-- Live availability per medication and open location, for BI tools and the ward
-- dashboard. Everything per stock point comes from its one pharmacy.stock_level row
-- (kept equal to the lots, pharmacy.reorder_setting and pharmacy.dispensing by
-- triggers, migration 0087); only the dispensings of the part-day at the
-- consumption window's start are read from pharmacy.dispensing. Everything that
-- depends on the clock is computed here at query time, so nothing goes stale and
-- the window moves with the clock without any job:
--   - the dated figures by binary search (width_bucket) of today's bounds in the
--     stock point's sorted expiry dates, whose running on-hand totals give
--     "expired" and "expiring within 30 / 90 days" as two array elements;
--   - the units dispensed since now() - 30 days from the running totals (what was
--     dispensed after the end of the UTC day the window opens on) plus that
--     day's remainder from the dispensings themselves (index range, under a day).
-- The clock's values are read through scalar subqueries (computed once per query,
-- like the cross join they replace, without a join level per row).
-- The two nested subqueries each carry a volatile column (random() as
-- evaluate_once_*, not shown): a subquery with a volatile output is never merged
-- into the query around it, so each figure is computed once per row (merged, the
-- planner would copy every reference to `usable` (six) and to the array lookups into
-- the outer expressions and compute them again each time), while a filter on any
-- other column (a location, a medication, a status) still reaches the scans and
-- their indexes; an `offset 0` fence, used before, stopped those filters too.
-- Column order: the keys, then the columns a screen sorts by (urgency_rank,
-- status, days_of_cover, expiring_within_30_days), then the rest. PostgreSQL finds
-- a column in a row by walking every variable-width column before it; a sort by
-- urgency and days of cover compares thousands of pairs, and with the names first
-- each comparison walked ~20 columns (the dashboard query cost 276 M instructions
-- with the names first, 227 M in this order).
create or replace view reporting.medication_availability as
with clock as (
    -- the dated bounds, once per query: yesterday (expired = expiry on or before it), today + 30 / 90, and
    -- the consumption window: it opens at now() - 30 days, on UTC day since_day, which ends at next_midnight
    select
        current_date - 1 as yesterday,
        current_date + 30 as in_30_days,
        current_date + 90 as in_90_days,
        c.since,
        c.since_day,
        (c.since_day + 1)::timestamp at time zone 'UTC' as next_midnight
    from (
        select
            now() - interval '30 days' as since,
            ((now() - interval '30 days') at time zone 'UTC')::date as since_day
    ) as c
),

part_day as (
    -- the dispensings from the window's start to the end of its UTC day
    select
        d.medication_id,
        d.stock_location_id,
        sum(d.dispensed_quantity) as quantity
    from pharmacy.dispensing as d
    where
        d.dispensed_at >= (select k.since from clock as k)
        and d.dispensed_at < (select k.next_midnight from clock as k)
    group by d.medication_id, d.stock_location_id
)

select
    f.medication_id,
    f.stock_location_id,
    case
        when f.usable = 0 then 1
        when f.usable < f.reorder_level then 2
        else 3
    end as urgency_rank,
    case
        when f.usable = 0 then 'out of stock'
        when f.usable < f.reorder_level then 'below reorder level'
        else 'ok'
    end as status,
    case
        when f.consumed_last_30_days > 0
            then round(f.usable * 30 / f.consumed_last_30_days, 1)
    end as days_of_cover,
    f.expiring_within_30_days,
    f.generic_name,
    f.brand_name,
    f.dosage_form,
    f.strength,
    f.strength_unit,
    f.dispensing_unit,
    f.atc_code,
    f.location_code,
    f.location_name,
    f.location_type,
    f.on_hand,
    f.usable,
    f.expired_on_hand,
    f.expiring_within_90_days,
    f.nearest_expiry,
    f.reorder_level,
    f.reorder_quantity,
    f.consumed_last_30_days
from (
    select
        p.*,
        p.on_hand - p.expired_on_hand as usable,
        p.on_hand_through_30_days - p.expired_on_hand as expiring_within_30_days,
        p.on_hand_through_90_days - p.expired_on_hand as expiring_within_90_days,
        random() as evaluate_once_figures
    from (
        select
            s.medication_id,
            m.generic_name,
            m.brand_name,
            m.dosage_form,
            m.strength,
            m.strength_unit,
            m.dispensing_unit,
            m.atc_code,
            s.stock_location_id,
            loc.location_code,
            loc.location_name,
            loc.location_type,
            s.on_hand,
            -- on_hand_through[i] = on hand in lots expiring on or before expiry_dates[i]; width_bucket(d, dates) =
            -- how many of the dates are <= d (0: none, and [0] is null). When the earliest expiry on hand is
            -- after d, the answer is 0 without the lookup (most stock points, for most bounds).
            case
                when s.earliest_expiry > (select c.yesterday from clock as c) or s.earliest_expiry is null then 0
                else coalesce(s.on_hand_through[width_bucket((select c.yesterday from clock as c), s.expiry_dates)], 0)
            end as expired_on_hand,
            case
                when s.earliest_expiry > (select c.in_30_days from clock as c) or s.earliest_expiry is null then 0
                else coalesce(s.on_hand_through[width_bucket((select c.in_30_days from clock as c), s.expiry_dates)], 0)
            end as on_hand_through_30_days,
            case
                when s.earliest_expiry > (select c.in_90_days from clock as c) or s.earliest_expiry is null then 0
                else coalesce(s.on_hand_through[width_bucket((select c.in_90_days from clock as c), s.expiry_dates)], 0)
            end as on_hand_through_90_days,
            case
                when s.earliest_expiry > (select c.yesterday from clock as c) then s.earliest_expiry
                else s.expiry_dates[width_bucket((select c.yesterday from clock as c), s.expiry_dates) + 1]
            end as nearest_expiry,
            s.reorder_level,
            s.reorder_quantity,
            case
                -- a dispensing dated after tomorrow moved the slots past the window start: sum up instead (rare)
                when s.last_dispensed_on - (select c.since_day from clock as c) > 32
                    then pharmacy.dispensed_since(
                            s.medication_id, s.stock_location_id, (select c.next_midnight from clock as c)
                        )
                -- units dispensed after the end of since_day: the total minus the total at the end of that day
                when s.last_dispensed_on > (select c.since_day from clock as c)
                    then s.dispensed_total
                        - s.dispensed_through[s.last_dispensed_on - (select c.since_day from clock as c)]
                else 0
            end
            + coalesce(pd.quantity, 0) as consumed_last_30_days,
            random() as evaluate_once_stock_point
        from pharmacy.stock_level as s
        inner join pharmacy.medication as m on s.medication_id = m.medication_id
        inner join pharmacy.stock_location as loc on s.stock_location_id = loc.stock_location_id
        left join part_day as pd
            on s.medication_id = pd.medication_id and s.stock_location_id = pd.stock_location_id
        where
            m.is_active
            and loc.is_active
            and (s.on_hand > 0 or s.reorder_level is not null)
    ) as p
) as f;

comment on view reporting.medication_availability is
'Per active medication and open location holding stock or having a reorder setting: on hand, usable (not expired), '
'expired still on the shelf, expiring within 30 and 90 days (usable stock, today inclusive), nearest expiry, '
'reorder level and quantity, units dispensed in the last 30 days, days of cover (usable / daily consumption, '
'null without consumption), status (out of stock, below reorder level, ok) and urgency_rank (1 most urgent).';

revoke all on reporting.medication_availability from public;
grant select on reporting.medication_availability to hc_analyst, hc_bi_reader, hc_pharmacist, hc_clinician;
