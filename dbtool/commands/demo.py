"""dbtool demo: the one command a new user runs."""

from __future__ import annotations

import argparse
import os

import psycopg

from dbtool import deploy, seed
from dbtool.config import project
from dbtool.db import database_url


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
    print("1/3 server: " + ("starting the embedded PostgreSQL 18" if using_embedded else "using DATABASE_URL"))
    url = database_url(proj, args.database_url)
    print("2/3 deploy: migrations and SQL objects")
    deploy.apply(proj, url, out=lambda line: print(f"    {line}"))
    with psycopg.connect(url, autocommit=True) as conn:
        has_data = conn.execute("select exists (select 1 from clinic.patient)").fetchone()[0]  # type: ignore[index]
        if has_data:
            print("3/3 data: the clinic already has patients; left as it is")
        else:
            print("3/3 data: synthetic clinic (dbtool seed)")
            plan = seed.SeedPlan(args.patients, args.months, 1, seed.first_of_current_month())
            seed.run(conn, plan, out=lambda line: print(f"    {line}"))
    print()
    print("The healthcare database is ready.")
    print(f"  connect with:  psql '{url}'")
    return 0
