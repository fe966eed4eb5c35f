-- requires: warehouse/dw.day_key.sql
create or replace function dw.date_key(instant timestamptz)
returns integer
language sql
immutable
parallel safe
return dw.day_key((instant at time zone 'UTC')::date);

comment on function dw.date_key(timestamptz) is 'dim_date key (yyyymmdd) of the UTC day of an instant';
