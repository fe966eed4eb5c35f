create or replace function clinic.assert_patient_fields(
    p_first_name text,
    p_last_name text,
    p_date_of_birth date,
    p_sex text,
    p_payer_id bigint,
    p_policy_number text
)
returns void
language plpgsql
stable
set search_path = pg_catalog, pg_temp
as $$
declare
    v_payer record;
begin
    if nullif(btrim(p_first_name), '') is null or nullif(btrim(p_last_name), '') is null then
        raise exception 'the patient''s first and last names are required'
            using errcode = '22023', hint = 'Give both names as on the patient''s identity document.';
    end if;
    if p_date_of_birth is null or p_date_of_birth > current_date or p_date_of_birth < date '1880-01-01' then
        raise exception 'the date of birth % is not possible', p_date_of_birth
            using errcode = '22023', hint = 'Give a date of birth between 1880 and today.';
    end if;
    if p_sex is null or p_sex not in ('female', 'male', 'other', 'unknown') then
        raise exception 'unknown sex "%"', p_sex
            using errcode = '22023', hint = 'Use female, male, other or unknown.';
    end if;
    select p.payer_name, p.payer_type, p.is_active into v_payer from billing.payer p where p.payer_id = p_payer_id;
    if not found then
        raise exception 'payer % does not exist', p_payer_id
            using errcode = 'P0002', hint = 'Check the payer number in billing.payer (leave it empty for self-pay).';
    end if;
    if not v_payer.is_active then
        raise exception 'payer "%" is no longer accepted', v_payer.payer_name
            using errcode = 'ZC013', hint = 'Choose an active payer or self-pay.';
    end if;
    if v_payer.payer_type <> 'self-pay' and nullif(btrim(p_policy_number), '') is null then
        raise exception 'a policy number is required for payer "%"', v_payer.payer_name
            using errcode = 'ZC012', hint = 'Give the patient''s policy or member number with the payer.';
    end if;
end;
$$;

comment on function clinic.assert_patient_fields(text, text, date, text, bigint, text) is
'Validates a patient''s names, date of birth, sex (22023) and payer: unknown (P0002), inactive (ZC013), '
'policy number missing for an insurer (ZC012).';
