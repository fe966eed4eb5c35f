-- requires: warehouse/dw.drop_constraint.sql
-- requires: warehouse/dw.age_band.sql
create or replace procedure dw.load_dimensions(full_load boolean)
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
-- Loads the dimensions from pg_temp.changed (the consumed change log) or, when
-- full, from every source row. Type 1 dimensions are upserted; dim_patient and
-- dim_doctor are type 2: a changed tracked attribute closes the current version
-- (valid_to = the OLTP change time) and opens a new one. Patients and doctors
-- that got a new version are listed in pg_temp.rekey_patient / rekey_doctor so
-- their facts are re-keyed. Reference dimensions (ICD-10, ATC) load on full runs.
declare
    n_inserted bigint;
    n_updated bigint;
    n_closed bigint;
    restore_block_key text;
begin
    create temp table rekey_patient (patient_id bigint primary key) on commit drop;
    create temp table rekey_doctor (staff_id bigint primary key) on commit drop;

    if full_load then
        insert into dw.dim_diagnosis_chapter (chapter_no, code_range, chapter_title)
        select c.chapter_no, c.code_range, c.title from ref.icd10_chapter as c
        on conflict (chapter_no) do update set code_range = excluded.code_range, chapter_title = excluded.chapter_title;
        insert into dw.dim_diagnosis_block (block_code, chapter_no, block_title)
        select b.block_code, b.chapter_no, b.title from ref.icd10_block as b
        on conflict (block_code) do update set chapter_no = excluded.chapter_no, block_title = excluded.block_title;
        if not exists (select from dw.dim_diagnosis) then
            -- first load, every code (~98,000): a plain insert in code order (the primary key index fills from
            -- the right), the block of each checked by one anti-join when the foreign key is re-added instead of
            -- one lookup per code; analyzed for the fact loads that join to it in this same transaction
            restore_block_key := dw.drop_constraint('dw.dim_diagnosis', 'dim_diagnosis_block_code_fkey');
            insert into dw.dim_diagnosis (icd10_code, code_description, category_code, block_code, is_billable)
            select c.code, c.description, c.category_code, c.block_code, c.is_billable
            from ref.icd10_code as c
            order by c.code;
            execute restore_block_key;
            analyze dw.dim_diagnosis;
        else
            -- later rebuilds: one join of the code set with the dimension updates the changed codes and inserts
            -- the new ones (a code gone from ref stays: old facts may use it). MERGE plans its join once, so
            -- the rows it inserts are never rescanned (an anti-join inside an INSERT was: a 151 s first load)
            merge into dw.dim_diagnosis as d
            using ref.icd10_code as c on d.icd10_code = c.code
            when matched and (d.code_description, d.category_code, d.block_code, d.is_billable)
                is distinct from (c.description, c.category_code, c.block_code, c.is_billable) then
                update set
                    code_description = c.description, category_code = c.category_code, block_code = c.block_code,
                    is_billable = c.is_billable
            when not matched then
                insert (icd10_code, code_description, category_code, block_code, is_billable)
                values (c.code, c.description, c.category_code, c.block_code, c.is_billable);
        end if;
        insert into dw.dim_medication_class (atc_code, atc_level, class_name, parent_code, anatomical_group)
        select a.atc_code, a.atc_level, a.class_name, a.parent_code, left(a.atc_code, 1) from ref.atc_class as a
        on conflict (atc_code) do update set class_name = excluded.class_name;
    end if;

    -- departments, specialties, stock locations, treatments, medications: type 1
    insert into dw.dim_department (department_key, department_name, time_zone, is_active)
    select d.department_id, d.department_name, d.time_zone, d.is_active from clinic.department as d
    where full_load or d.department_id in (select c.id from pg_temp.changed as c where c.source_table = 'clinic.department')
    on conflict (department_key) do update set
        department_name = excluded.department_name, time_zone = excluded.time_zone, is_active = excluded.is_active
    where (dim_department.department_name, dim_department.time_zone, dim_department.is_active)
        is distinct from (excluded.department_name, excluded.time_zone, excluded.is_active);
    get diagnostics n_inserted = row_count;
    insert into pg_temp.etl_stats values ('dw.dim_department', n_inserted, 0, 0, 0);

    create temp table src_doctor on commit drop as
    select s.staff_id, s.department_id, coalesce(s.specialty, 'none') as specialty_name, s.staff_role, s.is_active,
        s.updated_at
    from clinic.staff as s
    where full_load or s.staff_id in (select c.id from pg_temp.changed as c where c.source_table = 'clinic.staff');

    insert into dw.dim_specialty (specialty_name)
    select distinct d.specialty_name from pg_temp.src_doctor as d
    on conflict (specialty_name) do nothing;

    with scope as (
        select d.doctor_key, s.staff_id as source_staff_id, s.updated_at
        from dw.dim_doctor as d
        left join pg_temp.src_doctor as s on s.staff_id = d.doctor_durable_key
        left join dw.dim_specialty as sp on sp.specialty_name = s.specialty_name
        where d.is_current
          and (full_load or d.doctor_durable_key in (
              select c.id from pg_temp.changed as c where c.source_table = 'clinic.staff'))
          and (s.staff_id is null
               or (d.department_key, d.specialty_key, d.staff_role, d.is_active)
                  is distinct from (s.department_id, sp.specialty_key, s.staff_role, s.is_active))
    ),
    closed as (
        update dw.dim_doctor as d set
            valid_to = greatest(coalesce(scope.updated_at, now()), d.valid_from + interval '1 microsecond'),
            is_current = false
        from scope where d.doctor_key = scope.doctor_key
        returning d.doctor_durable_key
    )
    insert into pg_temp.rekey_doctor select closed.doctor_durable_key from closed;
    get diagnostics n_closed = row_count;

    insert into dw.dim_doctor (
        doctor_durable_key, department_key, specialty_key, staff_role, is_active, valid_from
    )
    select s.staff_id, s.department_id, sp.specialty_key, s.staff_role, s.is_active,
        coalesce(prev.valid_to, '-infinity')
    from pg_temp.src_doctor as s
    inner join dw.dim_specialty as sp on sp.specialty_name = s.specialty_name
    left join lateral (
        select max(d.valid_to) as valid_to from dw.dim_doctor as d where d.doctor_durable_key = s.staff_id
    ) as prev on true
    where not exists (select from dw.dim_doctor as d where d.doctor_durable_key = s.staff_id and d.is_current);
    get diagnostics n_inserted = row_count;
    insert into pg_temp.etl_stats values ('dw.dim_doctor', n_inserted, 0, 0, n_closed);

    delete from dw.doctor_working_hours as h
    where full_load or h.doctor_durable_key in (
        select c.id from pg_temp.changed as c where c.source_table = 'clinic.working_day');
    get diagnostics n_closed = row_count;
    insert into dw.doctor_working_hours (doctor_durable_key, iso_weekday, available_minutes)
    select w.staff_id, w.iso_weekday, (extract(epoch from w.end_time - w.start_time) / 60)::integer
    from clinic.working_day as w
    where full_load or w.staff_id in (select c.id from pg_temp.changed as c where c.source_table = 'clinic.working_day');
    get diagnostics n_inserted = row_count;
    insert into pg_temp.etl_stats values ('dw.doctor_working_hours', n_inserted, 0, n_closed, 0);

    -- patients: only when a patient or a payer changed (or full). Their source rows are found by two OR-ed
    -- lists, which no index serves: without this test a refresh read all of clinic.patient and the current
    -- dim_patient rows to find nothing (~20 ms at 100,000 patients, in every refresh with any change)
    if full_load or exists (
        select from pg_temp.changed as c where c.source_table in ('clinic.patient', 'billing.payer')
    ) then
        create temp table src_patient on commit drop as
        select p.patient_id, p.sex,
            case when a.years >= 90 then null else extract(year from p.date_of_birth) end::smallint as birth_year,
            dw.age_band(a.years) as age_band,
            upper(coalesce(nullif(btrim(p.country), ''), '??')) || '-'
            || upper(coalesce(left(nullif(btrim(p.postal_code), ''), 3), '???')) as region,
            py.payer_type, p.updated_at
        from clinic.patient as p
        inner join billing.payer as py on py.payer_id = p.payer_id
        cross join lateral (select extract(year from age(current_date, p.date_of_birth))::integer as years) as a
        where full_load
           or p.patient_id in (select c.id from pg_temp.changed as c where c.source_table = 'clinic.patient')
           or p.payer_id in (select c.id from pg_temp.changed as c where c.source_table = 'billing.payer');

        with scope as (
            select d.patient_key, s.patient_id as source_patient_id, s.updated_at
            from dw.dim_patient as d
            left join pg_temp.src_patient as s on s.patient_id = d.patient_id
            where d.is_current
              and (full_load
                   or d.patient_id in (select c.id from pg_temp.changed as c where c.source_table = 'clinic.patient')
                   or s.patient_id is not null)
              and (s.patient_id is null
                   or (d.sex, d.birth_year, d.region, d.payer_type)
                      is distinct from (s.sex, s.birth_year, s.region, s.payer_type))
        ),
        closed as (
            update dw.dim_patient as d set
                valid_to = greatest(coalesce(scope.updated_at, now()), d.valid_from + interval '1 microsecond'),
                is_current = false
            from scope where d.patient_key = scope.patient_key
            returning d.patient_id
        )
        insert into pg_temp.rekey_patient select closed.patient_id from closed;
        get diagnostics n_closed = row_count;

        -- the versions to open and their predecessors are listed before the insert: looked up inside the INSERT,
        -- a never-loaded dim_patient (no statistics: a seq scan per patient) was rescanned with every row the
        -- INSERT had added so far (20,000 patients: 19 s)
        create temp table new_patient_version on commit drop as
        select s.patient_id, prev.patient_durable_key, prev.valid_to
        from pg_temp.src_patient as s
        left join lateral (
            select d.patient_durable_key, d.valid_to from dw.dim_patient as d
            where d.patient_id = s.patient_id order by d.valid_to desc limit 1
        ) as prev on true
        where not exists (select from dw.dim_patient as d where d.patient_id = s.patient_id and d.is_current);
        insert into dw.dim_patient (
            patient_id, patient_durable_key, sex, birth_year, age_band, region, payer_type, valid_from
        )
        select s.patient_id, coalesce(n.patient_durable_key, nextval('dw.patient_durable_key_seq')),
            s.sex, s.birth_year, s.age_band, s.region, s.payer_type, coalesce(n.valid_to, '-infinity')
        from pg_temp.new_patient_version as n
        inner join pg_temp.src_patient as s on s.patient_id = n.patient_id
        order by s.patient_id;
        get diagnostics n_inserted = row_count;
        insert into pg_temp.etl_stats values ('dw.dim_patient', n_inserted, 0, 0, n_closed);
    end if;
    if full_load then
        -- every fact joins dim_patient and dim_doctor by range: fresh statistics give hash joins
        analyze dw.dim_patient, dw.dim_doctor;
    end if;

    insert into dw.dim_stock_location (stock_location_key, location_code, location_name, location_type)
    select l.stock_location_id, l.location_code, l.location_name, l.location_type from pharmacy.stock_location as l
    where full_load or l.stock_location_id in (
        select c.id from pg_temp.changed as c where c.source_table = 'pharmacy.stock_location')
    on conflict (stock_location_key) do update set
        location_code = excluded.location_code, location_name = excluded.location_name,
        location_type = excluded.location_type;

    create temp table src_treatment on commit drop as
    select t.treatment_id, t.treatment_code, t.treatment_name, t.default_price, t.is_active,
        coalesce(nullif(substring(upper(t.treatment_code) from '^[A-Z]+'), ''), 'OTHER') as category_code
    from clinic.treatment as t
    where full_load or t.treatment_id in (select c.id from pg_temp.changed as c where c.source_table = 'clinic.treatment');
    insert into dw.dim_treatment_category (treatment_category_code)
    select distinct t.category_code from pg_temp.src_treatment as t
    on conflict (treatment_category_code) do nothing;
    insert into dw.dim_treatment (
        treatment_key, treatment_code, treatment_name, default_price, treatment_category_code, is_active
    )
    select t.treatment_id, t.treatment_code, t.treatment_name, t.default_price, t.category_code, t.is_active
    from pg_temp.src_treatment as t
    on conflict (treatment_key) do update set
        treatment_code = excluded.treatment_code, treatment_name = excluded.treatment_name,
        default_price = excluded.default_price, treatment_category_code = excluded.treatment_category_code,
        is_active = excluded.is_active;

    insert into dw.dim_medication (medication_key, generic_name, dosage_form, strength, strength_unit, atc_code, is_active)
    select m.medication_id, m.generic_name, m.dosage_form, m.strength, m.strength_unit, m.atc_code, m.is_active
    from pharmacy.medication as m
    where full_load or m.medication_id in (
        select c.id from pg_temp.changed as c where c.source_table = 'pharmacy.medication')
    on conflict (medication_key) do update set
        generic_name = excluded.generic_name, dosage_form = excluded.dosage_form, strength = excluded.strength,
        strength_unit = excluded.strength_unit, atc_code = excluded.atc_code, is_active = excluded.is_active;
end;
$$;

comment on procedure dw.load_dimensions (boolean) is
'ETL step: loads every dimension from the consumed changes (or everything when full_load); type 2 for dim_patient '
'and dim_doctor; part of dw.refresh() / dw.rebuild(), not meant to be called alone';
