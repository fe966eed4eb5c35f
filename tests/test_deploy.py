"""dbtool apply / status / rollback against real databases."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from conftest import PROJECT, run_dbtool

from dbtool import catalog, deploy
from dbtool.config import Project
from dbtool.errors import DbtoolError


def quiet(_line: str) -> None:
    pass


def snapshot(url: str) -> dict[str, str]:
    with psycopg.connect(url) as conn:
        return catalog.snapshot(conn)


def migration_ids(project: Project) -> list[str]:
    return sorted(p.stem for p in project.migrations_dir.glob("*.sql") if not p.name.endswith(".rollback.sql"))


def test_apply_on_empty_database_builds_everything(empty_db_url: str) -> None:
    plan = deploy.apply(PROJECT, empty_db_url, out=quiet)
    assert [m.id for m in plan.pending] == migration_ids(PROJECT)
    with psycopg.connect(empty_db_url) as conn:
        applied = [r[0] for r in conn.execute("select migration_id from dbtool._yoyo_migration order by 1")]
        assert applied == migration_ids(PROJECT)
        schemas = {r[0] for r in conn.execute("select nspname from pg_namespace")}
        assert {"clinic", "billing", "pharmacy", "ref", "audit", "dw", "reporting", "util"} <= schemas
        recorded = {r[0] for r in conn.execute("select path from dbtool.repeatable_object")}
        assert recorded == {t.path for t in plan.templates}
        # every object a template declares exists after the deploy
        for template in plan.templates:
            for obj in template.objects:
                assert catalog.definitions(conn, obj), obj.label()


def test_apply_twice_is_a_noop(empty_db_url: str) -> None:
    deploy.apply(PROJECT, empty_db_url, out=quiet)
    before = snapshot(empty_db_url)
    lines: list[str] = []
    plan = deploy.apply(PROJECT, empty_db_url, out=lines.append)
    assert plan.is_noop
    assert any("nothing to do" in line for line in lines)
    assert snapshot(empty_db_url) == before


def test_dry_run_changes_nothing_on_an_empty_database(empty_db_url: str) -> None:
    before = snapshot(empty_db_url)
    lines: list[str] = []
    deploy.apply(PROJECT, empty_db_url, dry_run=True, out=lines.append)
    assert snapshot(empty_db_url) == before
    text = "\n".join(lines)
    assert "-- migration 0001_schemas" in text and "create schema clinic" in text


def test_dry_run_changes_nothing_with_a_pending_migration(empty_db_url: str, project_copy: Project) -> None:
    deploy.apply(project_copy, empty_db_url, out=quiet)
    (project_copy.migrations_dir / "0900_extra.sql").write_text("create table ref.extra (extra_id int primary key);\n")
    (project_copy.migrations_dir / "0900_extra.rollback.sql").write_text("drop table ref.extra;\n")
    before = snapshot(empty_db_url)
    result = run_dbtool("--database-url", empty_db_url, "apply", "--dry-run", env={"DBTOOL_PROJECT_DIR": str(project_copy.root)})
    assert result.returncode == 0, result.stderr
    assert "create table ref.extra" in result.stdout
    assert snapshot(empty_db_url) == before


def test_failing_migration_leaves_the_database_unchanged(empty_db_url: str, project_copy: Project) -> None:
    deploy.apply(project_copy, empty_db_url, out=quiet)
    before = snapshot(empty_db_url)
    (project_copy.migrations_dir / "0900_first.sql").write_text("create table ref.first_ok (first_ok_id int primary key);\n")
    (project_copy.migrations_dir / "0900_first.rollback.sql").write_text("drop table ref.first_ok;\n")
    (project_copy.migrations_dir / "0901_broken.sql").write_text(
        "-- a broken migration\ncreate table ref.second_ok (second_ok_id int primary key);\n\n"
        "alter table ref.second_ok\n    add column oops integer references ref.no_such_table (x);\n"
    )
    (project_copy.migrations_dir / "0901_broken.rollback.sql").write_text("drop table ref.second_ok;\n")
    with pytest.raises(DbtoolError) as raised:
        deploy.apply(project_copy, empty_db_url, out=quiet)
    message = str(raised.value)
    # PostgreSQL gives no position for a missing table: the line is where the statement starts
    assert "migrations/0901_broken.sql, line 4" in message
    assert "no_such_table" in message
    assert snapshot(empty_db_url) == before  # 0900 rolled back too: one transaction


def test_a_server_older_than_required_is_refused_before_anything_runs(
    empty_db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real server (18) against a raised minimum: on a PostgreSQL 15 the deploy used to stop at 0030 with a
    syntax error; now it is refused first, with the server's version, and the database stays empty."""
    before = snapshot(empty_db_url)
    with psycopg.connect(empty_db_url) as conn:
        version = conn.execute("show server_version_num").fetchone()[0]
    monkeypatch.setattr(deploy, "MIN_SERVER_VERSION_NUM", int(version) + 10000)
    with pytest.raises(DbtoolError) as raised:
        deploy.apply(PROJECT, empty_db_url, out=quiet)
    assert f"needs PostgreSQL {int(version) // 10000 + 1} or newer; the server is PostgreSQL " in str(raised.value)
    with pytest.raises(DbtoolError):
        deploy.rollback(PROJECT, empty_db_url, 1, out=quiet)
    assert snapshot(empty_db_url) == before


