-- Who is who (issue 7): each login user, and each end user a pooling
-- application names, maps to one staff row. Row-level security and the
-- procedures' own authorization key on clinic.current_staff_id(), which
-- resolves the authenticated login (session_user), or the signed application
-- user for hc_app, through this table; never on a setting anybody can SET.
create table clinic.staff_login (
    staff_login_id bigint generated always as identity primary key,
    staff_id bigint not null references clinic.staff (staff_id),
    login_kind text not null,
    login_name text not null,
    created_at timestamptz not null default now(),
    created_by text not null default session_user,
    updated_at timestamptz not null default now(),
    constraint staff_login_kind_check check (login_kind in ('database', 'application')),
    constraint staff_login_name_check check (
        login_name = btrim(login_name) and length(login_name) between 1 and 200
    ),
    constraint staff_login_name_key unique (login_kind, login_name),
    -- one database login per person (an application user name too): shared logins defeat the audit trail
    constraint staff_login_staff_kind_key unique (staff_id, login_kind)
);
comment on table clinic.staff_login is
'maps a database login (login_kind database, = session_user) or an end user named by the pooling application '
'(login_kind application, via audit.set_application_user) to the staff member acting';
comment on column clinic.staff_login.login_name is
'the login role name (database) or the application''s user name (application), exactly as authenticated';
comment on column clinic.staff_login.created_by is 'the login that linked it (normally a dba)';

-- The staff member acting, or null. Here, not under sql/functions/, because
-- the row-level security policies below need it when this migration runs
-- (migrations run before the repeatable files); plpgsql so that its body may
-- call audit.current_actor(), a repeatable function created after it.
create function clinic.current_staff_id()
returns bigint
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
    v_db_role text;
    v_app_user text;
    v_staff_id bigint;
begin
    select a.db_role, a.app_user into v_db_role, v_app_user from audit.current_actor() as a;
    -- an application user is honoured only for an hc_app session (that is what
    -- its signature guarantees); the application's own login maps to nobody
    select sl.staff_id
      into v_staff_id
      from clinic.staff_login as sl
      join clinic.staff as s on s.staff_id = sl.staff_id and s.is_active
     where (v_app_user is not null and sl.login_kind = 'application' and sl.login_name = v_app_user)
        or (v_app_user is null and sl.login_kind = 'database' and sl.login_name = v_db_role);
    return v_staff_id;
end;
$$;
comment on function clinic.current_staff_id() is
'The active staff member acting: the login (session_user) mapped in clinic.staff_login, or for an hc_app '
'session the end user it named with audit.set_application_user(). Null when unmapped. A SET of any setting '
'cannot change it. Row-level security and the procedures authorize with it.';

create function clinic.current_department_id()
returns bigint
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
    return (select s.department_id from clinic.staff as s where s.staff_id = clinic.current_staff_id());
end;
$$;
comment on function clinic.current_department_id() is
'The department of the staff member acting (clinic.current_staff_id()), or null.';

revoke all on function clinic.current_staff_id() from public;
revoke all on function clinic.current_department_id() from public;
grant execute on function clinic.current_staff_id() to
hc_receptionist, hc_clinician, hc_billing_clerk, hc_pharmacist, hc_app;
grant execute on function clinic.current_department_id() to
hc_receptionist, hc_clinician, hc_billing_clerk, hc_pharmacist, hc_app;

-- clinic.create_staff_login (EXECUTE: hc_dba) runs as hc_owner and creates
-- login users in the application roles: hc_owner needs CREATEROLE and ADMIN
-- on those roles (not on hc_owner or hc_dba: a dba login is made by a
-- superuser). Not inherited, not SET-able: hc_owner is not their member.
do $$
begin
    execute 'alter role hc_owner createrole';
    execute 'grant hc_receptionist, hc_clinician, hc_billing_clerk, hc_pharmacist, hc_analyst, hc_bi_reader, hc_app '
        'to hc_owner with admin true, inherit false, set false';
end;
$$;

