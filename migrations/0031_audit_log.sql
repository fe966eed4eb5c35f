-- The append-only audit trail (issue 7): audit.log, partitioned by month, and
-- audit_archive.log, where months past the retention period are moved (never
-- deleted). Rows are written only by the trigger function audit.record_change()
-- (SECURITY DEFINER, owned by hc_owner); nobody is granted INSERT, UPDATE or
-- DELETE, and triggers refuse UPDATE, DELETE and TRUNCATE even to the owner.
create table audit.log (
    log_id bigint generated always as identity,
    changed_at timestamptz not null default now(),
    db_role text not null,
    app_user text,
    table_schema text not null,
    table_name text not null,
    operation text not null,  -- noqa: RF04
    row_key jsonb not null,
    patient_id bigint,
    old_row jsonb,
    new_row jsonb,
    changed_columns text[],
    transaction_id bigint not null,
    constraint log_pkey primary key (log_id, changed_at),
    constraint log_operation_check check (operation in ('insert', 'update', 'delete')),
    constraint log_rows_check check (
        (operation = 'insert' and old_row is null and new_row is not null)
        or (operation = 'update' and old_row is not null and new_row is not null)
        or (operation = 'delete' and old_row is not null and new_row is null)
    )
) partition by range (changed_at);
comment on table audit.log is
'append-only trail of every insert, update and delete on patient-identifying and clinical tables; '
'one partition per month; holds PHI (old and new rows), so nobody but hc_owner reads it directly';
comment on column audit.log.changed_at is 'start of the transaction that made the change';
comment on column audit.log.db_role is 'the database login that made the change (session_user, not forgeable by SET)';
comment on column audit.log.app_user is
'the end user named by a pooling application through audit.set_application_user(); null otherwise';
comment on column audit.log.row_key is 'primary key of the changed row, as {"column": value}';
comment on column audit.log.patient_id is 'the patient the row belongs to, when the table has a patient column';
comment on column audit.log.changed_columns is 'columns whose value an update changed (null for insert and delete)';
comment on column audit.log.transaction_id is 'pg_current_xact_id() of the changing transaction';
create index log_patient_idx on audit.log (patient_id, changed_at) where patient_id is not null;

-- The safety net: a row whose month has no partition yet lands here, so an
-- insert never fails; audit.create_log_partitions() moves such rows out.
create table audit.log_default partition of audit.log default;
comment on table audit.log_default is
'audit.log rows whose month had no partition yet; audit.create_log_partitions() moves them out';

-- This month and the next two; audit.create_log_partitions() keeps creating
-- them ahead (schedule it monthly, see docs/security.md).
do $$
declare
    v_month date;
begin
    for v_month in
        select generate_series(date_trunc('month', now()), date_trunc('month', now()) + interval '2 months', '1 month')
    loop
        execute format(
            'create table audit.%I partition of audit.log for values from (%L) to (%L)',
            'log_' || to_char(v_month, 'YYYY_MM'), v_month, v_month + interval '1 month'
        );
        execute format(
            'comment on table audit.%I is %L',
            'log_' || to_char(v_month, 'YYYY_MM'), 'audit.log rows changed in ' || to_char(v_month, 'YYYY-MM')
        );
    end loop;
end;
$$;

create schema audit_archive;
comment on schema audit_archive is
'audit.log months past the retention period, detached and moved here by audit.archive_log_partition(); '
'still append-only; export them (pg_dump) before anybody drops one';
create table audit_archive.log (
    log_id bigint not null,
    changed_at timestamptz not null,
    db_role text not null,
    app_user text,
    table_schema text not null,
    table_name text not null,
    operation text not null,  -- noqa: RF04
    row_key jsonb not null,
    patient_id bigint,
    old_row jsonb,
    new_row jsonb,
    changed_columns text[],
    transaction_id bigint not null,
    constraint log_pkey primary key (log_id, changed_at)
) partition by range (changed_at);
comment on table audit_archive.log is
'archived months of audit.log (same columns), one partition per month, moved by audit.archive_log_partition()';
create index log_patient_idx on audit_archive.log (patient_id, changed_at) where patient_id is not null;
revoke all on schema audit_archive from public;

-- The key that signs the application user a pooling application names, so a
-- plain SET of a look-alike setting is not trusted (audit.set_application_user).
create table audit.app_identity_key (
    app_identity_key_id integer primary key default 1,
    signing_key text not null default (gen_random_uuid()::text || gen_random_uuid()::text),
    created_at timestamptz not null default now(),
    constraint app_identity_key_single_row check (app_identity_key_id = 1)
);
comment on table audit.app_identity_key is
'one secret row: the key audit.set_application_user() signs the application user with; readable by hc_owner only';
insert into audit.app_identity_key default values;
