-- requires: functions/clinic.assert_patient_fields.sql
create or replace procedure clinic.update_patient(
    p_patient_id bigint,
    p_first_name text default null,
    p_last_name text default null,
    p_date_of_birth date default null,
    p_sex text default null,
    p_phone text default null,
    p_email text default null,
    p_address_line text default null,
    p_city text default null,
    p_postal_code text default null,
    p_country text default null,
    p_payer_id bigint default null,
    p_policy_number text default null,
    p_emergency_contact_name text default null,
    p_emergency_contact_phone text default null
)
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
    v_old clinic.patient;
begin
    select * into v_old from clinic.patient p where p.patient_id = p_patient_id for update;
    if not found then
        raise exception 'patient % does not exist', p_patient_id
            using errcode = 'P0002', hint = 'Check the patient number.';
    end if;
    -- an argument left empty (null) keeps the current value
    perform clinic.assert_patient_fields(
        coalesce(p_first_name, v_old.first_name), coalesce(p_last_name, v_old.last_name),
        coalesce(p_date_of_birth, v_old.date_of_birth), coalesce(p_sex, v_old.sex),
        coalesce(p_payer_id, v_old.payer_id),
        case when p_payer_id is null or p_policy_number is not null
             then coalesce(p_policy_number, v_old.policy_number) end
    );
    if p_email is not null and p_email !~ '^[^@\s]+@[^@\s]+$' then
        raise exception 'the e-mail address "%" is not valid', p_email
            using errcode = '22023', hint = 'Write it as name@example.org.';
    end if;
    update clinic.patient
       set first_name = coalesce(btrim(p_first_name), first_name),
           last_name = coalesce(btrim(p_last_name), last_name),
           date_of_birth = coalesce(p_date_of_birth, date_of_birth),
           sex = coalesce(p_sex, sex),
           phone = coalesce(p_phone, phone),
           email = coalesce(p_email, email),
           address_line = coalesce(p_address_line, address_line),
           city = coalesce(p_city, city),
           postal_code = coalesce(p_postal_code, postal_code),
           country = coalesce(p_country, country),
           payer_id = coalesce(p_payer_id, payer_id),
           -- a new payer comes with its own policy number (or none, for self-pay)
           policy_number = case when p_payer_id is null then coalesce(p_policy_number, policy_number)
                                else nullif(btrim(p_policy_number), '') end,
           emergency_contact_name = coalesce(p_emergency_contact_name, emergency_contact_name),
           emergency_contact_phone = coalesce(p_emergency_contact_phone, emergency_contact_phone)
     where patient_id = p_patient_id;
end;
$$;

comment on procedure clinic.update_patient (
    bigint, text, text, date, text, text, text, text, text, text, text, bigint, text, text, text
) is
'Updates a patient''s details; arguments left null keep their current value (a new payer takes the policy number '
'given with it). Refuses what register_patient refuses, and an unknown patient (P0002).';

revoke all on procedure clinic.update_patient from public;
grant execute on procedure clinic.update_patient to hc_receptionist, hc_app;
