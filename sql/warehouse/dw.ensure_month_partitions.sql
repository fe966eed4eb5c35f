create or replace function dw.ensure_month_partitions(fact text, first_day date, last_day date)
returns integer
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
-- Creates the missing monthly partitions of a dw fact (partitioned by date_key
-- ranges) for every month from first_day to last_day; returns how many it made.
-- Fillfactor 90 (as on every aggregate, migration 0090): a refresh rewrites
-- fact rows in place, and the room left on each page makes those updates HOT,
-- on the row's own page with no new index entry. Measured from a checkpoint at
-- 1M encounters (every page changed first writes its image to the WAL): 1 %
-- of encounters changed, refresh 0.68-0.69 -> 0.60-0.62 s and 308 -> 221 MB
-- of WAL; 1 % moved to another department 1.54-1.55 -> 1.37-1.39 s, 568 ->
-- 421 MB; for ~11 % more pages.
declare
    month_start date;
    made integer := 0;
    partition_name text;
begin
    if first_day is null or last_day is null then
        return 0;
    end if;
    for month_start in
        select generate_series(date_trunc('month', first_day), date_trunc('month', last_day), interval '1 month')::date
    loop
        partition_name := split_part(fact, '.', 2) || '_' || to_char(month_start, 'YYYY"m"MM');
        if to_regclass('dw.' || partition_name) is null then
            execute format(
                'create table dw.%I partition of %s for values from (%s) to (%s) with (fillfactor = 90)',
                partition_name, fact,
                to_char(month_start, 'YYYYMMDD'), to_char((month_start + interval '1 month')::date, 'YYYYMMDD')
            );
            made := made + 1;
        end if;
    end loop;
    return made;
end;
$$;

comment on function dw.ensure_month_partitions(text, date, date) is
'creates the missing monthly partitions of a warehouse fact (e.g. dw.fact_encounter_2026m01) covering first_day '
'to last_day; the ETL calls it before loading rows of new months';