def test_error_position_points_at_the_line(empty_db_url: str, project_copy: Project) -> None:
    (project_copy.migrations_dir / "0900_typo.sql").write_text(
        "create table ref.typo (\n    typo_id int primary key,\n    label txet not null\n);\n"
    )
    (project_copy.migrations_dir / "0900_typo.rollback.sql").write_text("drop table ref.typo;\n")
    with pytest.raises(DbtoolError, match=r"0900_typo.sql, line 3: type \"txet\" does not exist"):
        deploy.apply(project_copy, empty_db_url, out=quiet)


def test_two_concurrent_applies_serialize(empty_db_url: str, project_copy: Project) -> None:
    (project_copy.migrations_dir / "0900_slow.sql").write_text(
        "create table ref.slow (slow_id int primary key);\n\ninsert into ref.slow select 1 from pg_sleep(2);\n"
    )
    (project_copy.migrations_dir / "0900_slow.rollback.sql").write_text("drop table ref.slow;\n")
    command = [sys.executable, "-m", "dbtool", "--database-url", empty_db_url, "apply"]
    env = {**__import__("os").environ, "DBTOOL_PROJECT_DIR": str(project_copy.root)}
    first = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # start the second deploy once the first holds its advisory lock (a fixed sleep was too short under load)
    with psycopg.connect(empty_db_url, autocommit=True) as watcher:
        deadline = time.monotonic() + 60
        while not watcher.execute(
            "select exists (select from pg_locks where locktype = 'advisory' and granted"
            " and database = (select oid from pg_database where datname = current_database()))"
        ).fetchone()[0]:
            assert first.poll() is None and time.monotonic() < deadline, "the first deploy never took its lock"
            time.sleep(0.05)
    second = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out1, err1 = first.communicate(timeout=120)
    out2, err2 = second.communicate(timeout=120)
    assert first.returncode == 0, err1
    assert second.returncode == 0, err2
    assert "another deploy is running" in out2
    assert "nothing to do" in out2  # it re-planned after the first committed
    with psycopg.connect(empty_db_url) as conn:
        logged = conn.execute(
            "select migration_id, count(*) from dbtool._yoyo_log where operation = 'apply' group by 1 having count(*) > 1"
        ).fetchall()
        assert logged == []
        assert conn.execute("select count(*) from ref.slow").fetchone()[0] == 1


