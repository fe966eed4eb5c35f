"""dbtool lint: sqlfluff over sql/ and migrations/, plus the project rules."""

from __future__ import annotations

import argparse

from dbtool import lint
from dbtool.config import project
from dbtool.errors import DbtoolError


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("lint", help="sqlfluff and project rules; exit 1 on any violation")
    parser.add_argument("--no-sqlfluff", action="store_true", help="project rules only (fast)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    violations = lint.lint(project(), sqlfluff=not args.no_sqlfluff)
    for violation in violations:
        print(violation)
    if violations:
        raise DbtoolError(f"lint: {len(violations)} violation(s)")
    print("lint: no violations")
    return 0
