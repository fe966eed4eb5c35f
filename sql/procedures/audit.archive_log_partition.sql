create or replace procedure audit.archive_log_partition(
    p_month date, p_retention interval default interval '6 years'
)
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
    v_name text;
    v_rows bigint;
begin
    if p_month is null or p_month <> date_trunc('month', p_month)::date then
        raise exception 'give the first day of the month to archive, e.g. 2019-03-01'
        using errcode = '22023', detail = format('Got %s.', coalesce(p_month::text, 'null'));
    end if;
    if p_retention is null or p_retention < interval '1 year' then
        raise exception 'the retention period must be at least one year'
        using errcode = '22023', detail = format('Got %s.', coalesce(p_retention::text, 'null'));
    end if;
    if p_month + interval '1 month' > now() - p_retention then
        raise exception 'the audit log of % is still within the % retention period', to_char(p_month, 'YYYY-MM'), p_retention
        using errcode = 'ZS002', hint = 'Only months that ended before the retention period began can be archived.';
    end if;
    v_name := 'log_' || to_char(p_month, 'YYYY_MM');
    if not exists (
        select
          from pg_inherits as i
          join pg_class as c on c.oid = i.inhrelid
          join pg_namespace as n on n.oid = c.relnamespace
         where i.inhparent = 'audit.log'::regclass and n.nspname = 'audit' and c.relname = v_name
    ) then
        raise exception 'audit.log has no partition for %', to_char(p_month, 'YYYY-MM')
        using errcode = 'P0002',
        hint = 'It may be archived already (see audit_archive), or have no rows; run audit.create_log_partitions() '
        'if rows of that month sit in audit.log_default.';
    end if;
    execute format('select count(*) from audit.%I', v_name) into v_rows;
    -- a move, never a delete: detach, change schema, attach to the archive
    -- (whose append-only triggers are cloned onto it on attach)
    execute format('alter table audit.log detach partition audit.%I', v_name);
    execute format('alter table audit.%I set schema audit_archive', v_name);
    execute format(
        'alter table audit_archive.log attach partition audit_archive.%I for values from (%L) to (%L)',
        v_name, p_month, p_month + interval '1 month'
    );
    execute format(
        'comment on table audit_archive.%I is %L',
        v_name, 'archived audit.log rows of ' || to_char(p_month, 'YYYY-MM') || ' (' || v_rows || ' rows)'
    );
    raise notice 'archived % audit row(s) of % into audit_archive.%', v_rows, to_char(p_month, 'YYYY-MM'), v_name;
end;
$$;

revoke all on procedure audit.archive_log_partition(date, interval) from public;
grant execute on procedure audit.archive_log_partition(date, interval) to hc_dba;

comment on procedure audit.archive_log_partition (date, interval) is
'Retention: moves one month of audit.log (p_month = its first day) into audit_archive, once that month ended '
'before now() - p_retention (default 6 years). Rows are moved, never deleted; audit_archive.log stays '
'append-only and audit.patient_access_history() still reads it. ZS002 while within retention, P0002 when the '
'month has no partition, 22023 for a date that is not the first of a month or a retention under a year.';