def test_rollback_then_apply_returns_the_same_catalog(empty_db_url: str) -> None:
    deploy.apply(PROJECT, empty_db_url, out=quiet)
    head = snapshot(empty_db_url)
    rolled = deploy.rollback(PROJECT, empty_db_url, 2, out=quiet)
    assert rolled == migration_ids(PROJECT)[::-1][:2]
    assert snapshot(empty_db_url) != head
    deploy.apply(PROJECT, empty_db_url, out=quiet)
    assert snapshot(empty_db_url) == head


def test_rollback_of_everything_leaves_only_bookkeeping(empty_db_url: str) -> None:
    deploy.apply(PROJECT, empty_db_url, out=quiet)
    deploy.rollback(PROJECT, empty_db_url, len(migration_ids(PROJECT)), out=quiet)
    with psycopg.connect(empty_db_url) as conn:
        left = conn.execute(
            "select nspname from pg_namespace where nspname not like 'pg_%' and nspname not in"
            " ('information_schema', 'public', 'dbtool')"
        ).fetchall()
        assert left == []
    with pytest.raises(DbtoolError, match="nothing to roll back"):
        deploy.rollback(PROJECT, empty_db_url, 1, out=quiet)


def _add_function(project: Project, name: str, body: str) -> None:
    path = project.sql_dir / "functions" / f"util.{name}.sql"
    path.write_text(
        f"create or replace function util.{name}()\nreturns integer\nlanguage sql\nimmutable\n"
        f"as $$ select {body} $$;\n\ncomment on function util.{name}() is 'test function';\n"
    )


def test_edited_function_is_reapplied_and_unedited_one_is_not(empty_db_url: str, project_copy: Project) -> None:
    _add_function(project_copy, "test_one", "1")
    _add_function(project_copy, "test_two", "2")
    deploy.apply(project_copy, empty_db_url, out=quiet)
    with psycopg.connect(empty_db_url) as conn:
        stamps_before = dict(conn.execute("select path, applied_at from dbtool.repeatable_object").fetchall())
    _add_function(project_copy, "test_one", "11")
    lines: list[str] = []
    plan = deploy.apply(project_copy, empty_db_url, out=lines.append)
    assert plan.reasons == {"functions/util.test_one.sql": "changed"}
    assert any("util.test_one.sql: applied (changed)" in line for line in lines)
    with psycopg.connect(empty_db_url) as conn:
        assert conn.execute("select util.test_one(), util.test_two()").fetchone() == (11, 2)
        stamps_after = dict(conn.execute("select path, applied_at from dbtool.repeatable_object").fetchall())
    changed = {path for path in stamps_after if stamps_after[path] != stamps_before.get(path)}
    assert changed == {"functions/util.test_one.sql"}


def test_status_reports_drift_and_apply_repairs_it(empty_db_url: str) -> None:
    deploy.apply(PROJECT, empty_db_url, out=quiet)
    with psycopg.connect(empty_db_url, autocommit=True) as conn:
        conn.execute(
            "create or replace function util.set_updated_at() returns trigger language plpgsql"
            " as $$ begin return new; end $$"
        )
    lines: list[str] = []
    plan = deploy.status(PROJECT, empty_db_url, out=lines.append)
    assert plan.reasons.get("functions/util.set_updated_at.sql") == "drift"
    assert any(line.strip().startswith("drift") and "util.set_updated_at" in line for line in lines)
    deploy.apply(PROJECT, empty_db_url, out=quiet)
    with psycopg.connect(empty_db_url) as conn:
        body = conn.execute("select prosrc from pg_proc where proname = 'set_updated_at'").fetchone()[0]
    assert "now()" in body
    assert deploy.status(PROJECT, empty_db_url, out=quiet).is_noop


