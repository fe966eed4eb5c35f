"""dbtool serve [--port N] [--refresh S]: the medication dashboard for a ward screen.

Binds 127.0.0.1 only (put a reverse proxy in front to share it), answers GET /
with a freshly rendered page (one short connection per request) that reloads
itself every --refresh seconds, and stops on Ctrl-C.
"""

from __future__ import annotations

import argparse
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import psycopg

from dbtool.config import project
from dbtool.dashboard import build_page
from dbtool.db import connect, database_url
from dbtool.errors import DbtoolError

HOST = "127.0.0.1"
DEFAULT_PORT = 8050
DEFAULT_REFRESH = 60


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("serve", help="serve the live medication dashboard on localhost (auto-refresh)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port on {HOST} (default {DEFAULT_PORT}; 0 = any free port)")
    parser.add_argument(
        "--refresh", type=int, default=DEFAULT_REFRESH, help=f"seconds between page reloads (default {DEFAULT_REFRESH})"
    )
    parser.set_defaults(handler=run)


def make_server(url: str, port: int = DEFAULT_PORT, refresh_seconds: int = DEFAULT_REFRESH) -> ThreadingHTTPServer:
    """An HTTP server on 127.0.0.1:port serving the dashboard from `url` (not started)."""
    if not 0 <= port <= 65535:
        raise DbtoolError(f"--port must be between 0 and 65535, got {port}")
    if refresh_seconds < 5:
        raise DbtoolError(f"--refresh must be at least 5 seconds, got {refresh_seconds}")

    class DashboardHandler(BaseHTTPRequestHandler):
        server_version = "dbtool-dashboard"

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            if self.path.split("?", 1)[0] not in ("/", "/medication"):
                self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"not found: try /\n")
                return
            try:
                with connect(url, autocommit=True, application_name="dbtool serve") as conn:
                    html, _ = build_page(conn, refresh_seconds)
            except (DbtoolError, psycopg.Error) as exc:
                message = f"dashboard unavailable: {str(exc).strip().splitlines()[0]}\n"
                self._send(HTTPStatus.SERVICE_UNAVAILABLE, "text/plain; charset=utf-8", message.encode())
                return
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", html.encode("utf-8"))

        def _send(self, status: HTTPStatus, content_type: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's signature
            sys.stderr.write(f"{self.address_string()} {format % args}\n")

    try:
        return ThreadingHTTPServer((HOST, port), DashboardHandler)
    except OSError as exc:
        raise DbtoolError(f"cannot listen on {HOST}:{port}: {exc.strerror or exc}") from exc


def run(args: argparse.Namespace) -> int:
    url = database_url(project(), args.database_url)
    server = make_server(url, args.port, args.refresh)
    host, port = server.server_address[:2]
    print(f"medication dashboard on http://{host}:{port}/ (refresh every {args.refresh} s); Ctrl-C to stop", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("stopped")
    finally:
        server.server_close()
    return 0
