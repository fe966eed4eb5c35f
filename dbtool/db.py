"""Choosing the server and connecting to it, with errors a DBA can read."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import psycopg
from psycopg import conninfo

from dbtool.config import Project
from dbtool.errors import DbtoolError

MIN_SERVER_VERSION = 150000


def database_url(project: Project, explicit: str | None = None) -> str:
    """`--database-url`, else $DATABASE_URL, else the embedded server (started on demand)."""
    url = explicit or os.environ.get("DATABASE_URL")
    if url:
        check_url(url)
        return url
    from dbtool.server import EmbeddedServer

    return EmbeddedServer(project).start().url()


def check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("postgresql", "postgres"):
        raise DbtoolError(f"bad database URL: scheme must be postgresql://, got {parts.scheme or 'none'!r}")
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as exc:
        raise DbtoolError(f"bad database URL: {exc}") from exc
    if not parts.path.strip("/"):
        raise DbtoolError("bad database URL: no database name (postgresql://user:password@host:port/DATABASE)")
    try:
        conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError as exc:
        raise DbtoolError(f"bad database URL: {first_line(str(exc))}") from exc


def first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else text


def describe_target(url: str) -> str:
    """host:port/db without the password, for messages."""
    info = conninfo.conninfo_to_dict(url)
    host = info.get("host") or "localhost"
    port = info.get("port") or "5432"
    return f"{info.get('user') or ''}@{host}:{port}/{info.get('dbname') or ''}".lstrip("@")


def connect(url: str, *, autocommit: bool = False, application_name: str = "dbtool") -> psycopg.Connection:
    check_url(url)
    try:
        conn = psycopg.connect(url, autocommit=autocommit, connect_timeout=10, application_name=application_name)
    except psycopg.OperationalError as exc:
        raise DbtoolError(f"cannot connect to {describe_target(url)}: {connection_reason(exc)}") from exc
    if conn.info.server_version < MIN_SERVER_VERSION:
        version = conn.info.server_version
        conn.close()
        raise DbtoolError(f"PostgreSQL {version // 10000} is too old: dbtool needs 15 or newer")
    return conn


def connection_reason(exc: psycopg.OperationalError) -> str:
    text = str(exc)
    if "password authentication failed" in text:
        return "wrong user name or password"
    if "does not exist" in text and "role" in text:
        return "that role does not exist (wrong user name)"
    if "does not exist" in text and "database" in text:
        return "that database does not exist"
    if "Connection refused" in text or "could not connect" in text or "timeout expired" in text:
        return "server unreachable (is it running, and is the host/port right?)"
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "unknown error"


def with_database(url: str, dbname: str) -> str:
    """The same server and credentials, another database."""
    from urllib.parse import quote, urlunsplit

    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + quote(dbname, safe=""), parts.query, parts.fragment))


class ScratchDatabase:
    """A throw-away database on the same server, dropped on exit."""

    def __init__(self, url: str, prefix: str = "dbtool_scratch", template: str | None = None) -> None:
        import secrets

        self.template = template
        self.server_url = url
        self.name = f"{prefix}_{secrets.token_hex(4)}"
        self.url = with_database(url, self.name)

    def __enter__(self) -> "ScratchDatabase":
        from psycopg import sql

        with connect(with_database(self.server_url, "postgres"), autocommit=True) as conn:
            if self.template is None:
                conn.execute(sql.SQL("create database {}").format(sql.Identifier(self.name)))
            else:
                # file copy: much faster than the default WAL-logged copy for a large template
                conn.execute(sql.SQL("create database {} template {} strategy file_copy").format(
                    sql.Identifier(self.name), sql.Identifier(self.template)))
        return self

    def __exit__(self, *exc: object) -> None:
        from psycopg import sql

        with connect(with_database(self.server_url, "postgres"), autocommit=True) as conn:
            conn.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(self.name)))
