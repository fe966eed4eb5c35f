"""dbtool apply [--dry-run]: migrations then repeatable objects, in one transaction."""

from __future__ import annotations

import argparse

from dbtool import deploy
from dbtool.config import project
from dbtool.db import database_url


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("apply", help="deploy pending migrations and changed SQL objects")
    parser.add_argument("--dry-run", action="store_true", help="print the SQL that would run; change nothing")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    proj = project()
    deploy.apply(proj, database_url(proj, args.database_url), dry_run=args.dry_run)
    return 0
