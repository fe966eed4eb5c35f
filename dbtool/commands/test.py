"""dbtool test [PYTEST ARGS]: the test suite, against a real PostgreSQL."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from dbtool.config import project


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "test",
        help="run the test suite (arguments after `test` go to pytest)",
        description="Runs pytest in the project. Uses $DATABASE_URL's server if set, else the embedded one.",
    )
    parser.set_defaults(handler=run, pytest_args=[])


def run(args: argparse.Namespace) -> int:
    root = project().root
    env = dict(os.environ)
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    command = [sys.executable, "-m", "pytest", *args.pytest_args]
    return subprocess.call(command, cwd=root, env=env)
