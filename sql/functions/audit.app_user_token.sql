create or replace function audit.app_user_token(p_app_user text)
returns text
language sql
stable
set search_path = pg_catalog, pg_temp
as $$
    -- HMAC-style: sha256(key || sha256(key || message)), the message bound to
    -- this backend (pid and start time) so a token is worthless in any other session
    select encode(
        sha256(convert_to(k.signing_key || encode(sha256(convert_to(
            k.signing_key || E'\n' || pg_backend_pid()::text || E'\n'
            || coalesce((select a.backend_start::text from pg_stat_get_activity(pg_backend_pid()) as a), '')
            || E'\n' || p_app_user,
            'UTF8'
        )), 'hex'), 'UTF8')),
        'hex'
    )
      from audit.app_identity_key as k
$$;

revoke all on function audit.app_user_token(text) from public;

comment on function audit.app_user_token(text) is
'Internal to audit.set_application_user() and audit.current_actor(): the signature of an application user '
'for this session. Executable by hc_owner only; reads the secret audit.app_identity_key.';
