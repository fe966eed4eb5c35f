"""Roles, least privilege and ownership: the hc_ group roles exist and never
log in, PUBLIC has nothing, hc_owner owns every object of the project schemas
after a deploy, and each role can do what it may and nothing more."""

import psycopg
import pytest
from conftest import PROJECT, RoleConnector, run_dbtool
from psycopg import sql
from security_support import ALL_ROLES, PROJECT_SCHEMAS

from dbtool import deploy, migrations, ownership

INSUFFICIENT_PRIVILEGE = psycopg.errors.lookup("42501")


def steps_back_to(migration_prefix: str) -> int:
    """Rollback steps that undo `migration_prefix` and every migration applied after it."""
    return sum(1 for m in migrations.load(PROJECT.migrations_dir) if m.id >= migration_prefix)


def quiet(_line: str) -> None:
    pass


def test_every_role_exists_never_logs_in_and_says_what_it_is_for(conn: psycopg.Connection) -> None:
    rows = conn.execute(
        """select rolname, rolcanlogin, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls,
                  shobj_description(oid, 'pg_authid') like 'healthcare database: %%'
             from pg_roles where rolname = any(%s) order by rolname""",
        (list(ALL_ROLES),),
    ).fetchall()
    assert [r[0] for r in rows] == sorted(ALL_ROLES)
    # hc_owner alone has CREATEROLE (0032): clinic.create_staff_login, which runs as it, creates login users
    # in the application roles (it holds ADMIN on those only, never on hc_owner or hc_dba)
    assert all(r[1:] == (False, False, r[0] == "hc_owner", False, False, True) for r in rows), rows


def test_only_the_dba_may_become_the_owner_and_only_explicitly(conn: psycopg.Connection) -> None:
    rows = conn.execute(
        """select m.roleid::regrole::text, m.member::regrole::text, m.inherit_option, m.set_option, m.admin_option
             from pg_auth_members m where m.roleid::regrole::text like 'hc\\_%%'
               and m.member::regrole::text like 'hc\\_%%'"""
    ).fetchall()
    # and hc_owner administers the application roles (to create login users in them), without being their member
    login_roles = ("hc_analyst", "hc_app", "hc_bi_reader", "hc_billing_clerk", "hc_clinician", "hc_pharmacist",
                   "hc_receptionist")
    assert sorted(rows) == sorted([("hc_owner", "hc_dba", False, True, False)]
                                  + [(role, "hc_owner", False, False, True) for role in login_roles])


def test_dba_login_does_not_carry_the_owners_privileges(as_role) -> None:
    dba = as_role.connect("hc_dba")
    with pytest.raises(INSUFFICIENT_PRIVILEGE):
        dba.execute("select count(*) from ref.icd10_chapter")  # hc_owner's table: not readable as plain dba
    dba.execute("set role hc_owner")
    assert dba.execute("select count(*) from ref.icd10_chapter").fetchone()[0] == 22


def test_public_can_execute_no_routine_of_the_project(conn: psycopg.Connection) -> None:
    rows = conn.execute(
        """select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
            where n.nspname = any(%s) and has_function_privilege('public', p.oid, 'EXECUTE')""",
        (list(PROJECT_SCHEMAS),),
    ).fetchall()
    assert rows == []
    assert conn.execute(
        "select count(*) from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'audit'"
    ).fetchone()[0] >= 8


AUDIT_CALLS = [
    "select * from audit.current_actor()",
    "select audit.set_application_user('x')",
    "select * from audit.patient_access_history(1)",
    "select audit.app_user_token('x')",
    "call audit.create_log_partitions()",
    "call audit.archive_log_partition('2015-03-01')",
]


def test_a_login_in_no_role_cannot_execute_audit_routines(conn: psycopg.Connection, as_role) -> None:
    user, url = as_role.login()
    # schema USAGE given on purpose, so the routine's own EXECUTE privilege is what refuses
    conn.execute(sql.SQL("grant usage on schema audit to {}").format(sql.Identifier(user)))
    with psycopg.connect(url, autocommit=True) as c:
        for call in AUDIT_CALLS:
            with pytest.raises(INSUFFICIENT_PRIVILEGE) as caught:
                c.execute(call)
            assert "permission denied for" in str(caught.value) and "schema" not in str(caught.value)


