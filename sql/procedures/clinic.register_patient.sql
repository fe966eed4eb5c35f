-- requires: functions/clinic.assert_patient_fields.sql, functions/clinic.self_pay_payer_id.sql
create or replace procedure clinic.register_patient(
    p_first_name text,
    p_last_name text,
    p_date_of_birth date,
    p_sex text,
    p_phone text default null,
    p_email text default null,
    p_address_line text default null,
    p_city text default null,
    p_postal_code text default null,
    p_country text default null,
    p_payer_id bigint default null,
    p_policy_number text default null,
    p_emergency_contact_name text default null,
    p_emergency_contact_phone text default null,
    p_mrn text default null,
    inout p_patient_id bigint default null
)
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
    v_payer_id bigint := coalesce(p_payer_id, clinic.self_pay_payer_id());
begin
    perform clinic.assert_patient_fields(p_first_name, p_last_name, p_date_of_birth, p_sex, v_payer_id,
                                         p_policy_number);
    if p_email is not null and p_email !~ '^[^@\s]+@[^@\s]+$' then
        raise exception 'the e-mail address "%" is not valid', p_email
            using errcode = '22023', hint = 'Write it as name@example.org, or leave it empty.';
    end if;
    if p_mrn is not null and exists (select 1 from clinic.patient p where p.mrn = btrim(p_mrn)) then
        raise exception 'medical record number % is already in use', btrim(p_mrn)
            using errcode = '23505', constraint = 'patient_mrn_key',
                  hint = 'Search for the existing patient, or leave the MRN empty to generate one.';
    end if;
    insert into clinic.patient (
        mrn, first_name, last_name, date_of_birth, sex, phone, email, address_line, city, postal_code, country,
        payer_id, policy_number, emergency_contact_name, emergency_contact_phone
    )
    values (
        coalesce(btrim(p_mrn), 'MRN' || lpad(nextval('clinic.patient_mrn_seq')::text, 8, '0')),
        btrim(p_first_name), btrim(p_last_name), p_date_of_birth, p_sex, p_phone, p_email, p_address_line, p_city,
        p_postal_code, p_country, v_payer_id, nullif(btrim(p_policy_number), ''), p_emergency_contact_name,
        p_emergency_contact_phone
    )
    returning patient_id into p_patient_id;
end;
$$;

comment on procedure clinic.register_patient (
    text, text, date, text, text, text, text, text, text, text, bigint, text, text, text, text, bigint
) is
'Registers a patient and returns the new id (the MRN is generated unless given; no payer means self-pay). '
'Refuses: missing names, impossible date of birth, unknown sex, bad e-mail (22023), unknown payer (P0002), '
'inactive payer (ZC013), insurer without policy number (ZC012), MRN in use (23505).';

revoke all on procedure clinic.register_patient from public;
grant execute on procedure clinic.register_patient to hc_receptionist, hc_app;
