-- JIT compilation off for every session in this database (a DBA can still
-- `set jit = on` in a session, or per login with ALTER ROLE ... SET).
-- PostgreSQL compiles a query with LLVM once its estimated cost passes
-- jit_above_cost (100,000), and inlines and optimises past 500,000; packaged
-- servers (Debian, PGDG) ship with JIT on. The compile time is paid on every
-- execution and dwarfs this project's queries: measured on Debian's
-- PostgreSQL 15 with the pharmacy benchmark's data (13,000 stock points), the
-- medication availability view as it stood before 2026-11-23 evening read in
-- 2,000-3,500 ms with JIT (59-62 functions compiled, inlined, optimised) and in
-- 68-124 ms with jit = off. The OLTP procedures never reach the threshold;
-- the reporting views answer in milliseconds from stock_level and the
-- warehouse aggregates; reporting views over whole OLTP tables
-- (patient_care_summary, billing_aging, doctor_schedule) are estimated in the
-- millions at 100,000 patients and would pay the compilation on each read.
-- The embedded server of `dbtool` is built without LLVM, so nothing changes there.
-- Only the database's owner (or a superuser) may do this; a deploying role
-- without that right gets a warning naming the statement, not a failed deploy.
do $$
begin
    execute format('alter database %I set jit = off', current_database());
exception
    when insufficient_privilege then
        raise warning 'JIT compilation could not be turned off for database %: only its owner may', current_database()
            using hint = format('As the owner of the database: alter database %I set jit = off;', current_database());
end;
$$;
