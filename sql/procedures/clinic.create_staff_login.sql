-- requires: procedures/clinic.link_staff_login.sql
create or replace procedure clinic.create_staff_login(
    p_staff_id bigint,
    p_login_name text,
    p_role text,
    p_password text default null,
    p_valid_until timestamptz default null
)
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
-- Creates a login user in exactly one application role and links it to the
-- staff member, in one step. Runs as hc_owner, which holds CREATEROLE and
-- ADMIN on the application roles only (0032): dba and superuser logins are
-- not made here. Identifiers and literals are quoted with format %I / %L.
declare
    v_roles constant text[] := array[
        'hc_receptionist', 'hc_clinician', 'hc_billing_clerk', 'hc_pharmacist', 'hc_analyst', 'hc_bi_reader'
    ];
begin
    if not (select r.rolsuper from pg_catalog.pg_roles as r where r.rolname = session_user)
       and not pg_catalog.pg_has_role(session_user, 'hc_dba', 'member') then
        raise exception 'only a database administrator may create logins'
        using errcode = '42501';
    end if;
    if p_role is null or not p_role = any(v_roles) then
        raise exception 'role % is not an application role', coalesce(p_role, 'null')
        using errcode = '22023', detail = 'One of: ' || array_to_string(v_roles, ', ') || '.',
        hint = 'A login for the pooling application (hc_app) is not a person: create it by hand.';
    end if;
    if p_login_name is null or p_login_name !~ '^[a-z][a-z0-9._-]{1,62}$'
       or p_login_name like 'hc\_%' or p_login_name like 'pg\_%' then
        raise exception 'login name % is not allowed', coalesce(p_login_name, 'null')
        using errcode = '22023',
        hint = '2 to 63 characters: lower-case letters, digits, dot, dash, underscore; a letter first; '
        'not starting with hc_ or pg_. For example alice.moreau.';
    end if;
    if p_password is not null and length(p_password) < 16 then
        raise exception 'a password must have at least 16 characters'
        using errcode = '22023', hint = 'Generate one; or pass null for certificate or SSO authentication.';
    end if;
    if exists (select 1 from pg_catalog.pg_roles as r where r.rolname = p_login_name) then
        raise exception 'a role named % exists already', p_login_name
        using errcode = '42710', hint = 'Link an existing login with clinic.link_staff_login.';
    end if;
    if not exists (select 1 from clinic.staff as s where s.staff_id = p_staff_id and s.is_active) then
        raise exception 'staff member % does not exist or is not active', p_staff_id
        using errcode = 'P0002', hint = 'Check the staff number.';
    end if;
    execute format(
        'create role %I login password %L valid until %L in role %I',
        p_login_name, p_password, coalesce(p_valid_until, 'infinity'), p_role
    );
    call clinic.link_staff_login(p_staff_id, p_login_name, 'database');
end;
$$;

revoke all on procedure clinic.create_staff_login(bigint, text, text, text, timestamptz) from public;
grant execute on procedure clinic.create_staff_login(bigint, text, text, text, timestamptz) to hc_dba;

comment on procedure clinic.create_staff_login (bigint, text, text, text, timestamptz) is
'Creates a login user in one application role (hc_receptionist, hc_clinician, hc_billing_clerk, hc_pharmacist, '
'hc_analyst, hc_bi_reader) and links it to the staff member. hc_dba only (42501). Refuses: bad role, name or '
'short password 22023, existing role 42710, unknown staff P0002, a second login for the staff member 23505.';
