create or replace function dw.age_band(age integer)
returns text
language sql
immutable
parallel safe
return case
    when age < 18 then '0-17'
    when age < 35 then '18-34'
    when age < 50 then '35-49'
    when age < 65 then '50-64'
    when age < 80 then '65-79'
    when age < 90 then '80-89'
    else '90+'
end;

comment on function dw.age_band(integer) is 'age band of an age in years; every age above 89 is 90+ (Safe Harbor)';
