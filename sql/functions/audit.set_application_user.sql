-- requires: functions/audit.app_user_token.sql
create or replace function audit.set_application_user(p_app_user text)
returns void
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
    v_app_user text;
begin
    if not pg_has_role(session_user, 'hc_app', 'member') then
        raise exception 'only the clinic application may say which user it is acting for'
        using errcode = '42501',
        detail = format('Login %s is not a member of hc_app.', session_user),
        hint = 'Staff who log in with their own database user are identified by that login.';
    end if;
    if p_app_user is null or btrim(p_app_user) = '' then
        raise exception 'the application user name is missing'
        using errcode = '22023', hint = 'Pass the signed-in user''s name, e.g. their staff username.';
    end if;
    v_app_user := normalize(p_app_user, nfc);
    if v_app_user <> btrim(v_app_user) or char_length(v_app_user) > 200 then
        raise exception 'the application user name has surrounding spaces or is longer than 200 characters'
        using errcode = '22023', detail = format('Length %s.', char_length(v_app_user));
    end if;
    -- control characters, zero-width and bidirectional-override characters make
    -- an audit entry read differently from what it stores
    if v_app_user ~ '[[:cntrl:]\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]' then
        raise exception 'the application user name contains invisible or control characters'
        using errcode = '22023', hint = 'Use the plain user name as shown on screen.';
    end if;
    -- transaction-local (is_local = true): a pooled connection never carries a
    -- previous request's user into the next transaction
    perform set_config('hc_audit.app_user', v_app_user, true);
    perform set_config('hc_audit.app_user_token', audit.app_user_token(v_app_user), true);
end;
$$;

revoke all on function audit.set_application_user(text) from public;
grant execute on function audit.set_application_user(text) to hc_app;

comment on function audit.set_application_user(text) is
'For a connection-pooling application (a login in hc_app) only: names the end user it acts for, for the rest '
'of the current transaction (call it first in every transaction). 42501 for any other login; 22023 for an '
'empty name, surrounding spaces, more than 200 characters, or control/invisible characters.';
