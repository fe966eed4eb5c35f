-- Pharmacy stock: locations, lots, the append-only movement ledger, dispensings
-- and reorder settings. On-hand quantities follow from the ledger: a trigger on
-- pharmacy.stock_movement keeps pharmacy.lot.on_hand equal to the sum of the
-- lot's movements, and the procedures in sql/procedures/pharmacy.* are the only
-- intended writers.
create table pharmacy.stock_location (
    stock_location_id bigint generated always as identity primary key,
    location_code text not null unique,
    location_name text not null,
    location_type text not null,
    is_active boolean not null default true,
    created_at timestamptz not null default now(),
    constraint stock_location_code_check check (location_code ~ '^[A-Z0-9][A-Z0-9_-]*$'),
    constraint stock_location_name_check check (btrim(location_name) <> ''),
    constraint stock_location_type_check check (location_type in ('pharmacy', 'ward'))
);
comment on table pharmacy.stock_location is 'places that hold medication stock: pharmacies and ward stores';
comment on column pharmacy.stock_location.location_code is
'short upper-case code shown on screens, e.g. MAIN or WARD-3B';
comment on column pharmacy.stock_location.is_active is
'false for a closed location: it keeps its history but receives and dispenses nothing';

create table pharmacy.lot (
    lot_id bigint generated always as identity primary key,
    medication_id bigint not null references pharmacy.medication (medication_id),
    stock_location_id bigint not null references pharmacy.stock_location (stock_location_id),
    lot_number text not null,
    expiry_date date not null,
    unit_cost numeric(12, 4) not null,
    on_hand numeric(12, 3) not null default 0,
    received_at timestamptz not null default now(),
    constraint lot_number_check check (btrim(lot_number) <> ''),
    constraint lot_unit_cost_check check (unit_cost >= 0),
    constraint lot_on_hand_check check (on_hand >= 0),
    constraint lot_identity_key unique (medication_id, stock_location_id, lot_number)
);
comment on table pharmacy.lot is
'a manufacturer lot of one medication held at one location; the same lot number at two locations is two rows';
comment on column pharmacy.lot.expiry_date is
'last day the lot may be used: it is usable while expiry_date >= current_date, expired from the day after';
comment on column pharmacy.lot.unit_cost is
'purchase cost per dispensing unit; four decimals because a tablet can cost a fraction of a cent';
comment on column pharmacy.lot.on_hand is
'units in stock: always the sum of this lot''s stock movements, maintained by the ledger trigger only';
create index lot_fefo_idx on pharmacy.lot (medication_id, stock_location_id, expiry_date, lot_id);
create index lot_location_idx on pharmacy.lot (stock_location_id);
create index lot_in_stock_expiry_idx on pharmacy.lot (expiry_date) where on_hand > 0;

create table pharmacy.dispensing (
    dispensing_id bigint generated always as identity primary key,
    medication_id bigint not null references pharmacy.medication (medication_id),
    stock_location_id bigint not null references pharmacy.stock_location (stock_location_id),
    prescription_id bigint,
    reference text,
    requested_quantity numeric(12, 3) not null,
    dispensed_quantity numeric(12, 3) not null,
    is_partial boolean generated always as (dispensed_quantity < requested_quantity) stored,
    dispensed_at timestamptz not null default now(),
    dispensed_by text not null default current_user,
    constraint dispensing_requested_quantity_check check (requested_quantity > 0),
    constraint dispensing_dispensed_quantity_check check (
        dispensed_quantity > 0 and dispensed_quantity <= requested_quantity
    )
);
comment on table pharmacy.dispensing is
'one row per dispensing request that handed out stock; its lots are in pharmacy.stock_movement';
comment on column pharmacy.dispensing.prescription_id is
'the prescription dispensed for (clinic.prescription); no foreign key yet: added when the clinical core lands';
comment on column pharmacy.dispensing.reference is 'free text the caller supplies (order number, ward round ...)';
comment on column pharmacy.dispensing.is_partial is 'true when less than requested was available and handed out';
create index dispensing_recent_idx on pharmacy.dispensing (dispensed_at) include (
    medication_id, stock_location_id, dispensed_quantity
);
create index dispensing_prescription_idx on pharmacy.dispensing (prescription_id) where prescription_id is not null;

