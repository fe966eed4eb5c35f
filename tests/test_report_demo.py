"""`dbtool demo` ends with the latest complete month's report and says where it is."""

from __future__ import annotations

import psycopg
import pytest

from dbtool import seed
from dbtool.config import Project
from dbtool.report_data import add_months
from tests.conftest import run_dbtool


@pytest.mark.slow
def test_demo_refreshes_the_warehouse_and_writes_the_report(empty_db_url: str, project_copy: Project) -> None:
    env = {"DATABASE_URL": empty_db_url, "DBTOOL_PROJECT_DIR": str(project_copy.root)}
    result = run_dbtool("demo", "--patients", "60", "--months", "2", env=env)
    assert result.returncode == 0, result.stderr
    month = add_months(seed.first_of_current_month(), -1)
    path = project_copy.root / "reports" / f"report-{month:%Y-%m}.html"
    assert f"monthly report: {path}" in result.stdout
    html = path.read_text(encoding="utf-8")
    assert f"Monthly report &middot; {month:%B %Y}" in html
    with psycopg.connect(empty_db_url, autocommit=True) as conn:
        status = conn.execute("select run_status from dw.etl_run order by etl_run_id desc limit 1").fetchone()
        visits = conn.execute(
            "select value from reporting.kpi_headline where month_start = %s and kpi_code = 'visits'", (month,)
        ).fetchone()
    assert status == ("succeeded",)
    assert visits and visits[0] > 0
    assert f'data-kpi="visits" data-unit="count" data-value="{visits[0]}"' in html
    # run again: the data is left as it is, the warehouse refreshed, the report rewritten
    again = run_dbtool("demo", env=env)
    assert again.returncode == 0, again.stderr
    assert "left as it is" in again.stdout and f"monthly report: {path}" in again.stdout
