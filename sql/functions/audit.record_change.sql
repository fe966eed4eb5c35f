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
    v_key_count integer := tg_nargs - 1;
    v_patient_map jsonb;
    v_hops text[];
    v_from text;
    v_column text;
    v_parent regclass;
    v_missing text;
    v_db_role text;
    v_app_user text;
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

    select a.db_role, a.app_user into v_db_role, v_app_user from audit.current_actor() as a;

    if strpos(v_patient_spec, '@') > 0 then
        -- a chain of parent lookups (each hop a primary key): h1 is the
        -- parent the row's column points to, h2 its parent, and so on
        v_hops := string_to_array(v_patient_spec, ',');
        v_column := split_part(v_hops[1], '@', 1);
        v_from := '';
        for i in 1 .. array_length(v_hops, 1) loop
            v_parent := split_part(v_hops[i], '@', 2)::regclass;
            v_from := v_from || format(' left join %s h%s on h%s.%I = %s.%I', v_parent, i, i,
                split_part(v_hops[i], '@', 1), case when i = 1 then 'r' else 'h' || (i - 1) end,
                split_part(v_hops[i], '@', 1));
        end loop;
        if tg_op = 'INSERT' then
            -- inserts (bulk loads among them) join the parents in the same
            -- statement: planned for the statement's real row count (hash
            -- joins for a million rows, key lookups for one)
            execute format(
                'insert into audit.log ('
                '    changed_at, db_role, app_user, table_schema, table_name, operation, row_key, patient_id,'
                '    old_row, new_row, changed_columns, transaction_id'
                ') '
                'select now(), $1, $2, $3, $4, ''insert'','
                '       case when $5 = 1 then jsonb_build_object($6[1], r.j -> $6[1])'
                '            else (select jsonb_object_agg(k, r.j -> k) from unnest($6) as k) end,'
                '       h%2$s.patient_id, null, r.j, null, pg_current_xact_id()::text::bigint'
                '  from (select to_jsonb(n) as j, n.%1$I from audit_new as n offset 0) as r%3$s',
                v_column, array_length(v_hops, 1), v_from
            ) using v_db_role, v_app_user, tg_table_schema, tg_table_name, v_key_count, v_keys;
            return null;
        end if;
        -- updates and deletes: one query per statement maps each parent key
        -- of the changed rows to its patient
        execute format(
            'select pg_catalog.jsonb_object_agg(r.%1$I::text, h%2$s.patient_id) '
            '  from (select distinct t.%1$I from %3$s t where t.%1$I is not null) as r%4$s',
            v_column, array_length(v_hops, 1),
            case when tg_op = 'DELETE' then 'audit_old' else 'audit_new' end, v_from
        ) into v_patient_map;
    else
        v_column := nullif(v_patient_spec, '');  -- the row's own patient column, or none
    end if;

    -- static statements (planned once per table and session, not per statement);
    -- each row's jsonb is computed once in an `offset 0` subquery (flattened,
    -- to_jsonb() ran once per reference: ~20 times per updated row)
    if tg_op = 'INSERT' then
        insert into audit.log (
            changed_at, db_role, app_user, table_schema, table_name, operation, row_key, patient_id,
            old_row, new_row, changed_columns, transaction_id
        )
        select now(), v_db_role, v_app_user, tg_table_schema, tg_table_name, 'insert',
               case when v_key_count = 1 then jsonb_build_object(v_keys[1], r.j -> v_keys[1])
                    else (select jsonb_object_agg(k, r.j -> k) from unnest(v_keys) as k) end,
               case when v_patient_map is null then (r.j ->> v_column)::bigint
                    else (v_patient_map ->> (r.j ->> v_column))::bigint end,
               null, r.j, null, pg_current_xact_id()::text::bigint
          from (select to_jsonb(n) as j from audit_new as n offset 0) as r;
    elsif tg_op = 'DELETE' then
        insert into audit.log (
            changed_at, db_role, app_user, table_schema, table_name, operation, row_key, patient_id,
            old_row, new_row, changed_columns, transaction_id
        )
        select now(), v_db_role, v_app_user, tg_table_schema, tg_table_name, 'delete',
               case when v_key_count = 1 then jsonb_build_object(v_keys[1], r.j -> v_keys[1])
                    else (select jsonb_object_agg(k, r.j -> k) from unnest(v_keys) as k) end,
               case when v_patient_map is null then (r.j ->> v_column)::bigint
                    else (v_patient_map ->> (r.j ->> v_column))::bigint end,
               r.j, null, null, pg_current_xact_id()::text::bigint
          from (select to_jsonb(o) as j from audit_old as o offset 0) as r;
    else
        -- pair each old row with its new version by key (keys are identity
        -- columns: they do not change) by GROUPING the two transition tables'
        -- rows by key, not by joining them: the statement is static (planned
        -- once per table and session; EXECUTE would plan every one-row update,
        -- ~1.6 ms each), and a cached plan made when a statement updated no
        -- rows can only sort or hash the rows, never pair them by nested loop
        -- (as a join did: to_jsonb() of every old row once per new row; 1,765
        -- updated appointments took 70 s instead of 0.3 s, 150,000 invoices
        -- minutes). tests/test_trigger_bulk_plans.py
        -- any_value (one new and one old row per key), not array_agg(...)[1]:
        -- array_agg gives every group its own 8 kB memory context, so a
        -- bulk update's grouping spilled to disk (148,000 invoices: 5 batches,
        -- 118 MB written; 4.8 s -> 3.8 s for the grouping, docs/data.md Speed)
        insert into audit.log (
            changed_at, db_role, app_user, table_schema, table_name, operation, row_key, patient_id,
            old_row, new_row, changed_columns, transaction_id
        )
        select now(), v_db_role, v_app_user, tg_table_schema, tg_table_name, 'update', p.k,
               case when v_patient_map is null then (p.new_j ->> v_column)::bigint
                    else (v_patient_map ->> (p.new_j ->> v_column))::bigint end,
               p.old_j, p.new_j,
               (select coalesce(array_agg(e.key order by e.key), '{}')
                  from jsonb_each(p.new_j) as e
                 where e.value is distinct from p.old_j -> e.key),
               pg_current_xact_id()::text::bigint
          from (select x.k,
                       any_value(x.j) filter (where x.is_new) as new_j,
                       any_value(x.j) filter (where not x.is_new) as old_j
                  from (select r.is_new, r.j,
                               case when v_key_count = 1 then jsonb_build_object(v_keys[1], r.j -> v_keys[1])
                                    else (select jsonb_object_agg(k, r.j -> k) from unnest(v_keys) as k) end as k
                          from (select true as is_new, to_jsonb(t) as j from audit_new as t
                                union all
                                select false, to_jsonb(t) from audit_old as t
                                offset 0) as r
                        offset 0) as x
                 group by x.k) as p;
    end if;
    return null;
end;
$$;

revoke all on function audit.record_change() from public;

comment on function audit.record_change() is
'Statement-level trigger function (AFTER INSERT / UPDATE / DELETE, REFERENCING the transition tables '
'audit_new / audit_old): writes one audit.log row per changed row, set-based, with the acting login and '
'application user, the key, the patient id (from the row or through its parents), old and new rows as jsonb, '
'the changed columns and the transaction id. Wire it with the audit_trigger macro; ZS001 when wired wrongly.';
