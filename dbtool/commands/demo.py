"""dbtool demo: the one command a new user runs."""

from __future__ import annotations

import argparse
import os

from dbtool import deploy
from dbtool.config import project
from dbtool.db import database_url


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("demo", help="start the embedded server, deploy everything, show where it is")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    proj = project()
    using_embedded = not (args.database_url or os.environ.get("DATABASE_URL"))
    print("1/2 server: " + ("starting the embedded PostgreSQL 18" if using_embedded else "using DATABASE_URL"))
    url = database_url(proj, args.database_url)
    print("2/2 deploy: migrations and SQL objects")
    deploy.apply(proj, url, out=lambda line: print(f"    {line}"))
    print()
    print("The healthcare database is ready.")
    print(f"  connect with:  psql '{url}'")
    return 0
