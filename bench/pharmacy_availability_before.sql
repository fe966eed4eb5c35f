-- reporting.medication_availability as it was before migration 0087 (migrations 0085-0086): totals from
-- pharmacy.stock_level, the dated figures aggregated over the lots near or past expiry, a full join with
-- pharmacy.reorder_setting and the consumption from the running totals (then a table of their own,
-- pharmacy.dispensed_running_total; read here from the same columns of pharmacy.stock_level, where 0087 moved
-- them). Kept as the comparison query of bench/pharmacy_availability.py and as the reference the new
-- definition must equal row for row (tests/test_pharmacy_availability_rewrite.py).
with window_start as (
    -- the consumption window opens at now() - 30 days, on UTC day since_day; next_midnight ends that day
    select
        c.since,
        c.since_day,
        (c.since_day + 1)::timestamp at time zone 'UTC' as next_midnight
    from (
        select
            now() - interval '30 days' as since,
            ((now() - interval '30 days') at time zone 'UTC')::date as since_day
    ) as c
),

dated as (
    -- the date-dependent part: lots with stock that have expired or expire within 90 days
    select
        l.medication_id,
        l.stock_location_id,
        sum(l.on_hand) filter (where l.expiry_date < current_date) as expired_on_hand,
        sum(l.on_hand) filter (where l.expiry_date between current_date and current_date + 30) as expiring_30,
        sum(l.on_hand) filter (where l.expiry_date >= current_date) as expiring_90,
        min(l.expiry_date) filter (where l.expiry_date >= current_date) as nearest_in_window
    from pharmacy.lot as l
    where l.on_hand > 0 and l.expiry_date <= current_date + 90
    group by l.medication_id, l.stock_location_id
),

stock as (
    select
        s.medication_id,
        s.stock_location_id,
        s.on_hand,
        s.on_hand - coalesce(d.expired_on_hand, 0) as usable,
        coalesce(d.expired_on_hand, 0) as expired_on_hand,
        coalesce(d.expiring_30, 0) as expiring_within_30_days,
        coalesce(d.expiring_90, 0) as expiring_within_90_days,
        case
            when s.earliest_expiry >= current_date then s.earliest_expiry
            when d.nearest_in_window is not null then d.nearest_in_window
            -- expired stock on the shelf and the next usable lot beyond 90 days: look it up (rare)
            when s.on_hand > coalesce(d.expired_on_hand, 0)
                then (
                    select min(l.expiry_date)
                    from pharmacy.lot as l
                    where
                        l.medication_id = s.medication_id
                        and l.stock_location_id = s.stock_location_id
                        and l.on_hand > 0
                        and l.expiry_date >= current_date
                )
        end as nearest_expiry
    from pharmacy.stock_level as s
    left join dated as d
        on s.medication_id = d.medication_id and s.stock_location_id = d.stock_location_id
    where s.on_hand > 0
),

consumption as (
    -- Units dispensed since now() - 30 days. Everything after the end of the UTC day that instant falls on
    -- comes from the running totals (total - total at the end of that day: no aggregate over the window);
    -- the rest of that day from the dispensings themselves (index range on dispensed_at, under a day).
    select
        x.medication_id,
        x.stock_location_id,
        sum(x.quantity) as consumed_last_30_days
    from (
        select
            t.medication_id,
            t.stock_location_id,
            case
                when t.last_dispensed_on - w.since_day <= 32
                    then t.dispensed_total - t.dispensed_through[t.last_dispensed_on - w.since_day]
                -- a dispensing dated after tomorrow moved the slots past the window start: sum up instead (rare)
                else (
                    select sum(d.dispensed_quantity)
                    from pharmacy.dispensing as d
                    where
                        d.medication_id = t.medication_id
                        and d.stock_location_id = t.stock_location_id
                        and d.dispensed_at >= w.next_midnight
                )
            end as quantity
        from (
            -- migration 0087 moved the running totals into pharmacy.stock_level: the same columns from there
            select
                medication_id,
                stock_location_id,
                dispensed_total,
                last_dispensed_on,
                dispensed_through
            from pharmacy.stock_level
            where last_dispensed_on is not null
        ) as t
        cross join window_start as w
        where t.last_dispensed_on > w.since_day
        union all
        select
            d.medication_id,
            d.stock_location_id,
            d.dispensed_quantity
        from pharmacy.dispensing as d
        where
            d.dispensed_at >= (select w.since from window_start as w)
            and d.dispensed_at < (select w.next_midnight from window_start as w)
    ) as x
    group by x.medication_id, x.stock_location_id
),

stock_point as (
    select
        coalesce(s.medication_id, r.medication_id) as medication_id,
        coalesce(s.stock_location_id, r.stock_location_id) as stock_location_id,
        coalesce(s.on_hand, 0) as on_hand,
        coalesce(s.usable, 0) as usable,
        coalesce(s.expired_on_hand, 0) as expired_on_hand,
        coalesce(s.expiring_within_30_days, 0) as expiring_within_30_days,
        coalesce(s.expiring_within_90_days, 0) as expiring_within_90_days,
        s.nearest_expiry,
        r.reorder_level,
        r.reorder_quantity
    from stock as s
    full join pharmacy.reorder_setting as r
        on s.medication_id = r.medication_id and s.stock_location_id = r.stock_location_id
)

select
    p.medication_id,
    m.generic_name,
    m.brand_name,
    m.dosage_form,
    m.strength,
    m.strength_unit,
    m.dispensing_unit,
    m.atc_code,
    p.stock_location_id,
    loc.location_code,
    loc.location_name,
    loc.location_type,
    p.on_hand,
    p.usable,
    p.expired_on_hand,
    p.expiring_within_30_days,
    p.expiring_within_90_days,
    p.nearest_expiry,
    p.reorder_level,
    p.reorder_quantity,
    coalesce(c.consumed_last_30_days, 0) as consumed_last_30_days,
    case
        when coalesce(c.consumed_last_30_days, 0) > 0
            then round(p.usable * 30 / c.consumed_last_30_days, 1)
    end as days_of_cover,
    case
        when p.usable = 0 then 'out of stock'
        when p.usable < p.reorder_level then 'below reorder level'
        else 'ok'
    end as status,
    case
        when p.usable = 0 then 1
        when p.usable < p.reorder_level then 2
        else 3
    end as urgency_rank
from stock_point as p
inner join pharmacy.medication as m on p.medication_id = m.medication_id
inner join pharmacy.stock_location as loc on p.stock_location_id = loc.stock_location_id
left join consumption as c
    on p.medication_id = c.medication_id and p.stock_location_id = c.stock_location_id
where m.is_active and loc.is_active;
