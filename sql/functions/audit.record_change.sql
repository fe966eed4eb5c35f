-- requires: functions/audit.current_actor.sql
create or replace function audit.record_change()
returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
-- A STATEMENT-level trigger with a transition table (the audit_trigger macro
-- wires three of them: AFTER INSERT / UPDATE / DELETE, REFERENCING NEW TABLE
-- AS audit_new and/or OLD TABLE AS audit_old). One INSERT ... SELECT per
-- statement writes all its audit rows set-based: a bulk load of a million
-- rows costs one statement, not a million trigger calls.
--
-- Trigger arguments (written by the macro, never by a user): the patient
-- spec, then the key column(s). The patient spec is '' (no patient), a column
-- of the row ('patient_id'), or a chain of parent lookups
-- 'encounter_id@clinic.encounter' / 'prescription_id@clinic.prescription,encounter_id@clinic.encounter':
-- follow the row's column to the parent table whose key has that name, and so
-- on; the last parent's patient_id is the patient.
declare
    v_keys text[] := tg_argv[1:];
    v_patient_spec text := coalesce(tg_argv[0], '');
    v_key_expr text;
    v_patient_expr text;
    v_hops text[];
    v_from text;
    v_column text;
    v_parent regclass;
    v_missing text;
    v_db_role text;
    v_app_user text;
    v_rows text;
begin
    if tg_level <> 'STATEMENT' or tg_when <> 'AFTER' or tg_nargs < 2 then
        raise exception 'audit.record_change() is wired wrongly on %.%', tg_table_schema, tg_table_name
        using errcode = 'ZS001',
        hint = 'Wire it with the audit_trigger macro of sql/macros/common.sql (AFTER, FOR EACH STATEMENT, '
        'REFERENCING a transition table, key columns).';
    end if;
    -- every column the wiring names must exist (checked once per statement)
    select string_agg(c.col, ', ')
      into v_missing
      from unnest(v_keys || case
               when v_patient_spec = '' then '{}'::text[]
               else array[split_part(split_part(v_patient_spec, ',', 1), '@', 1)]
          end) as c (col)
     where not exists (
               select 1 from pg_catalog.pg_attribute a
                where a.attrelid = tg_relid and a.attname = c.col and a.attnum > 0 and not a.attisdropped
           );
    if v_missing is not null then
        raise exception 'audit trigger on %.% names column(s) %, which the table does not have',
            tg_table_schema, tg_table_name, v_missing
        using errcode = 'ZS001';
    end if;

    v_key_expr := 'pg_catalog.jsonb_build_object('
        || (select string_agg(format('%L, r.j -> %L', k, k), ', ') from unnest(v_keys) as k) || ')';
    if v_patient_spec = '' then
        v_patient_expr := 'null::bigint';
    elsif strpos(v_patient_spec, '@') = 0 then
        v_patient_expr := format('(r.j ->> %L)::bigint', v_patient_spec);
    else
        -- a chain of parent lookups, joined per row (each hop is a primary key lookup)
        v_hops := string_to_array(v_patient_spec, ',');
        for i in 1 .. array_length(v_hops, 1) loop
            v_column := split_part(v_hops[i], '@', 1);
            v_parent := split_part(v_hops[i], '@', 2)::regclass;
            if i = 1 then
                v_from := format('%s h1', v_parent);
            else
                v_from := v_from || format(' join %s h%s on h%s.%I = h%s.%I', v_parent, i, i, v_column, i - 1, v_column);
            end if;
        end loop;
        v_patient_expr := format(
            '(select h%s.patient_id from %s where h1.%I = (r.j ->> %L)::bigint)',
            array_length(v_hops, 1), v_from, split_part(v_hops[1], '@', 1), split_part(v_hops[1], '@', 1)
        );
    end if;

    select a.db_role, a.app_user into v_db_role, v_app_user from audit.current_actor() as a;

    if tg_op = 'INSERT' then
        v_rows := 'select null::jsonb as o, pg_catalog.to_jsonb(n) as j from audit_new n';
    elsif tg_op = 'DELETE' then
        v_rows := 'select pg_catalog.to_jsonb(o) as o, pg_catalog.to_jsonb(o) as j from audit_old o';
    else
        -- pair each old row with its new version by key (keys do not change:
        -- they are identity columns)
        v_rows := format(
            'select o.o, n.j from (select pg_catalog.to_jsonb(x) as j from audit_new x) n '
            'join (select pg_catalog.to_jsonb(x) as o from audit_old x) o on %s = %s',
            replace(v_key_expr, 'r.j', 'o.o'), replace(v_key_expr, 'r.j', 'n.j')
        );
    end if;

    execute format(
        'insert into audit.log (changed_at, db_role, app_user, table_schema, table_name, operation, row_key, '
        '                       patient_id, old_row, new_row, changed_columns, transaction_id) '
        'select pg_catalog.now(), $1, $2, $3, $4, $5, %1$s, %2$s, '
        '       r.o, case when $5 <> ''delete'' then r.j end, '
        '       case when $5 = ''update'' then (select coalesce(pg_catalog.array_agg(e.key order by e.key), ''{}'') '
        '                                          from pg_catalog.jsonb_each(r.j) as e '
        '                                         where e.value is distinct from r.o -> e.key) end, '
        '       pg_catalog.pg_current_xact_id()::text::bigint '
        '  from (%3$s) as r',
        v_key_expr, v_patient_expr, v_rows
    ) using v_db_role, v_app_user, tg_table_schema::text, tg_table_name::text, lower(tg_op);
    return null;
end;
$$;

revoke all on function audit.record_change() from public;

comment on function audit.record_change() is
'Statement-level trigger function (AFTER INSERT / UPDATE / DELETE, REFERENCING the transition tables '
'audit_new / audit_old): writes one audit.log row per changed row, set-based, with the acting login and '
'application user, the key, the patient id (from the row or through its parents), old and new rows as jsonb, '
'the changed columns and the transaction id. Wire it with the audit_trigger macro; ZS001 when wired wrongly.';
