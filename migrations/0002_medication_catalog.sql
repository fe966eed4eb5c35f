-- The medication catalog and its ATC classification. Prescriptions (clinical
-- core) and stock (pharmacy) both reference pharmacy.medication.
create table ref.atc_class (
    atc_code text primary key,
    atc_level smallint not null,
    class_name text not null,
    parent_code text references ref.atc_class (atc_code),
    constraint atc_class_level_check check (atc_level between 1 and 5),
    constraint atc_class_code_format check (atc_code ~ '^[A-Z]([0-9]{2}([A-Z]([A-Z]([0-9]{2})?)?)?)?$'),
    constraint atc_class_parent_check check ((atc_level = 1) = (parent_code is null))
);
comment on table ref.atc_class is
'WHO Anatomical Therapeutic Chemical classification: levels 1 (anatomical group) to 5 (chemical substance)';
comment on column ref.atc_class.parent_code is 'the class one level up; null for level 1';

create table pharmacy.medication (
    medication_id bigint generated always as identity primary key,
    generic_name text not null,
    brand_name text,
    dosage_form text not null,
    strength numeric(12, 3),
    strength_unit text,
    dispensing_unit text not null,
    atc_code text references ref.atc_class (atc_code),
    rxnorm_code text unique,
    is_active boolean not null default true,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint medication_generic_name_check check (btrim(generic_name) <> ''),
    constraint medication_dosage_form_check check (
        dosage_form in (
            'tablet', 'capsule', 'oral solution', 'oral suspension', 'injection', 'infusion', 'inhaler',
            'cream', 'ointment', 'drops', 'patch', 'suppository', 'powder', 'spray', 'other'
        )
    ),
    constraint medication_strength_check check (strength is null or strength > 0),
    constraint medication_strength_unit_check check ((strength is null) = (strength_unit is null)),
    constraint medication_dispensing_unit_check check (btrim(dispensing_unit) <> ''),
    constraint medication_identity_key unique nulls not distinct (generic_name, dosage_form, strength, strength_unit)
);
comment on table pharmacy.medication is 'medication catalog: one row per product that can be prescribed and stocked';
comment on column pharmacy.medication.dispensing_unit is
'the unit stock is counted and dispensed in (tablet, ml, vial ...)';
comment on column pharmacy.medication.atc_code is 'ATC class (usually level 5) for grouping in the warehouse';
comment on column pharmacy.medication.rxnorm_code is 'RxNorm concept id when known (Synthea imports use it)';
create index medication_atc_code_idx on pharmacy.medication (atc_code);
