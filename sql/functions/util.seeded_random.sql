-- Deterministic pseudo-random numbers for the data generator: the same
-- (seed, stream, n) always gives the same value, on any run, in any order,
-- in parallel or not (unlike setseed() + random(), which depends on the order
-- rows are produced). hashint8extended is PostgreSQL's stable 64-bit hash.
create or replace function util.seeded_random(p_seed bigint, p_stream integer, p_n bigint)
returns double precision
language sql
immutable
parallel safe
as $$
    select (hashint8extended(p_n, p_seed * 1000 + p_stream) & 2147483647)::double precision / 2147483648.0
$$;

comment on function util.seeded_random(bigint, integer, bigint) is
'A pseudo-random number in [0, 1) that depends only on (seed, stream, n): reproducible synthetic data.';
