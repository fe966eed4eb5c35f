"""Security definer routines that use temporary tables work on a real deploy.

Test databases are clones of a template, and a clone does not copy the
database ACL, so PUBLIC still has TEMP there. Here the project is deployed
with `dbtool apply` into a brand-new database, where 0030 has revoked TEMP
from PUBLIC: the warehouse refresh (security definer, owned by hc_owner,
working sets in pg_temp) must still run.
"""

import psycopg

from conftest import PROJECT, run_dbtool

from dbtool import migrations


def test_warehouse_refresh_runs_on_a_freshly_deployed_database(empty_db_url: str) -> None:
    result = run_dbtool("--database-url", empty_db_url, "apply")
    assert result.returncode == 0, result.stderr
    with psycopg.connect(empty_db_url, autocommit=True) as conn:
        public_temp, owner_temp = conn.execute(
            "select has_database_privilege('public', current_database(), 'TEMP'),"
            " has_database_privilege('hc_owner', current_database(), 'TEMP')"
        ).fetchone()
        assert (public_temp, owner_temp) == (False, True)
        conn.execute("call dw.refresh()")
        status = conn.execute("select run_status from dw.etl_run order by etl_run_id desc limit 1").fetchone()
        assert status == ("succeeded",)


def test_a_fresh_deploy_turns_jit_off_for_new_sessions(empty_db_url: str) -> None:
    """Migration 0088: JIT compilation (on by default in packaged servers) is off in the deployed database,
    for a superuser's session and for a reporting login's; the database's other settings are untouched."""
    result = run_dbtool("--database-url", empty_db_url, "apply")
    assert result.returncode == 0, result.stderr
    with psycopg.connect(empty_db_url, autocommit=True) as conn:
        assert conn.execute("show jit").fetchone() == ("off",)
        settings = conn.execute(
            "select setconfig from pg_db_role_setting where setdatabase = (select oid from pg_database"
            " where datname = current_database()) and setrole = 0"
        ).fetchone()
        assert settings == (["jit=off"],)
        conn.execute("create role jit_probe_reader login password 'probe-secret' in role hc_bi_reader")
        try:
            probe_url = psycopg.conninfo.make_conninfo(empty_db_url, user="jit_probe_reader", password="probe-secret")
            with psycopg.connect(probe_url) as reader:
                assert reader.execute("show jit").fetchone() == ("off",)
        finally:
            conn.execute("drop role jit_probe_reader")
    # roll back 0088 and every migration that landed after it
    steps = sum(1 for m in migrations.load(PROJECT.migrations_dir) if m.id >= "0088")
    result = run_dbtool("--database-url", empty_db_url, "rollback", "--steps", str(steps))
    assert result.returncode == 0, result.stderr
    with psycopg.connect(empty_db_url, autocommit=True) as conn:
        assert conn.execute("show jit").fetchone() == ("on",)


def test_a_deployer_that_does_not_own_the_database_gets_a_warning_not_a_failure(empty_db_url: str) -> None:
    """Only a database's owner may ALTER DATABASE ... SET: 0088 run by another role warns (with the statement
    to give the owner) and changes nothing, instead of failing the whole deploy."""
    migration = (PROJECT.migrations_dir / "0088_database_jit_off.sql").read_text()
    with psycopg.connect(empty_db_url, autocommit=True) as admin:
        admin.execute("create role jit_probe_deployer login password 'probe-secret'")
        try:
            url = psycopg.conninfo.make_conninfo(empty_db_url, user="jit_probe_deployer", password="probe-secret")
            with psycopg.connect(url, autocommit=True) as deployer:
                notices: list[tuple[str | None, str | None, str | None]] = []  # read inside the handler
                deployer.add_notice_handler(
                    lambda d: notices.append((d.severity_nonlocalized, d.sqlstate, d.message_hint))
                )
                deployer.execute(migration.encode())
            assert [(severity, sqlstate) for severity, sqlstate, _ in notices] == [("WARNING", "01000")]
            assert "alter database" in (notices[0][2] or "")
            assert admin.execute(
                "select count(*) from pg_db_role_setting where setdatabase = (select oid from pg_database"
                " where datname = current_database())"
            ).fetchone() == (0,)
        finally:
            admin.execute("drop role jit_probe_deployer")