create table pharmacy.stock_movement (
    stock_movement_id bigint generated always as identity primary key,
    lot_id bigint not null references pharmacy.lot (lot_id),
    movement_type text not null,
    quantity numeric(12, 3) not null,
    occurred_at timestamptz not null default now(),
    reason text,
    reference text,
    dispensing_id bigint references pharmacy.dispensing (dispensing_id),
    prescription_id bigint,
    related_movement_id bigint references pharmacy.stock_movement (stock_movement_id),
    recorded_by text not null default current_user,
    constraint stock_movement_type_check check (
        movement_type in (
            'receipt', 'dispense', 'return', 'adjustment', 'expiry_write_off', 'transfer_out', 'transfer_in'
        )
    ),
    constraint stock_movement_sign_check check (
        case
            when movement_type in ('receipt', 'return', 'transfer_in') then quantity > 0
            when movement_type in ('dispense', 'expiry_write_off', 'transfer_out') then quantity < 0
            else quantity <> 0
        end
    ),
    constraint stock_movement_reason_check check (
        movement_type <> 'adjustment' or coalesce(btrim(reason), '') <> ''
    ),
    constraint stock_movement_dispensing_check check (
        (movement_type = 'dispense') = (dispensing_id is not null)
        or movement_type = 'return'
    ),
    constraint stock_movement_transfer_check check (
        (movement_type = 'transfer_in') = (related_movement_id is not null)
    )
);
comment on table pharmacy.stock_movement is
'append-only stock ledger: every change of a lot''s quantity is one row here; updates and deletes are refused';
comment on column pharmacy.stock_movement.quantity is
'signed change in dispensing units: positive into the lot (receipt, return, transfer in), negative out of it';
comment on column pharmacy.stock_movement.reason is 'why: required for adjustments, free text otherwise';
comment on column pharmacy.stock_movement.dispensing_id is
'the dispensing this movement belongs to (dispense rows; optional on returns)';
comment on column pharmacy.stock_movement.prescription_id is
'the prescription (clinic.prescription) dispensed for or returned from; no foreign key yet: added when the core lands';
comment on column pharmacy.stock_movement.related_movement_id is
'for a transfer_in row: the transfer_out row at the sending location';
create index stock_movement_lot_idx on pharmacy.stock_movement (lot_id, occurred_at);
create index stock_movement_dispensing_idx on pharmacy.stock_movement (dispensing_id) where dispensing_id is not null;
create index stock_movement_related_idx on pharmacy.stock_movement (related_movement_id)
where related_movement_id is not null;

create table pharmacy.reorder_setting (
    reorder_setting_id bigint generated always as identity primary key,
    medication_id bigint not null references pharmacy.medication (medication_id),
    stock_location_id bigint not null references pharmacy.stock_location (stock_location_id),
    reorder_level numeric(12, 3) not null,
    reorder_quantity numeric(12, 3) not null,
    updated_at timestamptz not null default now(),
    constraint reorder_setting_level_check check (reorder_level >= 0),
    constraint reorder_setting_quantity_check check (reorder_quantity > 0),
    constraint reorder_setting_key unique (medication_id, stock_location_id)
);
comment on table pharmacy.reorder_setting is 'when to reorder a medication at a location, and how much';
comment on column pharmacy.reorder_setting.reorder_level is
'usable stock below this level means "below reorder level" (and a NOTIFY on pharmacy_low_stock when crossed)';
comment on column pharmacy.reorder_setting.reorder_quantity is 'units to order when the level is reached';
create index reorder_setting_location_idx on pharmacy.reorder_setting (stock_location_id);
