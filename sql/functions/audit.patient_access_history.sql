create or replace function audit.patient_access_history(p_patient_id bigint)
returns table (
    changed_at timestamptz,
    db_role text,
    app_user text,
    table_schema text,
    table_name text,
    operation text,
    changed_columns text[],
    transaction_id bigint
)
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
    if p_patient_id is null then
        raise exception 'which patient? the patient id is missing'
        using errcode = '22023';
    end if;
    return query
        select l.changed_at, l.db_role, l.app_user, l.table_schema, l.table_name, l.operation,
               l.changed_columns, l.transaction_id
          from audit.log as l
         where l.patient_id = p_patient_id
        union all
        select l.changed_at, l.db_role, l.app_user, l.table_schema, l.table_name, l.operation,
               l.changed_columns, l.transaction_id
          from audit_archive.log as l
         where l.patient_id = p_patient_id
         order by 1, 8;
end;
$$;

revoke all on function audit.patient_access_history(bigint) from public;
grant execute on function audit.patient_access_history(bigint) to hc_dba;

comment on function audit.patient_access_history(bigint) is
'Who changed this patient''s records, and when: every audited insert, update and delete on a row that belongs '
'to the patient (live log and archive), oldest first: login, application user, table, operation, changed '
'columns. Shows no clinical values. Reads are not audited (see docs/security.md).';
