-- A diagnosis carries a billable (most specific) ICD-10-CM code. The foreign
-- key refuses unknown codes too; checking here first gives the clinic a
-- clear message and a project SQLSTATE instead of a bare 23503.
create or replace function clinic.check_diagnosis_code()
returns trigger
language plpgsql
as $$
declare
    v_billable boolean;
    v_examples text;
begin
    select c.is_billable into v_billable from ref.icd10_code c where c.code = new.icd10_code;
    if not found then
        raise exception 'ICD-10-CM code "%" does not exist', new.icd10_code
            using errcode = 'ZC006',
                  detail = 'Diagnoses are coded with the ICD-10-CM reference set (ref.icd10_code); free text is not accepted.',
                  hint = 'Check the code for typos, e.g. E11.65; search ref.icd10_code by description.';
    end if;
    if not v_billable then
        select string_agg(c.code, ', ' order by c.code)
          into v_examples
          from (select c.code
                  from ref.icd10_code c
                 where c.code like new.icd10_code || '%' and c.is_billable
                 order by c.code
                 limit 5) as c;
        raise exception 'ICD-10-CM code "%" is a heading, not a billable code', new.icd10_code
            using errcode = 'ZC005',
                  detail = 'A diagnosis needs the most specific code of its branch.',
                  hint = format('Use one of its more specific codes, e.g. %s.', v_examples);
    end if;
    return new;
end;
$$;

comment on function clinic.check_diagnosis_code() is
'Trigger function: refuses unknown (ZC006) and non-billable (ZC005) ICD-10-CM codes on a diagnosis.';

create or replace trigger diagnosis_billable_code
before insert or update of icd10_code on clinic.diagnosis
for each row execute function clinic.check_diagnosis_code();
