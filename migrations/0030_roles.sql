-- The security spine's roles and the database-wide privileges (issue 7).
--
-- Roles are cluster-wide: every database on this server (the test harness's
-- clones, other deployments) shares them. So roles are created only when
-- missing (and a concurrent deploy creating the same role is tolerated), and
-- the rollback revokes this database's grants but never drops a role.
-- All of them are NOLOGIN group roles: people and applications log in as
-- their own users, made members of these roles (docs/security.md).
do $$
declare
    r record;
begin
    for r in
        select v.role_name, v.purpose
          from (values
              ('hc_owner', 'owns every object of the healthcare database; nobody logs in as it'),
              ('hc_dba', 'deploys with dbtool; may SET ROLE hc_owner (not inherited), runs audit maintenance'),
              ('hc_receptionist', 'registers patients and schedules appointments, through procedures only'),
              ('hc_clinician', 'reads and writes the clinical records of their own patients, through procedures'),
              ('hc_billing_clerk', 'invoices, claims and payments, through procedures only'),
              ('hc_pharmacist', 'pharmacy stock and dispensing, through procedures only'),
              ('hc_analyst', 'reads the de-identified warehouse (dw) and the reporting views only'),
              ('hc_bi_reader', 'BI tools: reads the reporting views only'),
              ('hc_app', 'a connection-pooling application: may name its end user via audit.set_application_user')
          ) as v (role_name, purpose)
    loop
        if not exists (select from pg_catalog.pg_roles where rolname = r.role_name) then
            begin
                execute format('create role %I nologin', r.role_name);
            exception when duplicate_object or unique_violation then
                null;  -- another database's deploy created it a moment ago
            end;
        end if;
        -- a group role never logs in, even if somebody altered it by hand
        execute format('alter role %I nologin', r.role_name);
        execute format('comment on role %I is %L', r.role_name, 'healthcare database: ' || r.purpose);
    end loop;
end;
$$;

-- A dba may become the owner explicitly (SET ROLE hc_owner) for deploys and
-- emergency DDL, but a dba login does not carry the owner's privileges: it
-- cannot write tables or read clinical data by accident. (In a DO block only
-- because sqlfluff cannot parse the PostgreSQL 16 WITH INHERIT/SET options.)
do $$
begin
    execute 'grant hc_owner to hc_dba with inherit false, set true';
end;
$$;

-- PUBLIC has nothing: no connecting, no temp tables, nothing in schema public,
-- and no EXECUTE on routines (PostgreSQL grants that to PUBLIC by default).
do $$
begin
    execute format('revoke connect, temporary on database %I from public', current_database());
    execute format(
        'grant connect on database %I to hc_dba, hc_receptionist, hc_clinician, hc_billing_clerk, '
        'hc_pharmacist, hc_analyst, hc_bi_reader, hc_app',
        current_database()
    );
end;
$$;
revoke all on schema public from public;
revoke all on schema util, ref, clinic, billing, pharmacy, audit, dw, reporting from public;
revoke execute on all routines in schema util, ref, clinic, billing, pharmacy, audit, dw, reporting from public;
-- routines created later by the deploying role, or by hc_owner, start without PUBLIC EXECUTE
alter default privileges revoke execute on routines from public;
alter default privileges for role hc_owner revoke execute on routines from public;

-- schema lookups; objects are granted one by one in their own files
grant usage on schema audit to hc_dba, hc_receptionist, hc_clinician, hc_billing_clerk, hc_pharmacist, hc_app;
grant usage on schema dw to hc_analyst;
grant usage on schema reporting to hc_analyst, hc_bi_reader;
-- code sets (ICD-10-CM, ATC) are public knowledge, not patient data
grant usage on schema ref to hc_clinician, hc_billing_clerk, hc_pharmacist, hc_app;
grant select on all tables in schema ref to hc_clinician, hc_billing_clerk, hc_pharmacist, hc_app;
