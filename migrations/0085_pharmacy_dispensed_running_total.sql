-- Units dispensed per medication and location as running totals, kept by
-- statement-level triggers on pharmacy.dispensing, so that
-- reporting.medication_availability reads the units dispensed in the last 30
-- days from one row per stock point instead of aggregating every dispensing of
-- the window (see docs/pharmacy.md, "Why pharmacy.dispensed_running_total").
--
-- For a stock point with no dispensing after UTC day L (last_dispensed_on):
--   dispensed_total         = units dispensed ever
--   dispensed_through[i]    = units dispensed up to the end of UTC day L - i (i = 1 .. 32)
-- so the units dispensed after the end of any day D in [L - 32, L - 1] are
-- dispensed_total - dispensed_through[L - D] (none after a day D >= L).
create table pharmacy.dispensed_running_total (
    dispensed_running_total_id bigint generated always as identity primary key,
    medication_id bigint not null references pharmacy.medication (medication_id),
    stock_location_id bigint not null references pharmacy.stock_location (stock_location_id),
    dispensed_total numeric(16, 3) not null,
    last_dispensed_on date not null,
    dispensed_through numeric(16, 3)[] not null,
    constraint dispensed_running_total_key unique (medication_id, stock_location_id),
    constraint dispensed_running_total_total_check check (dispensed_total >= 0),
    constraint dispensed_running_total_through_check check (
        array_ndims(dispensed_through) = 1
        and array_lower(dispensed_through, 1) = 1
        and array_upper(dispensed_through, 1) = 32
    )
);
comment on table pharmacy.dispensed_running_total is
'units dispensed per medication and location as running totals by UTC day, maintained by the triggers on '
'pharmacy.dispensing: always equal to the aggregate of pharmacy.dispensing (read by medication_availability)';
comment on column pharmacy.dispensed_running_total.dispensed_total is
'sum of dispensed_quantity over every dispensing of this medication here';
comment on column pharmacy.dispensed_running_total.last_dispensed_on is
'no dispensing of this medication here falls after this UTC day: the day of the latest dispensed_at, or later '
'once that dispensing was moved earlier or removed';
comment on column pharmacy.dispensed_running_total.dispensed_through is
'element i (1-32): units dispensed up to the end of UTC day last_dispensed_on - i; '
'so dispensed_total - dispensed_through[i] is what was dispensed after that day';

-- the existing dispensings, set-based: per stock point its total, its last day and, for each of the 32
-- days before that day, the total minus what was dispensed after the end of that day
insert into pharmacy.dispensed_running_total (
    medication_id, stock_location_id, dispensed_total, last_dispensed_on, dispensed_through
)
with by_day as (
    select
        medication_id,
        stock_location_id,
        (dispensed_at at time zone 'UTC')::date as dispensed_on,
        sum(dispensed_quantity) as quantity
    from pharmacy.dispensing
    group by medication_id, stock_location_id, dispensed_on
),

stock_point as (
    select
        medication_id,
        stock_location_id,
        sum(quantity) as dispensed_total,
        max(dispensed_on) as last_dispensed_on
    from by_day
    group by medication_id, stock_location_id
),

slot as (
    select
        p.medication_id,
        p.stock_location_id,
        g.i,
        p.dispensed_total - coalesce(sum(d.quantity), 0) as dispensed_through
    from stock_point as p
    cross join generate_series(1, 32) as g (i)
    left join by_day as d
        on
            p.medication_id = d.medication_id
            and p.stock_location_id = d.stock_location_id
            and d.dispensed_on > p.last_dispensed_on - g.i
    group by p.medication_id, p.stock_location_id, p.dispensed_total, g.i
)

select
    p.medication_id,
    p.stock_location_id,
    p.dispensed_total,
    p.last_dispensed_on,
    array_agg(s.dispensed_through order by s.i) as dispensed_through
from stock_point as p
inner join slot as s on p.medication_id = s.medication_id and p.stock_location_id = s.stock_location_id
group by p.medication_id, p.stock_location_id, p.dispensed_total, p.last_dispensed_on;

grant select on pharmacy.dispensed_running_total to hc_pharmacist;
