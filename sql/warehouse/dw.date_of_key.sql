create or replace function dw.date_of_key(key integer)
returns date
language sql
immutable
parallel safe
return make_date(key / 10000, key / 100 % 100, key % 100);

comment on function dw.date_of_key(integer) is 'the day of a dim_date key (yyyymmdd); null for null';
