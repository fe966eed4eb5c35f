create or replace function dw.month_of_key(key integer)
returns date
language sql
immutable
parallel safe
return make_date(key / 10000, key / 100 % 100, 1);

comment on function dw.month_of_key(integer) is 'first day of the month of a dim_date key (yyyymmdd)';
