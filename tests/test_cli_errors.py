"""Every user-facing failure: one clear line on stderr, a non-zero exit, no traceback."""

from __future__ import annotations

import socket
import subprocess
from urllib.parse import urlsplit, urlunsplit

import psycopg
from conftest import SERVER_URL, run_dbtool

from dbtool.config import Project


def assert_one_clean_line(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("dbtool: ")
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_unreachable_server() -> None:
    result = run_dbtool("--database-url", f"postgresql://postgres@127.0.0.1:{free_port()}/x", "status")
    assert_one_clean_line(result, "cannot connect", "unreachable")


def test_bad_url() -> None:
    result = run_dbtool("--database-url", "mysql://root@localhost/db", "status")
    assert_one_clean_line(result, "bad database URL")


def test_malformed_url() -> None:
    result = run_dbtool("--database-url", "postgresql://user@host:notaport/db", "apply")
    assert_one_clean_line(result, "bad database URL")


def test_wrong_credentials() -> None:
    parts = urlsplit(SERVER_URL)
    wrong = urlunsplit((parts.scheme, f"postgres:wrong-password@{parts.hostname}:{parts.port}", parts.path, "", ""))
    result = run_dbtool("--database-url", wrong, "status")
    assert_one_clean_line(result, "wrong user name or password")


def test_database_url_from_the_environment_is_used() -> None:
    result = run_dbtool("status", env={"DATABASE_URL": f"postgresql://postgres@127.0.0.1:{free_port()}/x"})
    assert_one_clean_line(result, "cannot connect")


def test_migration_with_an_sql_error(empty_db_url: str, project_copy: Project) -> None:
    (project_copy.migrations_dir / "0900_typo.sql").write_text("create tabel ref.typo (typo_id int primary key);\n")
    (project_copy.migrations_dir / "0900_typo.rollback.sql").write_text("drop table ref.typo;\n")
    result = run_dbtool("--database-url", empty_db_url, "apply", env={"DBTOOL_PROJECT_DIR": str(project_copy.root)})
    assert_one_clean_line(result, "migrations/0900_typo.sql, line 1", "syntax error", "nothing was changed")
    with psycopg.connect(empty_db_url) as conn:
        # not even the earlier migrations of the same deploy stayed
        assert conn.execute("select to_regnamespace('clinic')").fetchone()[0] is None


def test_missing_rollback_file(empty_db_url: str, project_copy: Project) -> None:
    (project_copy.migrations_dir / "0900_alone.sql").write_text("select 1;\n")
    result = run_dbtool("--database-url", empty_db_url, "apply", env={"DBTOOL_PROJECT_DIR": str(project_copy.root)})
    assert_one_clean_line(result, "0900_alone.sql has no rollback")


def test_edited_landed_migration(empty_db_url: str, project_copy: Project) -> None:
    env = {"DBTOOL_PROJECT_DIR": str(project_copy.root)}
    assert run_dbtool("--database-url", empty_db_url, "apply", env=env).returncode == 0
    path = project_copy.migrations_dir / "0001_schemas.sql"
    path.write_text(path.read_text().replace("create schema billing;", "create schema billing; -- edited"))
    result = run_dbtool("--database-url", empty_db_url, "apply", env=env)
    assert_one_clean_line(result, "0001_schemas.sql was edited after it was applied")


def test_template_error(empty_db_url: str, project_copy: Project) -> None:
    (project_copy.sql_dir / "functions" / "util.broken.sql").write_text(
        "create or replace function util.broken()\nreturns int language sql\n{% if %}as $$ select 1 $$;\n"
    )
    result = run_dbtool("--database-url", empty_db_url, "apply", env={"DBTOOL_PROJECT_DIR": str(project_copy.root)})
    assert_one_clean_line(result, "template error in sql/functions/util.broken.sql, line 3")


def test_template_with_undefined_variable(empty_db_url: str, project_copy: Project) -> None:
    (project_copy.sql_dir / "functions" / "util.undefined.sql").write_text(
        "create or replace function util.undefined()\nreturns int language sql as $$ select {{ nothing_here }} $$;\n"
    )
    result = run_dbtool("render", env={"DBTOOL_PROJECT_DIR": str(project_copy.root)})
    assert_one_clean_line(result, "template error in sql/functions/util.undefined.sql", "nothing_here")


def test_template_with_an_sql_error(empty_db_url: str, project_copy: Project) -> None:
    (project_copy.sql_dir / "functions" / "util.bad_sql.sql").write_text(
        "create or replace function util.bad_sql()\nreturns int language sql as $$ select from_nowhere $$;\n"
    )
    result = run_dbtool("--database-url", empty_db_url, "apply", env={"DBTOOL_PROJECT_DIR": str(project_copy.root)})
    assert_one_clean_line(result, "sql/functions/util.bad_sql.sql", "from_nowhere", "nothing was changed")
    with psycopg.connect(empty_db_url) as conn:
        assert conn.execute("select to_regnamespace('clinic')").fetchone()[0] is None


def test_verbose_shows_the_traceback() -> None:
    result = run_dbtool("--verbose", "--database-url", "mysql://x/y", "status")
    assert result.returncode != 0
    assert "Traceback" in result.stderr


def test_rollback_with_nothing_applied(empty_db_url: str) -> None:
    result = run_dbtool("--database-url", empty_db_url, "rollback")
    assert_one_clean_line(result, "nothing to roll back")
