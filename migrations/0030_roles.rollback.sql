-- Undo 0030 in THIS database only. The hc_ roles (and hc_dba's membership in
-- hc_owner) are cluster-wide and other databases on the server may use them,
-- so they are left in place; drop them by hand once no database uses them
-- (REASSIGN OWNED BY hc_owner ... in each database first).
revoke select on all tables in schema ref from hc_clinician, hc_billing_clerk, hc_pharmacist, hc_app;
revoke usage on schema ref from hc_clinician, hc_billing_clerk, hc_pharmacist, hc_app;
revoke usage on schema reporting from hc_analyst, hc_bi_reader;
revoke usage on schema dw from hc_analyst;
revoke usage on schema audit from hc_dba, hc_receptionist, hc_clinician, hc_billing_clerk, hc_pharmacist, hc_app;

alter default privileges for role hc_owner grant execute on routines to public;
alter default privileges grant execute on routines to public;
grant execute on all routines in schema util, ref, clinic, billing, pharmacy, audit, dw, reporting to public;
grant usage on schema public to public;
do $$
begin
    execute format(
        'revoke connect on database %I from hc_dba, hc_receptionist, hc_clinician, hc_billing_clerk, '
        'hc_pharmacist, hc_analyst, hc_bi_reader, hc_app',
        current_database()
    );
    execute format('grant connect, temporary on database %I to public', current_database());
end;
$$;