DIRECT_WRITES = [
    "insert into ref.icd10_chapter (chapter_no, code_range, title) values (99, 'X00-X01', 'x')",
    "update ref.icd10_code set description = 'x' where code = 'A00'",
    "delete from ref.atc_class",
    "truncate ref.atc_class",
    "insert into audit.log_default (db_role, table_schema, table_name, operation, row_key, new_row, "
    "transaction_id) values ('x', 'a', 'b', 'insert', '{}', '{}', 1)",
    "create table audit.intruder (x int)",
    "create function reporting.intruder() returns int language sql as 'select 1'",
    "create table public.intruder (x int)",
]


def test_no_role_writes_tables_directly(as_role) -> None:
    for group in ALL_ROLES:
        if group == "hc_owner":
            continue
        c = as_role.connect(group)
        for statement in DIRECT_WRITES:
            with pytest.raises(INSUFFICIENT_PRIVILEGE):
                c.execute(statement)


def test_staff_roles_read_the_code_sets_and_the_others_do_not(as_role) -> None:
    for group in ("hc_clinician", "hc_billing_clerk", "hc_pharmacist", "hc_app"):
        c = as_role.connect(group)
        assert c.execute("select description from ref.icd10_code where code = 'A00'").fetchone()[0].startswith("Cholera")
    for group in ("hc_receptionist", "hc_dba", "hc_analyst", "hc_bi_reader"):
        c = as_role.connect(group)
        with pytest.raises(INSUFFICIENT_PRIVILEGE):
            c.execute("select count(*) from ref.icd10_code")


NOT_OWNED_BY_HC_OWNER = """
select 'schema ' || nspname from pg_namespace where nspname = any(%(s)s) and nspowner <> 'hc_owner'::regrole
union all
select 'relation ' || c.oid::regclass from pg_class c join pg_namespace n on n.oid = c.relnamespace
 where n.nspname = any(%(s)s) and c.relowner <> 'hc_owner'::regrole
union all
select 'routine ' || p.oid::regprocedure from pg_proc p join pg_namespace n on n.oid = p.pronamespace
 where n.nspname = any(%(s)s) and p.proowner <> 'hc_owner'::regrole
union all
select 'type ' || t.oid::regtype from pg_type t join pg_namespace n on n.oid = t.typnamespace
 where n.nspname = any(%(s)s) and t.typowner <> 'hc_owner'::regrole
"""


def test_a_fresh_dbtool_apply_gives_everything_to_hc_owner_and_locks_out_public(empty_db_url: str) -> None:
    result = run_dbtool("apply", env={"DATABASE_URL": empty_db_url})
    assert result.returncode == 0, result.stderr
    assert "given to hc_owner" in result.stdout
    with psycopg.connect(empty_db_url, autocommit=True) as conn:
        assert conn.execute(NOT_OWNED_BY_HC_OWNER, {"s": list(PROJECT_SCHEMAS)}).fetchall() == []
        # and ext's extension members were left to the extensions
        assert conn.execute(
            "select count(*) from pg_proc p where p.pronamespace = 'ext'::regnamespace"
            " and p.proowner = 'hc_owner'::regrole"
        ).fetchone()[0] == 0
        public = conn.execute(
            """select has_database_privilege('public', current_database(), 'CONNECT'),
                      has_database_privilege('public', current_database(), 'TEMP'),
                      has_schema_privilege('public', 'public', 'USAGE'),
                      has_schema_privilege('public', 'public', 'CREATE'),
                      has_database_privilege('hc_clinician', current_database(), 'CONNECT'),
                      has_database_privilege('hc_owner', current_database(), 'CONNECT')"""
        ).fetchone()
        assert public == (False, False, False, False, True, False)
    roles = RoleConnector(empty_db_url)
    try:
        with pytest.raises(psycopg.OperationalError, match="permission denied for database"):
            psycopg.connect(roles.login()[1]).close()  # in no hc_ role: cannot even connect
        with psycopg.connect(roles.login("hc_bi_reader")[1]) as c:
            assert c.execute("select 1").fetchone()[0] == 1
    finally:
        roles.close()


