-- requires: functions/audit.current_actor.sql
create or replace function audit.record_change()
returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
-- Trigger arguments (the audit_trigger macro writes them): the column holding
-- the patient id ('' when the table has none), then the key column(s).
declare
    v_patient_column text := nullif(tg_argv[0], '');
    v_old jsonb;
    v_new jsonb;
    v_row jsonb;
    v_key jsonb := '{}';
    v_changed text[];
    v_db_role text;
    v_app_user text;
begin
    if tg_level <> 'ROW' or tg_when <> 'AFTER' or tg_nargs < 2 then
        raise exception 'audit.record_change() is wired wrongly on %.%', tg_table_schema, tg_table_name
        using errcode = 'ZS001',
        hint = 'Wire it with the audit_trigger macro of sql/macros/common.sql (AFTER, FOR EACH ROW, key columns).';
    end if;
    if tg_op in ('UPDATE', 'DELETE') then
        v_old := to_jsonb(old);
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        v_new := to_jsonb(new);
    end if;
    v_row := coalesce(v_new, v_old);
    for i in 1 .. tg_nargs - 1 loop
        if not v_row ? tg_argv[i] then
            raise exception 'audit trigger on %.% names key column %, which the table does not have',
                tg_table_schema, tg_table_name, tg_argv[i]
            using errcode = 'ZS001';
        end if;
        v_key := v_key || jsonb_build_object(tg_argv[i], v_row -> tg_argv[i]);
    end loop;
    if v_patient_column is not null and not v_row ? v_patient_column then
        raise exception 'audit trigger on %.% names patient column %, which the table does not have',
            tg_table_schema, tg_table_name, v_patient_column
        using errcode = 'ZS001';
    end if;
    if tg_op = 'UPDATE' then
        select coalesce(array_agg(n.key order by n.key), '{}')
          into v_changed
          from jsonb_each(v_new) as n
         where n.value is distinct from v_old -> n.key;
    end if;
    select a.db_role, a.app_user into v_db_role, v_app_user from audit.current_actor() as a;
    insert into audit.log (
        changed_at, db_role, app_user, table_schema, table_name, operation, row_key, patient_id,
        old_row, new_row, changed_columns, transaction_id
    ) values (
        now(), v_db_role, v_app_user, tg_table_schema, tg_table_name, lower(tg_op), v_key,
        (v_row ->> v_patient_column)::bigint, v_old, v_new, v_changed, pg_current_xact_id()::text::bigint
    );
    return null;
end;
$$;

revoke all on function audit.record_change() from public;

comment on function audit.record_change() is
'Trigger function (AFTER INSERT OR UPDATE OR DELETE, FOR EACH ROW): writes one audit.log row per changed row '
'with the acting login and application user, the key, the patient id, old and new rows as jsonb, the changed '
'columns and the transaction id. Wire it with the audit_trigger macro; ZS001 when wired wrongly.';
