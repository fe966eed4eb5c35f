"""dbtool server start|stop|status|url: the embedded PostgreSQL 18."""

from __future__ import annotations

import argparse

from dbtool.config import project
from dbtool.server import EmbeddedServer


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("server", help="start, stop or inspect the embedded PostgreSQL server")
    parser.add_argument("action", choices=("start", "stop", "status", "url"))
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    server = EmbeddedServer(project())
    if args.action == "start":
        info = server.start()
        print(f"embedded PostgreSQL running on 127.0.0.1:{info.port} (pid {info.pid}, data {server.pgdata})")
        print(f"connect: psql '{info.url()}'")
        return 0
    if args.action == "stop":
        print("embedded PostgreSQL stopped" if server.stop() else "embedded PostgreSQL was not running")
        return 0
    info = server.info()
    if args.action == "status":
        if info is None:
            print(f"embedded PostgreSQL is not running (data {server.pgdata})")
            return 3
        print(f"embedded PostgreSQL running on 127.0.0.1:{info.port} (pid {info.pid}, data {server.pgdata})")
        return 0
    if info is None:
        info = server.start()
    print(info.url())
    return 0
