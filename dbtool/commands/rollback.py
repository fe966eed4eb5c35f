"""dbtool rollback [--steps N]: undo the last N versioned migrations."""

from __future__ import annotations

import argparse

from dbtool import deploy
from dbtool.config import project
from dbtool.db import database_url


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("rollback", help="roll back the last N migrations (default 1)")
    parser.add_argument("--steps", type=int, default=1)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    proj = project()
    deploy.rollback(proj, database_url(proj, args.database_url), args.steps)
    return 0
