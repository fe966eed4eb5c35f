"""Schema-wide rules of the clinical core and billing: audit columns and their
trigger on every table, documentation on every table and routine."""

import psycopg
from test_core_support import Clinic, clinic  # noqa: F401 (fixture)

MINE = ("clinic", "billing")
MY_REF_TABLES = ("appointment_status", "appointment_status_transition", "severity", "treatment_outcome")


def my_tables(conn: psycopg.Connection) -> list[str]:
    rows = conn.execute(
        """select n.nspname || '.' || c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where c.relkind = 'r' and (n.nspname = any(%s) or (n.nspname = 'ref' and c.relname = any(%s)))
            order by 1""",
        (list(MINE), list(MY_REF_TABLES)),
    ).fetchall()
    return [r[0] for r in rows]


def test_every_table_has_audit_columns_and_the_updated_at_trigger(conn: psycopg.Connection) -> None:
    tables = my_tables(conn)
    assert len(tables) == 21  # 20 of the core, and clinic.staff_login (0032, security wiring)
    for table in tables:
        columns = {r[0]: r[1] for r in conn.execute(
            "select attname, format_type(atttypid, atttypmod) from pg_attribute"
            " where attrelid = %s::regclass and attnum > 0 and not attisdropped", (table,))}
        assert columns.get("created_at") == "timestamp with time zone", table
        assert columns.get("updated_at") == "timestamp with time zone", table
        trigger = conn.execute(
            "select count(*) from pg_trigger where tgrelid = %s::regclass and tgname = 'set_updated_at'"
            " and tgfoid = 'util.set_updated_at'::regproc", (table,)).fetchone()[0]
        assert trigger == 1, table


def test_money_is_numeric_12_2(conn: psycopg.Connection) -> None:
    rows = conn.execute(
        """select c.relname || '.' || a.attname, format_type(a.atttypid, a.atttypmod)
             from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = any(%s) and c.relkind = 'r' and a.attnum > 0
              and (a.attname like '%%amount%%' or a.attname like '%%price%%' or a.attname like '%%fee%%'
                   or a.attname = 'balance')""",
        (list(MINE),),
    ).fetchall()
    assert len(rows) >= 12
    assert all(r[1] == "numeric(12,2)" for r in rows), rows


def test_updated_at_moves_on_update(conn: psycopg.Connection, clinic: Clinic) -> None:
    doctor = clinic.doctor()
    conn.execute("update clinic.staff set created_at = created_at - interval '1 day',"
                 " updated_at = updated_at - interval '1 day' where staff_id = %s", (doctor,))
    conn.execute("update clinic.staff set phone = '123' where staff_id = %s", (doctor,))
    assert conn.execute("select updated_at > now() - interval '1 minute', created_at < now() - interval '23 hours'"
                        " from clinic.staff where staff_id = %s",
                        (doctor,)).fetchone() == (True, True)


def test_every_table_procedure_and_function_is_documented(conn: psycopg.Connection) -> None:
    undocumented = conn.execute(
        """select 'table ' || n.nspname || '.' || c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where c.relkind in ('r', 'v') and n.nspname = any(%s) and obj_description(c.oid, 'pg_class') is null
           union all
           select 'routine ' || n.nspname || '.' || p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace
            where n.nspname = any(%s) and obj_description(p.oid, 'pg_proc') is null""",
        (list((*MINE, "reporting")), list((*MINE, "reporting"))),
    ).fetchall()
    assert undocumented == []


def test_writing_routines_are_security_definer_with_a_fixed_search_path(conn: psycopg.Connection) -> None:
    procedures = conn.execute(
        """select p.proname, p.prosecdef, p.proconfig from pg_proc p join pg_namespace n on n.oid = p.pronamespace
            where n.nspname = any(%s) and p.prokind = 'p'""",
        (list(MINE),),
    ).fetchall()
    assert len(procedures) == 19  # 17 of the core, and the two login procedures of the security wiring
    for name, definer, config in procedures:
        assert definer and config == ["search_path=pg_catalog, pg_temp"], name