def test_status_lists_pending_migrations_and_unmanaged_objects(empty_db_url: str, project_copy: Project) -> None:
    deploy.apply(project_copy, empty_db_url, out=quiet)
    (project_copy.migrations_dir / "0900_extra.sql").write_text("create table ref.extra (extra_id int primary key);\n")
    (project_copy.migrations_dir / "0900_extra.rollback.sql").write_text("drop table ref.extra;\n")
    with psycopg.connect(empty_db_url, autocommit=True) as conn:
        conn.execute("create function util.handmade() returns int language sql as $$ select 1 $$")
    lines: list[str] = []
    deploy.status(project_copy, empty_db_url, out=lines.append)
    assert any(re.match(r"\s+pending\s+0900_extra", line) for line in lines)
    assert any("unmanaged function util.handmade" in line for line in lines)


def test_deleted_template_is_dropped(empty_db_url: str, project_copy: Project) -> None:
    _add_function(project_copy, "short_lived", "1")
    deploy.apply(project_copy, empty_db_url, out=quiet)
    (project_copy.sql_dir / "functions" / "util.short_lived.sql").unlink()
    deploy.apply(project_copy, empty_db_url, out=quiet)
    with psycopg.connect(empty_db_url) as conn:
        assert conn.execute("select to_regprocedure('util.short_lived()')").fetchone()[0] is None
        assert conn.execute(
            "select count(*) from dbtool.repeatable_object where path like '%short_lived%'"
        ).fetchone()[0] == 0


def test_view_survives_a_migration_that_alters_its_table(empty_db_url: str, project_copy: Project) -> None:
    (project_copy.migrations_dir / "0900_thing.sql").write_text(
        "create table ref.thing (thing_id int primary key, label text not null);\n"
        "comment on table ref.thing is 'test';\n"
    )
    (project_copy.migrations_dir / "0900_thing.rollback.sql").write_text("drop table ref.thing;\n")
    (project_copy.sql_dir / "views").mkdir(exist_ok=True)
    (project_copy.sql_dir / "views" / "reporting.thing_label.sql").write_text(
        "create or replace view reporting.thing_label as\nselect thing_id, label from ref.thing;\n"
    )
    deploy.apply(project_copy, empty_db_url, out=quiet)
    # a migration that changes the column type the view reads would fail while the view exists
    (project_copy.migrations_dir / "0901_thing_label.sql").write_text("alter table ref.thing alter column label type varchar(200);\n")
    (project_copy.migrations_dir / "0901_thing_label.rollback.sql").write_text("alter table ref.thing alter column label type text;\n")
    deploy.apply(project_copy, empty_db_url, out=quiet)
    with psycopg.connect(empty_db_url) as conn:
        assert conn.execute("select count(*) from reporting.thing_label").fetchone()[0] == 0


def test_edited_landed_migration_is_refused(empty_db_url: str, project_copy: Project) -> None:
    deploy.apply(project_copy, empty_db_url, out=quiet)
    path = project_copy.migrations_dir / "0002_medication_catalog.sql"
    path.write_text(path.read_text() + "\n-- an innocent-looking edit\n")
    with pytest.raises(DbtoolError, match="0002_medication_catalog.sql was edited after it was applied"):
        deploy.apply(project_copy, empty_db_url, out=quiet)


def test_edited_migration_data_file_is_refused(empty_db_url: str, project_copy: Project) -> None:
    deploy.apply(project_copy, empty_db_url, out=quiet)
    data = next((project_copy.migrations_dir / "0003_icd10cm.data").glob("1_*"))
    data.write_bytes(data.read_bytes() + b"\n")
    with pytest.raises(DbtoolError, match="0003_icd10cm.sql was edited after it was applied"):
        deploy.apply(project_copy, empty_db_url, out=quiet)


def test_missing_rollback_file_is_refused_before_anything_runs(empty_db_url: str, project_copy: Project) -> None:
    (project_copy.migrations_dir / "0900_norollback.sql").write_text("create table ref.x (x_id int primary key);\n")
    before = snapshot(empty_db_url)
    with pytest.raises(DbtoolError, match="0900_norollback.sql has no rollback"):
        deploy.apply(project_copy, empty_db_url, out=quiet)
    assert snapshot(empty_db_url) == before


