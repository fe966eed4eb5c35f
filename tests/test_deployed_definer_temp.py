"""Security definer routines that use temporary tables work on a real deploy.

Test databases are clones of a template, and a clone does not copy the
database ACL, so PUBLIC still has TEMP there. Here the project is deployed
with `dbtool apply` into a brand-new database, where 0030 has revoked TEMP
from PUBLIC: the warehouse refresh (security definer, owned by hc_owner,
working sets in pg_temp) must still run.
"""

import psycopg

from conftest import run_dbtool


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
