-- pharmacy.dispensed_running_total as migration 0085 made it, filled from pharmacy.stock_level
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

insert into pharmacy.dispensed_running_total (
    medication_id, stock_location_id, dispensed_total, last_dispensed_on, dispensed_through
)
select
    medication_id,
    stock_location_id,
    dispensed_total,
    last_dispensed_on,
    dispensed_through
from pharmacy.stock_level
where last_dispensed_on is not null
order by medication_id, stock_location_id;

grant select on pharmacy.dispensed_running_total to hc_pharmacist;

alter table pharmacy.stock_level
drop constraint stock_level_expiry_check,
drop constraint stock_level_reorder_check,
drop constraint stock_level_dispensed_check,
drop column expiry_dates,
drop column on_hand_through,
drop column reorder_level,
drop column reorder_quantity,
drop column dispensed_total,
drop column last_dispensed_on,
drop column dispensed_through;
