-- requires: functions/audit.app_user_token.sql
create or replace function audit.current_actor()
returns table (db_role text, app_user text)
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
    v_app_user text := nullif(current_setting('hc_audit.app_user', true), '');
    v_token text := current_setting('hc_audit.app_user_token', true);
begin
    -- session_user, not current_user: inside a SECURITY DEFINER routine (the
    -- audit trigger, every write procedure) current_user is the definer,
    -- hc_owner; session_user is the authenticated login and only a superuser
    -- can change it (SET SESSION AUTHORIZATION)
    db_role := session_user::text;
    -- anybody can SET hc_audit.app_user; only audit.set_application_user()
    -- can produce the matching token, so a forged value is ignored
    app_user := case
        when v_app_user is not null and v_token = audit.app_user_token(v_app_user) then v_app_user
    end;
    return next;
end;
$$;

revoke all on function audit.current_actor() from public;
grant execute on function audit.current_actor() to
hc_dba, hc_receptionist, hc_clinician, hc_billing_clerk, hc_pharmacist, hc_app;

comment on function audit.current_actor() is
'Who is acting: db_role = the database login (session_user); app_user = the end user a pooling application '
'named with audit.set_application_user() in this transaction, or null. A plain SET of any setting cannot '
'change either. Procedures and RLS policies use it to authorize; the audit trigger records it.';