def test_each_deploy_hands_over_objects_made_by_hand(conn: psycopg.Connection, db_url: str) -> None:
    conn.execute(
        """
        create table clinic.handmade (handmade_id bigint generated always as identity primary key);
        create sequence billing.handmade_seq;
        create view reporting.handmade as select 1 as one;
        create function util.handmade() returns int language sql as 'select 1';
        create type ref.handmade_status as enum ('a', 'b');
        create domain ref.handmade_code as text check (value <> '');
        create type ref.handmade_pair as (a int, b int);
        create schema dw_handmade_not_ours;
        create table dw_handmade_not_ours.t (t_id int primary key);
        """
    )
    with psycopg.connect(db_url, autocommit=True) as check:
        before = {r[0] for r in check.execute(NOT_OWNED_BY_HC_OWNER, {"s": list(PROJECT_SCHEMAS)}).fetchall()}
    assert before == {
        "relation clinic.handmade", "relation clinic.handmade_handmade_id_seq", "relation clinic.handmade_pkey",
        "relation billing.handmade_seq", "relation reporting.handmade", "routine util.handmade()",
        "type ref.handmade_status", "type ref.handmade_status[]", "type ref.handmade_code", "type ref.handmade_code[]",
        "type ref.handmade_pair", "type ref.handmade_pair[]", "relation ref.handmade_pair", "type clinic.handmade",
        "type clinic.handmade[]", "type reporting.handmade", "type reporting.handmade[]",
    }
    lines: list[str] = []
    deploy.apply(PROJECT, db_url, out=lines.append)  # nothing to deploy: the pass still runs
    assert "ownership: 7 object(s) given to hc_owner" in lines
    assert conn.execute(NOT_OWNED_BY_HC_OWNER, {"s": list(PROJECT_SCHEMAS)}).fetchall() == []
    assert ownership.not_owned(conn) == []
    # a schema that is not the project's is left alone
    assert conn.execute("select nspowner::regrole::text from pg_namespace where nspname = 'dw_handmade_not_ours'"
                        ).fetchone()[0] != "hc_owner"


def test_rolling_back_the_roles_keeps_them_and_revokes_this_databases_grants(db_url: str) -> None:
    # later migrations, 0031 (empty audit trail), then 0030
    deploy.rollback(PROJECT, db_url, steps_back_to("0030"), out=quiet)
    with psycopg.connect(db_url, autocommit=True) as conn:
        assert conn.execute("select count(*) from pg_roles where rolname like 'hc\\_%%'").fetchone()[0] >= 9
        assert conn.execute(
            """select has_schema_privilege('hc_clinician', 'audit', 'USAGE'),
                      has_table_privilege('hc_clinician', 'ref.icd10_code', 'SELECT'),
                      has_database_privilege('public', current_database(), 'TEMP')"""
        ).fetchone() == (False, False, True)
    deploy.apply(PROJECT, db_url, out=quiet)
    with psycopg.connect(db_url, autocommit=True) as conn:
        assert conn.execute(
            """select has_schema_privilege('hc_clinician', 'audit', 'USAGE'),
                      has_database_privilege('public', current_database(), 'TEMP')"""
        ).fetchone() == (True, False)


def test_rolling_back_the_audit_trail_is_refused_while_it_holds_rows(conn: psycopg.Connection, db_url: str) -> None:
    conn.execute(
        """insert into audit.log (db_role, table_schema, table_name, operation, row_key, new_row, transaction_id)
           values ('x', 'clinic', 'patient', 'insert', '{}', '{}', 1)"""
    )
    from dbtool.errors import DbtoolError

    with pytest.raises(DbtoolError, match="audit trail holds rows"):
        deploy.rollback(PROJECT, db_url, steps_back_to("0031"), out=quiet)
    assert conn.execute("select count(*) from audit.log").fetchone()[0] == 1
