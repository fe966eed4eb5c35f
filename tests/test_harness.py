"""The harness itself: each test gets its own clone of the deployed template."""

import psycopg
from conftest import PROJECT


def test_clone_has_every_migration(conn: psycopg.Connection) -> None:
    applied = {r[0] for r in conn.execute("select migration_id from dbtool._yoyo_migration")}
    files = {p.stem for p in PROJECT.migrations_dir.glob("*.sql") if not p.name.endswith(".rollback.sql")}
    assert applied == files


def test_clones_are_independent_first(conn: psycopg.Connection) -> None:
    conn.execute("create table public.scribble (x int)")
    assert conn.execute("select to_regclass('public.scribble') is not null").fetchone()[0]


def test_clones_are_independent_second(conn: psycopg.Connection) -> None:
    # the table created by the previous test lived in that test's clone only
    assert conn.execute("select to_regclass('public.scribble') is null").fetchone()[0]


def test_role_connection_is_a_real_login(as_role, conn: psycopg.Connection) -> None:
    role_conn = as_role.connect()
    who = role_conn.execute("select current_user, session_user").fetchone()
    assert who[0] == who[1] and who[0].startswith("test_user_")
    is_super = role_conn.execute("select rolsuper from pg_roles where rolname = current_user").fetchone()[0]
    assert is_super is False
