"""dbtool demo: the one command a new user runs."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import psycopg

from dbtool import deploy, seed
from dbtool.config import project
from dbtool.db import database_url
from dbtool.errors import DbtoolError


# small enough to finish in seconds; 14 complete months so the monthly report
# has a previous month and a year of trend
DEMO_PATIENTS = 1000
DEMO_MONTHS = 14


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("demo", help="start the embedded server, deploy everything, show where it is")
    parser.add_argument(
        "--patients", type=int, default=DEMO_PATIENTS, help=f"synthetic patients (default {DEMO_PATIENTS:,})"
    )
    parser.add_argument("--months", type=int, default=DEMO_MONTHS, help=f"months of history (default {DEMO_MONTHS})")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    proj = project()
    using_embedded = not (args.database_url or os.environ.get("DATABASE_URL"))
    print("1/5 server: " + ("starting the embedded PostgreSQL 18" if using_embedded else "using DATABASE_URL"))
    url = database_url(proj, args.database_url)
    print("2/5 deploy: migrations and SQL objects")
    deploy.apply(proj, url, out=lambda line: print(f"    {line}"))
    with psycopg.connect(url, autocommit=True) as conn:
        has_data = conn.execute("select exists (select 1 from clinic.patient)").fetchone()[0]  # type: ignore[index]
        if has_data:
            print("3/5 data: the clinic already has patients; left as it is")
        else:
            print("3/5 data: synthetic clinic (dbtool seed)")
            plan = seed.SeedPlan(args.patients, args.months, 1, seed.first_of_current_month())
            seed.run(conn, plan, out=lambda line: print(f"    {line}"))
        print("4/5 warehouse: CALL dw.refresh() (a full load the first time)")
        refresh_warehouse(conn)
        print("5/5 report: the latest complete month")
        report_path = write_latest_report(conn, proj.root / "reports")
    print()
    print("The healthcare database is ready.")
    print(f"  connect with:  psql '{url}'")
    if report_path:
        print(f"  monthly report: {report_path}")
        print("  more months:    dbtool report list, dbtool report monthly --month YYYY-MM")
    return 0


def refresh_warehouse(conn: psycopg.Connection) -> None:
    run_id, status = conn.execute("call dw.refresh()").fetchone()  # type: ignore[misc]
    if status != "succeeded":
        row = conn.execute(
            "select error_sqlstate, error_message from dw.etl_run where etl_run_id = %s", (run_id,)
        ).fetchone()
        detail = f"{row[0]}: {row[1]}" if row else "see dw.etl_run"
        raise DbtoolError(f"the warehouse refresh failed ({detail})")
    print(f"    warehouse run {run_id} {status}")


def write_latest_report(conn: psycopg.Connection, out_dir: Path) -> Path | None:
    from dbtool import report  # matplotlib: only when a report is drawn

    month = report.latest_complete_month(conn)
    if month is None:
        print("    no complete month in the warehouse yet: no report")
        return None
    path, _ = report.render_month(conn, month, out_dir)
    print(f"    {month:%B %Y}: {path}")
    return path