-- Schemas: a role uses the schemas its procedures and reads live in.
-- hc_dba: for clinic.create_staff_login and clinic.link_staff_login (it reads no table)
grant usage on schema clinic to hc_dba, hc_receptionist, hc_clinician, hc_billing_clerk, hc_pharmacist, hc_app;
grant usage on schema billing to hc_receptionist, hc_clinician, hc_billing_clerk, hc_app;
grant usage on schema pharmacy to hc_clinician, hc_pharmacist, hc_app;
-- the operational reporting views (each view's file grants it to the roles whose job it is)
grant usage on schema reporting to hc_receptionist, hc_clinician, hc_billing_clerk, hc_pharmacist, hc_app;

-- Reads. Nobody but hc_owner has INSERT, UPDATE, DELETE or TRUNCATE on any
-- table: writes go through the procedures. Rows of patients are filtered by
-- the policies below.
grant select on clinic.department, clinic.staff, clinic.working_day, clinic.treatment to
hc_receptionist, hc_clinician, hc_billing_clerk, hc_pharmacist, hc_app;
grant select on clinic.patient to hc_receptionist, hc_clinician, hc_billing_clerk, hc_app;
grant select on clinic.appointment to hc_receptionist, hc_clinician, hc_app;
grant select on clinic.encounter, clinic.diagnosis, clinic.treatment_given to hc_clinician, hc_app;
grant select on clinic.prescription to hc_clinician, hc_pharmacist, hc_app;
grant select on billing.payer to hc_receptionist, hc_clinician, hc_billing_clerk, hc_app;
grant select on billing.invoice, billing.claim to hc_clinician, hc_billing_clerk, hc_app;
grant select on billing.invoice_line, billing.payment, billing.adjustment to hc_billing_clerk;
grant select on all tables in schema pharmacy to hc_pharmacist;
grant select on pharmacy.medication, pharmacy.stock_location to hc_clinician, hc_app;

-- Row-level security. No FORCE: the owner (SECURITY DEFINER procedures,
-- triggers, the reporting views) is not filtered and the procedures authorize
-- their caller themselves. A role with SELECT and no matching policy sees no
-- rows. Clinicians (and hc_app, for the end user it names) see:
--   appointments and encounters of their own department, or where they are
--   the doctor; a patient who has such an appointment; diagnoses, treatments,
--   prescriptions, invoices and claims of encounters they see.
-- So another department's encounter notes (encounter.notes, diagnosis.notes,
-- treatment_given.notes) are invisible. (select f()) is evaluated once per
-- query, not once per row.
alter table clinic.patient enable row level security;
create policy patient_front_desk on clinic.patient for select to hc_receptionist, hc_billing_clerk
using (true);
create policy patient_in_care on clinic.patient for select to hc_clinician, hc_app
using (
    exists (
        select 1
        from clinic.appointment as a
        where
            a.patient_id = patient.patient_id
            and (
                a.doctor_id = (select clinic.current_staff_id())
                or a.department_id = (select clinic.current_department_id())
            )
    )
);

alter table clinic.appointment enable row level security;
create policy appointment_front_desk on clinic.appointment for select to hc_receptionist
using (true);
create policy appointment_in_care on clinic.appointment for select to hc_clinician, hc_app
using (
    doctor_id = (select clinic.current_staff_id())
    or department_id = (select clinic.current_department_id())
);

alter table clinic.encounter enable row level security;
create policy encounter_in_care on clinic.encounter for select to hc_clinician, hc_app
using (
    doctor_id = (select clinic.current_staff_id())
    or department_id = (select clinic.current_department_id())
);

-- the encounter's own policy filters the sub-select too
alter table clinic.diagnosis enable row level security;
create policy diagnosis_in_care on clinic.diagnosis for select to hc_clinician, hc_app
using (
    exists (
        select 1 from clinic.encounter as e
        where e.encounter_id = diagnosis.encounter_id
    )
);

alter table clinic.treatment_given enable row level security;
create policy treatment_given_in_care on clinic.treatment_given for select to hc_clinician, hc_app
using (
    exists (
        select 1 from clinic.encounter as e
        where e.encounter_id = treatment_given.encounter_id
    )
);

alter table clinic.prescription enable row level security;
create policy prescription_pharmacy on clinic.prescription for select to hc_pharmacist
using (true);
create policy prescription_in_care on clinic.prescription for select to hc_clinician, hc_app
using (
    exists (
        select 1 from clinic.encounter as e
        where e.encounter_id = prescription.encounter_id
    )
);

alter table billing.invoice enable row level security;
create policy invoice_billing on billing.invoice for select to hc_billing_clerk
using (true);
create policy invoice_in_care on billing.invoice for select to hc_clinician, hc_app
using (
    exists (
        select 1 from clinic.encounter as e
        where e.encounter_id = invoice.encounter_id
    )
);

alter table billing.claim enable row level security;
create policy claim_billing on billing.claim for select to hc_billing_clerk
using (true);
create policy claim_in_care on billing.claim for select to hc_clinician, hc_app
using (
    exists (
        select 1 from billing.invoice as i
        where i.invoice_id = claim.invoice_id
    )
);
