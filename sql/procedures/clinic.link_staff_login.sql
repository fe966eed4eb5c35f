create or replace procedure clinic.link_staff_login(
    p_staff_id bigint,
    p_login_name text,
    p_login_kind text default 'database'
)
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
-- Links an existing database login (login_kind 'database') or an end user
-- name of the pooling application ('application') to a staff member. Only a
-- dba (or a superuser) may do it: the link decides whose records a login sees.
begin
    if not (select r.rolsuper from pg_catalog.pg_roles as r where r.rolname = session_user)
       and not pg_catalog.pg_has_role(session_user, 'hc_dba', 'member') then
        raise exception 'only a database administrator may link logins to staff members'
        using errcode = '42501';
    end if;
    if p_login_kind is null or p_login_kind not in ('database', 'application') then
        raise exception 'login kind must be database or application, not %', coalesce(p_login_kind, 'null')
        using errcode = '22023';
    end if;
    if p_login_name is null or p_login_name <> btrim(p_login_name) or length(p_login_name) not between 1 and 200
       or p_login_name ~ '[[:cntrl:]\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]' then
        raise exception 'a login name must be 1 to 200 visible characters without surrounding spaces'
        using errcode = '22023', hint = 'Use the exact login (or application user) name.';
    end if;
    if not exists (select 1 from clinic.staff as s where s.staff_id = p_staff_id and s.is_active) then
        raise exception 'staff member % does not exist or is not active', p_staff_id
        using errcode = 'P0002', hint = 'Check the staff number.';
    end if;
    if p_login_kind = 'database' then
        if not exists (select 1 from pg_catalog.pg_roles as r where r.rolname = p_login_name and r.rolcanlogin) then
            raise exception 'there is no login user named %', p_login_name
            using errcode = 'P0002', hint = 'Create it first (clinic.create_staff_login does both).';
        end if;
        if p_login_name like 'hc\_%' or p_login_name like 'pg\_%'
           or pg_catalog.pg_has_role(p_login_name, 'hc_dba', 'member')
           or (select r.rolsuper from pg_catalog.pg_roles as r where r.rolname = p_login_name) then
            raise exception 'login % is an administrator or a group role, not a staff member''s login', p_login_name
            using errcode = 'ZS004', hint = 'Link a login that is a member of one application role.';
        end if;
    end if;
    insert into clinic.staff_login (staff_id, login_kind, login_name)
    values (p_staff_id, p_login_kind, p_login_name);
exception
    when unique_violation then
        raise exception 'staff member % already has a % login, or % is linked to somebody else',
            p_staff_id, p_login_kind, p_login_name
        using errcode = '23505', hint = 'One login per person: unlink the old one first.';
end;
$$;

revoke all on procedure clinic.link_staff_login(bigint, text, text) from public;
grant execute on procedure clinic.link_staff_login(bigint, text, text) to hc_dba;

comment on procedure clinic.link_staff_login (bigint, text, text) is
'Links a login user (login_kind database) or an application user name (application) to an active staff '
'member, so row-level security and the procedures know who acts. hc_dba only (42501). Refuses: bad name or kind '
'22023, unknown staff or login P0002, an administrator or group role ZS004, a second link 23505.';
