"""dbtool status: applied and pending migrations, changed objects, drift."""

from __future__ import annotations

import argparse

from dbtool import deploy
from dbtool.config import project
from dbtool.db import database_url


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("status", help="show migrations, changed objects and drift")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    proj = project()
    deploy.status(proj, database_url(proj, args.database_url))
    return 0
