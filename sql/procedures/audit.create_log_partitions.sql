create or replace procedure audit.create_log_partitions(p_months_ahead integer default 3)
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
    v_months date [];
    v_month date;
    v_name text;
    v_moved bigint;
    v_default_has_rows boolean;
begin
    if p_months_ahead is null or p_months_ahead not between 0 and 120 then
        raise exception 'months ahead must be between 0 and 120'
        using errcode = '22023', detail = format('Got %s.', p_months_ahead);
    end if;
    select array_agg(m::date order by m)
      into v_months
      from generate_series(
          date_trunc('month', now()), date_trunc('month', now()) + make_interval(months => p_months_ahead), '1 month'
      ) as m;

    -- Rows in the default partition (their month had no partition) block the
    -- creation of that month's partition. Detach the default, give those
    -- months partitions too, move the rows through audit.log (routing puts
    -- them in place), then empty and re-attach the default. A move, not a loss:
    -- it all happens in the caller's transaction.
    v_default_has_rows := exists (select from audit.log_default);
    if v_default_has_rows then
        lock table audit.log in access exclusive mode;
        alter table audit.log detach partition audit.log_default;
        select array_agg(distinct m order by m)
          into v_months
          from (
              select unnest(v_months) as m
              union
              select date_trunc('month', d.changed_at)::date from audit.log_default as d
          ) as months;
    end if;

    foreach v_month in array v_months loop
        v_name := 'log_' || to_char(v_month, 'YYYY_MM');
        if to_regclass(format('audit.%I', v_name)) is null then
            execute format(
                'create table audit.%I partition of audit.log for values from (%L) to (%L)',
                v_name, v_month, v_month + interval '1 month'
            );
            execute format(
                'comment on table audit.%I is %L', v_name, 'audit.log rows changed in ' || to_char(v_month, 'YYYY-MM')
            );
        end if;
    end loop;

    if v_default_has_rows then
        insert into audit.log (
            log_id, changed_at, db_role, app_user, table_schema, table_name, operation, row_key, patient_id,
            old_row, new_row, changed_columns, transaction_id
        ) overriding system value
        select d.log_id, d.changed_at, d.db_role, d.app_user, d.table_schema, d.table_name, d.operation,
               d.row_key, d.patient_id, d.old_row, d.new_row, d.changed_columns, d.transaction_id
          from audit.log_default as d;
        get diagnostics v_moved = row_count;
        delete from audit.log_default;  -- detached: no append-only trigger; every row was copied above
        alter table audit.log attach partition audit.log_default default;
        raise notice 'moved % audit row(s) out of audit.log_default into their monthly partitions', v_moved;
    end if;
end;
$$;

revoke all on procedure audit.create_log_partitions(integer) from public;
grant execute on procedure audit.create_log_partitions(integer) to hc_dba;

comment on procedure audit.create_log_partitions (integer) is
'Creates audit.log''s monthly partitions from this month to p_months_ahead months ahead (default 3), and '
'moves any rows that fell into audit.log_default into partitions of their own months. Idempotent; run it '
'monthly (cron or pg_cron). 22023 for a months-ahead value outside 0..120.';
