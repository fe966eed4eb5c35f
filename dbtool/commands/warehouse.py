"""dbtool warehouse refresh|status|stop-capture: run the warehouse ETL (once or every N minutes), monitor it, pause
its change capture."""

from __future__ import annotations

import argparse
import sys

from dbtool import warehouse
from dbtool.config import project
from dbtool.db import database_url


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("warehouse", help="refresh the warehouse (dw) or show its ETL status")
    actions = parser.add_subparsers(dest="warehouse_action", metavar="ACTION", required=True)
    refresh = actions.add_parser(
        "refresh",
        help="CALL dw.refresh(): move what changed since the last run, with progress and a summary per table",
    )
    refresh.add_argument(
        "--every", metavar="DURATION",
        help="keep refreshing: start a run every DURATION (e.g. 30s, 15m, 1h) until Ctrl-C or SIGTERM",
    )
    refresh.add_argument(
        "--rebuild", action="store_true", help="CALL dw.rebuild() instead: reload everything (with --every: first run)"
    )
    refresh.add_argument(
        "--lock-wait", metavar="DURATION",
        help="give up (ZW003) when another run holds the warehouse lock this long (e.g. 0s, 30s; default: wait)",
    )
    refresh.set_defaults(handler=run_refresh)
    status = actions.add_parser("status", help="last runs, change-log backlog, watermark per source")
    status.add_argument("--runs", type=int, default=10, help="how many recent runs to list (default 10)")
    status.set_defaults(handler=run_status)
    stop = actions.add_parser(
        "stop-capture",
        help="CALL dw.stop_change_capture(): stop logging OLTP changes (e.g. before a bulk import) until the next "
        "refresh --rebuild",
    )
    stop.set_defaults(handler=run_stop_capture)


def run_refresh(args: argparse.Namespace) -> int:
    # validate the input before touching a server: bad input is one line and exit 2
    every = warehouse.parse_duration(args.every, "--every") if args.every is not None else None
    lock_wait = (
        warehouse.parse_duration(args.lock_wait, "--lock-wait", allow_zero=True) if args.lock_wait is not None else None
    )
    url = database_url(project(), args.database_url)
    if every is None:
        warehouse.run_once(url, args.rebuild, _print_flush, lock_wait)
        return 0
    return warehouse.run_every(url, every, args.rebuild, _print_flush, _stderr, lock_wait)


def run_status(args: argparse.Namespace) -> int:
    url = database_url(project(), args.database_url)
    warehouse.status(url, print, max(1, args.runs))
    return 0


def run_stop_capture(args: argparse.Namespace) -> int:
    url = database_url(project(), args.database_url)
    warehouse.stop_capture(url, print)
    return 0


def _print_flush(line: str) -> None:
    print(line, flush=True)


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)
