"""The test harness: one real PostgreSQL, a template database built once, a clone per test.

The server is $DATABASE_URL's if set, else the project's embedded PostgreSQL 18
(started on demand, reused across runs). pytest-postgresql's noproc factory
builds `<db>_tmpl` once per session by running `dbtool apply` into it (all
migrations and SQL objects), and its `postgresql` fixture clones that template
for every test that asks for a database.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import psycopg
import pytest
from psycopg import sql
from pytest_postgresql import factories

from dbtool import deploy
from dbtool.config import Project
from dbtool.db import ScratchDatabase, database_url, with_database

PROJECT = Project(Path(__file__).resolve().parent.parent)
SERVER_URL = database_url(PROJECT)  # starts the embedded server when DATABASE_URL is unset
_server = urlsplit(SERVER_URL)
# one name per pytest process, so parallel runs on one server never collide
TEST_DBNAME = f"dbtool_test_{os.getpid()}"


def load_schema(host: str, port: int, user: str, dbname: str, password: str | None, **_: object) -> None:
    """pytest-postgresql loader: deploy the whole project into the template database."""
    deploy.apply(PROJECT, with_database(SERVER_URL, dbname), out=lambda _line: None)


postgresql_proc = factories.postgresql_noproc(
    host=_server.hostname,
    port=_server.port or 5432,
    user=unquote(_server.username or "postgres"),
    password=unquote(_server.password) if _server.password else None,
    dbname=TEST_DBNAME,
    load=[load_schema],
)
postgresql = factories.postgresql("postgresql_proc")


@pytest.fixture
def db_url(postgresql: psycopg.Connection) -> str:
    """URL of this test's own fresh clone of the fully deployed template."""
    return with_database(SERVER_URL, postgresql.info.dbname)


@pytest.fixture
def conn(db_url: str) -> Iterator[psycopg.Connection]:
    """An autocommit superuser connection to this test's database."""
    with psycopg.connect(db_url, autocommit=True) as connection:
        yield connection


@pytest.fixture
def empty_db_url() -> Iterator[str]:
    """A brand-new empty database on the test server (for deploy tests)."""
    with ScratchDatabase(SERVER_URL, "dbtool_empty") as scratch:
        yield scratch.url


@pytest.fixture
def project_copy(tmp_path: Path) -> Project:
    """A private copy of the project's migrations and sql/, for tests that edit them."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copytree(PROJECT.migrations_dir, root / "migrations")
    shutil.copytree(PROJECT.sql_dir, root / "sql")
    shutil.copy(PROJECT.root / "pyproject.toml", root / "pyproject.toml")
    shutil.copy(PROJECT.root / ".sqlfluff", root / ".sqlfluff")
    shutil.copy(PROJECT.root / ".sqlfluffignore", root / ".sqlfluffignore")
    return Project(root)


class RoleConnector:
    """Creates throw-away LOGIN users in a group role and connects as them."""

    def __init__(self, db_url: str) -> None:
        self.db_url = db_url
        self.created: list[str] = []
        self.connections: list[psycopg.Connection] = []

    def login(self, group_role: str | None = None, *, name: str | None = None) -> tuple[str, str]:
        """Create a login user (optionally member of `group_role`); returns (user, url)."""
        user = name or f"test_user_{secrets.token_hex(4)}"
        password = secrets.token_urlsafe(12)
        with psycopg.connect(self.db_url, autocommit=True) as admin:
            admin.execute(sql.SQL("create role {} login password {}").format(sql.Identifier(user), sql.Literal(password)))
            if group_role:
                admin.execute(sql.SQL("grant {} to {}").format(sql.Identifier(group_role), sql.Identifier(user)))
        self.created.append(user)
        parts = urlsplit(self.db_url)
        host = parts.hostname or "127.0.0.1"
        netloc = f"{quote(user, safe='')}:{quote(password, safe='')}@{host}:{parts.port or 5432}"
        return user, f"postgresql://{netloc}{parts.path}"

    def connect(self, group_role: str | None = None, *, autocommit: bool = True) -> psycopg.Connection:
        """A connection as a fresh login user in `group_role`."""
        _, url = self.login(group_role)
        connection = psycopg.connect(url, autocommit=autocommit)
        self.connections.append(connection)
        return connection

    def close(self) -> None:
        for connection in self.connections:
            connection.close()
        with psycopg.connect(self.db_url, autocommit=True) as admin:
            for user in self.created:
                admin.execute(sql.SQL("drop owned by {}").format(sql.Identifier(user)))
                admin.execute(sql.SQL("drop role if exists {}").format(sql.Identifier(user)))


@pytest.fixture
def as_role(db_url: str) -> Iterator[RoleConnector]:
    """`as_role.connect('clinician')`: a real login connection as a member of a role."""
    connector = RoleConnector(db_url)
    yield connector
    connector.close()


def run_dbtool(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the real CLI in a subprocess (exit codes, stderr, no traceback)."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "dbtool", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd or PROJECT.root,
        timeout=300,
    )
