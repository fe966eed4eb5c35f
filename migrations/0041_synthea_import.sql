-- Synthea import (dbtool import synthea): staging tables the CSV rows are
-- COPYed into, the map from Synthea ids to ours (what makes a re-import a
-- no-op), a curated SNOMED CT -> ICD-10-CM map, and the diagnosis columns that
-- keep a diagnosis's source code system.
create schema staging;
comment on schema staging is
'bulk imports: landing tables (emptied by each import), the id map, and the procedures mapping them into the clinic';

-- One staging table per Synthea file, columns as dbtool.synthea's canonical
-- names, plus the CSV line number so errors found in SQL name the line.
-- Unlogged: their content is transient and re-created from the files.
create unlogged table staging.synthea_organization (
    id text primary key,
    line_no integer not null,
    display_name text not null,
    city text,
    state text,
    zip text,
    phone text
);
comment on table staging.synthea_organization is 'rows of a Synthea organizations.csv being imported';

create unlogged table staging.synthea_provider (
    id text primary key,
    line_no integer not null,
    organization text,
    display_name text not null,
    gender text,
    speciality text
);
comment on table staging.synthea_provider is 'rows of a Synthea providers.csv being imported';

create unlogged table staging.synthea_payer (
    id text primary key,
    line_no integer not null,
    display_name text not null,
    phone text
);
comment on table staging.synthea_payer is 'rows of a Synthea payers.csv being imported (repeated ids merged)';

create unlogged table staging.synthea_patient (
    id text primary key,
    line_no integer not null,
    birthdate date not null,
    deathdate date,
    name_prefix text,
    first_name text not null,
    last_name text not null,
    suffix text,
    marital text,
    gender text not null,
    address text,
    city text,
    state text,
    county text,
    zip text
);
comment on table staging.synthea_patient is 'rows of a Synthea patients.csv being imported';

create unlogged table staging.synthea_encounter (
    id text primary key,
    line_no integer not null,
    started timestamptz not null,
    stopped timestamptz,
    patient text not null,
    organization text,
    care_provider text,
    payer text,
    encounter_class text not null,
    code text not null,
    description text,
    base_cost numeric(12, 2),
    total_claim_cost numeric(12, 2),
    payer_coverage numeric(12, 2),
    reason_code text,
    reason_description text
);
comment on table staging.synthea_encounter is 'rows of a Synthea encounters.csv being imported';

create unlogged table staging.synthea_condition (
    line_no integer primary key,
    started date not null,
    stopped date,
    patient text not null,
    encounter text not null,
    code_system text,
    code text not null,
    description text not null
);
comment on table staging.synthea_condition is 'rows of a Synthea conditions.csv being imported';

create unlogged table staging.synthea_procedure (
    line_no integer primary key,
    started timestamptz not null,
    stopped timestamptz,
    patient text not null,
    encounter text not null,
    code_system text,
    code text not null,
    description text not null,
    base_cost numeric(12, 2),
    reason_code text,
    reason_description text
);
comment on table staging.synthea_procedure is 'rows of a Synthea procedures.csv being imported';

create unlogged table staging.synthea_medication (
    line_no integer primary key,
    started timestamptz not null,
    stopped timestamptz,
    patient text not null,
    payer text,
    encounter text not null,
    code text not null,
    description text not null,
    base_cost numeric(12, 2),
    payer_coverage numeric(12, 2),
    dispenses integer,
    total_cost numeric(12, 2),
    reason_code text,
    reason_description text
);
comment on table staging.synthea_medication is 'rows of a Synthea medications.csv being imported';

-- Logged: this is the memory of what was imported.
create table staging.synthea_id_map (
    entity text not null,
    source_id text not null,
    target_id bigint not null,
    created_at timestamptz not null default now(),
    primary key (entity, source_id),
    constraint synthea_id_map_entity_check check (
        entity in ('organization', 'provider', 'payer', 'patient', 'encounter', 'condition', 'procedure', 'medication')
    )
);
comment on table staging.synthea_id_map is
'which row of ours each imported Synthea row became: a re-import skips every source id found here';
comment on column staging.synthea_id_map.source_id is
'the Synthea Id (organizations, providers, payers, patients, encounters) or, for conditions, procedures and '
'medications that have no Id, encounter id and row identity (code, start, ordinal)';
comment on column staging.synthea_id_map.target_id is
'department, staff, payer, patient, encounter, diagnosis, treatment_given or prescription id';

