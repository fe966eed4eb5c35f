"""dbtool tables [--check]: regenerate (or verify) sql/tables/ from the migrations."""

from __future__ import annotations

import argparse

from dbtool import tables
from dbtool.config import project
from dbtool.db import database_url
from dbtool.errors import DbtoolError


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("tables", help="regenerate sql/tables/ from a migrated scratch database")
    parser.add_argument("--check", action="store_true", help="fail if sql/tables/ is out of date; write nothing")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    proj = project()
    generated = tables.generate(proj, database_url(proj, args.database_url))
    if args.check:
        stale = tables.stale_files(proj, generated)
        if stale:
            raise DbtoolError(f"sql/tables/ is out of date ({', '.join(stale[:5])}): run `dbtool tables`")
        print(f"sql/tables/ is up to date ({len(generated)} tables)")
        return 0
    changed = tables.write(proj, generated)
    print(f"sql/tables/: {len(generated)} tables, {len(changed)} file(s) rewritten")
    return 0
