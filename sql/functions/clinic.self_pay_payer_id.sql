create or replace function clinic.self_pay_payer_id()
returns bigint
language sql
stable
set search_path = pg_catalog, pg_temp
as $$
    select p.payer_id from billing.payer p where p.payer_type = 'self-pay' order by p.payer_id limit 1
$$;

comment on function clinic.self_pay_payer_id() is 'The Self-pay payer, given to patients registered without one.';
