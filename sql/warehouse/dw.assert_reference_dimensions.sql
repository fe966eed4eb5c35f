create or replace procedure dw.assert_reference_dimensions()
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
-- A refresh loads the ICD-10 and ATC dimensions only on rebuild. A changed
-- medication that points at an ATC class the warehouse does not have
-- (reference data loaded since the last rebuild) would otherwise break
-- dim_medication: refuse with ZW002. The ICD-10 codes of changed diagnoses are
-- checked by dw.assert_diagnosis_codes, only when one did not reach the stage.
declare
    missing text;
begin
    select m.atc_code into missing
    from pharmacy.medication as m
    where m.medication_id in (select c.id from pg_temp.changed as c where c.source_table = 'pharmacy.medication')
      and m.atc_code is not null
      and not exists (select from dw.dim_medication_class as a where a.atc_code = m.atc_code)
    limit 1;
    if missing is not null then
        raise exception 'the warehouse has no ATC class % in dw.dim_medication_class', missing
        using errcode = 'ZW002',
        detail = 'A medication uses an ATC code added to ref.atc_class after the last warehouse rebuild.',
        hint = 'Reference dimensions load on rebuild only: run CALL dw.rebuild().';
    end if;
end;
$$;

comment on procedure dw.assert_reference_dimensions () is
'ETL step of a refresh: refuses (ZW002) when a changed medication refers to an ATC class the warehouse''s reference '
'dimensions lack (they load on rebuild only)';
