-- Per medication and location totals kept by the ledger trigger, so the live
-- reporting views read one row per stock point instead of aggregating every lot
-- (see docs/pharmacy.md, "Why pharmacy.stock_level"). Date-dependent figures
-- (usable, expiring) are still computed in the views from the lots that have
-- expired or expire within 90 days.
create table pharmacy.stock_level (
    stock_level_id bigint generated always as identity primary key,
    medication_id bigint not null references pharmacy.medication (medication_id),
    stock_location_id bigint not null references pharmacy.stock_location (stock_location_id),
    on_hand numeric(14, 3) not null default 0,
    stock_value numeric(18, 4) not null default 0,
    lots_in_stock integer not null default 0,
    earliest_expiry date,
    constraint stock_level_on_hand_check check (on_hand >= 0),
    constraint stock_level_lots_check check (lots_in_stock >= 0),
    constraint stock_level_key unique (medication_id, stock_location_id)
);
comment on table pharmacy.stock_level is
'totals per medication and location, maintained by the ledger trigger: always the aggregate of pharmacy.lot';
comment on column pharmacy.stock_level.on_hand is 'sum of on_hand over the lots of this medication here';
comment on column pharmacy.stock_level.stock_value is 'sum of on_hand x unit_cost over those lots';
comment on column pharmacy.stock_level.lots_in_stock is 'how many of those lots have stock';
comment on column pharmacy.stock_level.earliest_expiry is
'earliest expiry date among lots with stock, expired or not; null when nothing is on hand';
create index stock_level_location_idx on pharmacy.stock_level (stock_location_id);

insert into pharmacy.stock_level (
    medication_id, stock_location_id, on_hand, stock_value, lots_in_stock, earliest_expiry
)
select
    medication_id,
    stock_location_id,
    sum(on_hand) as on_hand,
    sum(on_hand * unit_cost) as stock_value,
    count(*) as lots_in_stock,
    min(expiry_date) as earliest_expiry
from pharmacy.lot
where on_hand > 0
group by medication_id, stock_location_id;
