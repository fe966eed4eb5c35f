create or replace function dw.date_key(instant timestamptz)
returns integer
language sql
immutable
parallel safe
return (to_char(instant at time zone 'UTC', 'YYYYMMDD'))::integer;

comment on function dw.date_key(timestamptz) is 'dim_date key (yyyymmdd) of the UTC day of an instant';
