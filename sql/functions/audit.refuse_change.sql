create or replace function audit.refuse_change()
returns trigger
language plpgsql
as $$
begin
    if tg_table_schema in ('audit', 'audit_archive') then
        raise exception '% on %.% is refused: the audit trail is append-only', lower(tg_op), tg_table_schema, tg_table_name
        using errcode = '42501',
        detail = 'The audit trail keeps every change; its rows are never updated, deleted or truncated.',
        hint = 'Months past the retention period are moved out with audit.archive_log_partition().';
    end if;
    raise exception '% on %.% is refused: it would remove rows without an audit entry',
        lower(tg_op), tg_table_schema, tg_table_name
    using errcode = '42501', hint = 'Delete rows through the procedures, so that each deletion is audited.';
end;
$$;

revoke all on function audit.refuse_change() from public;

comment on function audit.refuse_change() is
'Trigger function: refuses the operation with 42501. Keeps audit.log and audit_archive.log append-only '
'(UPDATE, DELETE, TRUNCATE), and refuses TRUNCATE on audited tables (it would bypass the row-level audit).';