create table ref.snomed_icd10_map (
    snomed_code text primary key,
    icd10_code text not null references ref.icd10_code (code),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
comment on table ref.snomed_icd10_map is
'curated SNOMED CT -> billable ICD-10-CM map for conditions common in Synthea exports; an unmapped condition is '
'imported as R69 (illness, unspecified) with its SNOMED code kept on the diagnosis';

insert into ref.snomed_icd10_map (snomed_code, icd10_code) values
('73595000', 'Z73.3'),
('423315002', 'Z60.8'),
('444814009', 'J01.90'),
('195662009', 'J02.9'),
('422650009', 'Z60.8'),
('10509002', 'J20.9'),
('162864005', 'E66.9'),
('72892002', 'Z34.90'),
('59621000', 'I10'),
('40055000', 'J32.9'),
('19169002', 'O03.9'),
('15777000', 'R73.03'),
('271737000', 'D64.9'),
('278860009', 'M54.50'),
('73438004', 'Z56.0'),
('1121000119107', 'M54.2'),
('10939881000119104', 'F10.10'),
('36971009', 'J32.9'),
('65363002', 'H66.90'),
('65966004', 'S52.90XA'),
('196416002', 'K01.1'),
('55680006', 'T50.901A'),
('840544004', 'Z20.822'),
('840539006', 'U07.1'),
('39848009', 'S13.4XXA'),
('74400008', 'K37'),
('44465007', 'S93.401A'),
('55822004', 'E78.5'),
('124171000119105', 'G43.019'),
('301011002', 'N39.0'),
('82423001', 'G89.29'),
('359817006', 'S72.009A'),
('386661006', 'R50.9'),
('410429000', 'I46.9'),
('80583007', 'F41.0'),
('49727002', 'R05.9'),
('239873007', 'M17.9'),
('87433001', 'J43.9'),
('230690007', 'I63.9'),
('44054006', 'E11.9'),
('368581000119106', 'E11.40'),
('195967001', 'J45.909'),
('233678006', 'J45.909'),
('398254007', 'O14.90'),
('16114001', 'S82.899A'),
('62106007', 'S06.0X0A'),
('43878008', 'J02.0'),
('68496003', 'K63.5'),
('713197008', 'K62.1'),
('26929004', 'G30.9'),
('22298006', 'I21.9'),
('49436004', 'I48.91'),
('88805009', 'I50.9'),
('185086009', 'J44.9'),
('254837009', 'C50.919'),
('40275004', 'L25.9'),
('24079001', 'L20.9'),
('370143000', 'F32.9'),
('35999006', 'O02.0'),
('431855005', 'N18.1'),
('431856006', 'N18.2'),
('433144002', 'N18.30'),
('90781000119102', 'E11.29'),
('157141000119108', 'E11.29'),
('302870006', 'E78.1'),
('284549007', 'S61.419A'),
('370247008', 'S01.81XA'),
('110030002', 'S06.0X0A'),
('444470001', 'S83.519A'),
('263102004', 'S62.109A'),
('428251008', 'Z90.49'),
('429007001', 'Z86.74'),
('399211009', 'I25.2'),
('162573006', 'R91.8'),
('254637007', 'C34.90'),
('38341003', 'I10'),
('64859006', 'M81.0'),
('267036007', 'R06.00'),
('84229001', 'R53.83'),
('25064002', 'R51.9'),
('57676002', 'M25.50'),
('68962001', 'M79.10'),
('36955009', 'R43.8'),
('248595008', 'R09.3'),
('43724002', 'R68.83'),
('422587007', 'R11.0'),
('422400008', 'R11.10'),
('267060006', 'R19.7'),
('271825005', 'R06.03'),
('389087006', 'R09.02'),
('233604007', 'J18.9'),
('65710008', 'J96.00'),
('770349000', 'A41.9'),
('91302008', 'A41.9'),
('706870000', 'I26.99'),
('67782005', 'J80'),
('6072007', 'K62.5'),
('93761005', 'C18.9'),
('94260004', 'C78.5'),
('109838007', 'C18.8'),
('66857006', 'R04.2'),
('241929008', 'T78.40XA'),
('232353008', 'J30.2'),
('446096008', 'J30.89'),
('367498001', 'J30.2'),
('300916003', 'Z91.040'),
('91934008', 'Z91.018'),
('417357006', 'Z91.010'),
('80394007', 'R73.9'),
('127013003', 'E11.21'),
('90560007', 'M10.9'),
('69896004', 'M06.9'),
('47505003', 'F43.10'),
('5602001', 'F11.10'),
('6525002', 'F19.20'),
('449868002', 'F17.210'),
('361055000', 'F19.10'),
('266948004', 'Z65.3'),
('105531004', 'Z59.10'),
('424393004', 'Z65.8'),
('266934004', 'Z59.82'),
('713458007', 'Z59.82'),
('283385000', 'S71.119A');

-- A diagnosis imported from another code system keeps that code. Two source
-- codes can map to the same ICD-10-CM code in one encounter, so the
-- one-code-per-encounter rule now includes the source code (nulls not
-- distinct: for diagnoses recorded here it is exactly the old rule).
alter table clinic.diagnosis
add column source_code_system text,
add column source_code text,
add constraint diagnosis_source_code_check check ((source_code_system is null) = (source_code is null)),
drop constraint diagnosis_encounter_code_key,
add constraint diagnosis_encounter_code_key unique nulls not distinct (
    encounter_id, icd10_code, source_code_system, source_code
);
comment on column clinic.diagnosis.source_code_system is
'code system of an imported diagnosis (e.g. http://snomed.info/sct); null when recorded in ICD-10-CM here';
comment on column clinic.diagnosis.source_code is 'the diagnosis code in source_code_system';