def test_migration_data_is_loaded_with_copy(conn: psycopg.Connection) -> None:
    counts = conn.execute(
        "select (select count(*) from ref.icd10_chapter), (select count(*) from ref.icd10_block),"
        " (select count(*) from ref.icd10_code), (select count(*) from ref.icd10_code where is_billable)"
    ).fetchone()
    assert counts == (22, 297, 98186, 74719)
    row = conn.execute(
        "select c.description, b.title, ch.title from ref.icd10_code c join ref.icd10_block b using (block_code)"
        " join ref.icd10_chapter ch on ch.chapter_no = c.chapter_no where c.code = 'E11.65'"
    ).fetchone()
    assert row[0].startswith("Type 2 diabetes mellitus with hyperglycemia")
    assert row[1] == "Diabetes mellitus"
    assert row[2].startswith("Endocrine, nutritional and metabolic diseases")


def test_template_requires_orders_files(project_copy: Project) -> None:
    from dbtool.render import Renderer

    (project_copy.sql_dir / "functions" / "util.a_first_by_name.sql").write_text(
        "-- requires: functions/util.z_needed.sql\ncreate or replace function util.a_first_by_name()\n"
        "returns int language sql as $$ select util.z_needed() $$;\n"
    )
    (project_copy.sql_dir / "functions" / "util.z_needed.sql").write_text(
        "create or replace function util.z_needed()\nreturns int language sql as $$ select 1 $$;\n"
    )
    order = [t.path for t in Renderer(project_copy.sql_dir).render_all()]
    assert order.index("functions/util.z_needed.sql") < order.index("functions/util.a_first_by_name.sql")


def test_render_is_deterministic(tmp_path: Path) -> None:
    first = run_dbtool("render", "--out", str(tmp_path / "a"))
    second = run_dbtool("render", "--out", str(tmp_path / "b"))
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.sql"))
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.sql"))
    assert files_a == files_b and files_a
    for rel in files_a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()
    assert "{{" not in (tmp_path / "a" / "triggers" / "pharmacy.medication_updated_at.sql").read_text()


def test_changed_signature_leaves_no_old_overload(empty_db_url: str, project_copy: Project) -> None:
    path = project_copy.sql_dir / "functions" / "util.resized.sql"
    path.write_text("create or replace function util.resized(a integer)\nreturns integer language sql as $$ select a $$;\n")
    deploy.apply(project_copy, empty_db_url, out=quiet)
    path.write_text(
        "create or replace function util.resized(a integer, b integer)\nreturns integer language sql"
        " as $$ select a + b $$;\n"
    )
    deploy.apply(project_copy, empty_db_url, out=quiet)
    with psycopg.connect(empty_db_url) as conn:
        overloads = conn.execute(
            "select oid::regprocedure::text from pg_proc where proname = 'resized' order by 1"
        ).fetchall()
    assert overloads == [("util.resized(integer,integer)",)]


def test_hand_made_overload_is_drift_and_removed(empty_db_url: str) -> None:
    deploy.apply(PROJECT, empty_db_url, out=quiet)
    with psycopg.connect(empty_db_url, autocommit=True) as conn:
        conn.execute("create function util.set_updated_at(x integer) returns integer language sql as $$ select x $$")
    plan = deploy.status(PROJECT, empty_db_url, out=quiet)
    assert plan.reasons.get("functions/util.set_updated_at.sql") == "drift"
    deploy.apply(PROJECT, empty_db_url, out=quiet)
    with psycopg.connect(empty_db_url) as conn:
        assert conn.execute("select count(*) from pg_proc where proname = 'set_updated_at'").fetchone()[0] == 1
