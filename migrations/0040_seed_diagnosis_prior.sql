-- The generator's diagnosis model (dbtool seed): how often each common
-- billable ICD-10-CM code is the primary diagnosis of a visit, per age band
-- and sex. Weights are relative within a band (per 1,000 visits, roughly
-- after primary-care visit statistics); rows with sex null apply to both.
-- The generator draws 85 % of diagnoses from this table and 15 % uniformly
-- from the whole billable set (a long tail), so every chapter appears.
create table ref.diagnosis_prior (
    diagnosis_prior_id bigint generated always as identity primary key,
    icd10_code text not null references ref.icd10_code (code),
    age_from smallint not null,
    age_to smallint not null,
    sex text,
    weight numeric(8, 2) not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint diagnosis_prior_age_check check (age_from >= 0 and age_from <= age_to and age_to <= 130),
    constraint diagnosis_prior_sex_check check (sex in ('female', 'male')),
    constraint diagnosis_prior_weight_check check (weight > 0),
    constraint diagnosis_prior_key unique nulls not distinct (icd10_code, age_from, sex)
);
comment on table ref.diagnosis_prior is
'synthetic-data model: relative frequency of common primary diagnoses per age band and sex (used by dbtool seed)';
comment on column ref.diagnosis_prior.age_from is 'first age (in whole years) of the band';
comment on column ref.diagnosis_prior.age_to is 'last age (in whole years) of the band';
comment on column ref.diagnosis_prior.sex is 'female or male; null when the weight applies to both';
comment on column ref.diagnosis_prior.weight is 'relative weight within the band (roughly visits per 1,000)';

insert into ref.diagnosis_prior (icd10_code, age_from, age_to, sex, weight) values
-- children 0-17
('Z00.129', 0, 17, null, 180), ('Z23', 0, 17, null, 90), ('J06.9', 0, 17, null, 160),
('H66.90', 0, 17, null, 90), ('J02.9', 0, 17, null, 80), ('A09', 0, 17, null, 40),
('B34.9', 0, 17, null, 60), ('L20.9', 0, 17, null, 40), ('J45.909', 0, 17, null, 45),
('F90.9', 0, 17, 'male', 35), ('F90.9', 0, 17, 'female', 15), ('R05.9', 0, 17, null, 50),
('H10.9', 0, 17, null, 30), ('S93.401A', 0, 17, null, 20), ('J20.9', 0, 17, null, 30),
-- adults 18-44
('Z00.00', 18, 44, null, 110), ('J06.9', 18, 44, null, 90), ('F41.1', 18, 44, null, 60),
('F32.A', 18, 44, 'female', 55), ('F32.A', 18, 44, 'male', 30), ('M54.50', 18, 44, null, 60),
('Z34.90', 18, 44, 'female', 70), ('O80', 18, 44, 'female', 20), ('Z30.09', 18, 44, 'female', 40),
('N39.0', 18, 44, 'female', 45), ('J02.9', 18, 44, null, 35), ('K21.9', 18, 44, null, 30),
('E66.9', 18, 44, null, 30), ('L70.0', 18, 44, null, 20), ('G43.909', 18, 44, 'female', 35),
('G43.909', 18, 44, 'male', 12), ('F17.210', 18, 44, null, 25), ('I10', 18, 44, null, 30),
('S93.401A', 18, 44, null, 20), ('J30.9', 18, 44, null, 30), ('R10.9', 18, 44, null, 30),
-- adults 45-64
('I10', 45, 64, null, 150), ('E11.9', 45, 64, null, 80), ('E78.5', 45, 64, null, 90),
('Z00.00', 45, 64, null, 80), ('M54.50', 45, 64, null, 60), ('K21.9', 45, 64, null, 40),
('E66.9', 45, 64, null, 40), ('F41.1', 45, 64, null, 35), ('F32.A', 45, 64, null, 30),
('E03.9', 45, 64, 'female', 40), ('E03.9', 45, 64, 'male', 10), ('Z12.31', 45, 64, 'female', 45),
('Z12.11', 45, 64, null, 30), ('M17.11', 45, 64, null, 25), ('G47.00', 45, 64, null, 20),
('N95.1', 45, 64, 'female', 30), ('N40.0', 45, 64, 'male', 25), ('E11.65', 45, 64, null, 25),
('I25.10', 45, 64, 'male', 25), ('I25.10', 45, 64, 'female', 10), ('J44.9', 45, 64, null, 15),
('C50.911', 45, 64, 'female', 8), ('E55.9', 45, 64, null, 20), ('R53.83', 45, 64, null, 20),
-- adults 65 and over
('I10', 65, 120, null, 170), ('E78.5', 65, 120, null, 90), ('E11.9', 65, 120, null, 80),
('I25.10', 65, 120, null, 50), ('I48.91', 65, 120, null, 45), ('N18.30', 65, 120, null, 40),
('M17.0', 65, 120, null, 40), ('J44.9', 65, 120, null, 40), ('I50.9', 65, 120, null, 35),
('Z00.01', 65, 120, null, 60), ('N40.0', 65, 120, 'male', 40), ('M81.0', 65, 120, 'female', 35),
('E11.65', 65, 120, null, 30), ('F03.90', 65, 120, null, 20), ('G30.9', 65, 120, null, 10),
('C61', 65, 120, 'male', 15), ('D64.9', 65, 120, null, 25), ('J18.9', 65, 120, null, 20),
('R42', 65, 120, null, 20), ('I63.9', 65, 120, null, 8), ('S72.001A', 65, 120, null, 6),
('R32', 65, 120, 'female', 15), ('E87.1', 65, 120, null, 10), ('Z23', 65, 120, null, 40);
