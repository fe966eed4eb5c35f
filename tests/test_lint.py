"""dbtool lint: sqlfluff plus the project rules, on the real tree and on bad input."""

from __future__ import annotations

from conftest import PROJECT, run_dbtool

from dbtool import lint
from dbtool.config import Project


def codes(violations: list[lint.Violation]) -> list[str]:
    return [v.code for v in violations]


def test_main_has_zero_violations() -> None:
    assert lint.lint(PROJECT) == []


def test_security_definer_without_search_path_is_caught(project_copy: Project) -> None:
    (project_copy.sql_dir / "functions" / "util.leaky.sql").write_text(
        "create or replace function util.leaky()\nreturns integer\nlanguage sql\nsecurity definer\n"
        "as $$ select 1 $$;\n"
    )
    found = lint.project_violations(project_copy)
    assert [(v.path, v.code) for v in found] == [("sql/functions/util.leaky.sql", "P001")]


def test_security_definer_with_search_path_passes(project_copy: Project) -> None:
    (project_copy.sql_dir / "functions" / "util.pinned.sql").write_text(
        "create or replace function util.pinned()\nreturns integer\nlanguage sql\nsecurity definer\n"
        "set search_path = pg_catalog, pg_temp\nas $$ select 1 $$;\n"
    )
    assert lint.project_violations(project_copy) == []


def test_security_definer_in_a_migration_is_caught(project_copy: Project) -> None:
    (project_copy.migrations_dir / "0900_definer.sql").write_text(
        "create function util.in_migration() returns int language plpgsql security definer as $$\n"
        "begin return 1; end $$;\n"
    )
    (project_copy.migrations_dir / "0900_definer.rollback.sql").write_text("drop function util.in_migration();\n")
    assert codes(lint.project_violations(project_copy)) == ["P001"]


def test_the_words_inside_a_body_do_not_count(project_copy: Project) -> None:
    # 'security definer' inside a string or a body is not an option of the routine
    (project_copy.sql_dir / "functions" / "util.talks_about_it.sql").write_text(
        "create or replace function util.talks_about_it()\nreturns text\nlanguage sql\n"
        "as $$ select 'security definer' $$;\n"
    )
    assert lint.project_violations(project_copy) == []


def test_table_without_primary_key_or_comment_is_caught(project_copy: Project) -> None:
    (project_copy.tables_dir / "ref.bare.sql").write_text("CREATE TABLE ref.bare (\n    x integer\n);\n")
    found = [(v.path, v.code) for v in lint.project_violations(project_copy)]
    assert ("sql/tables/ref.bare.sql", "P002") in found
    assert ("sql/tables/ref.bare.sql", "P003") in found


def test_migration_without_rollback_is_caught(project_copy: Project) -> None:
    (project_copy.migrations_dir / "0900_lonely.sql").write_text("select 1;\n")
    assert codes(lint.project_violations(project_copy)) == ["P004"]


def test_sqlfluff_style_violation_is_reported(project_copy: Project) -> None:
    (project_copy.sql_dir / "functions" / "util.shouty.sql").write_text(
        "CREATE OR REPLACE FUNCTION util.shouty()\nRETURNS integer\nLANGUAGE sql\nAS $$ select 1 $$;\n"
    )
    found = lint.sqlfluff_violations(project_copy, [project_copy.sql_dir / "functions" / "util.shouty.sql"])
    assert "CP01" in codes(found)


def test_lint_command_exit_codes(project_copy: Project) -> None:
    clean = run_dbtool("lint", "--no-sqlfluff", env={"DBTOOL_PROJECT_DIR": str(project_copy.root)})
    assert clean.returncode == 0, clean.stdout + clean.stderr
    (project_copy.migrations_dir / "0900_lonely.sql").write_text("select 1;\n")
    dirty = run_dbtool("lint", "--no-sqlfluff", env={"DBTOOL_PROJECT_DIR": str(project_copy.root)})
    assert dirty.returncode == 1
    assert "migrations/0900_lonely.sql:1:1: P004" in dirty.stdout
