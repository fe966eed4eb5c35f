"""sql/tables/ is generated from the migrations and must never be stale."""

from __future__ import annotations

import difflib

import psycopg
from conftest import PROJECT, SERVER_URL

from dbtool import tables


def test_sql_tables_is_up_to_date() -> None:
    generated = tables.generate(PROJECT, SERVER_URL)
    stale = tables.stale_files(PROJECT, generated)
    diff = []
    for name in stale[:3]:
        committed = (PROJECT.tables_dir / name).read_text().splitlines() if (PROJECT.tables_dir / name).exists() else []
        diff += difflib.unified_diff(committed, generated.get(name, "").splitlines(), name, "generated", lineterm="")
    assert stale == [], f"run `dbtool tables`: stale {stale}\n" + "\n".join(diff[:80])


def test_every_table_has_a_primary_key_and_a_comment(conn: psycopg.Connection) -> None:
    missing = conn.execute(
        """
        select n.nspname || '.' || c.relname,
               exists (select 1 from pg_constraint k where k.conrelid = c.oid and k.contype = 'p'),
               obj_description(c.oid, 'pg_class') is not null
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where c.relkind in ('r', 'p') and not c.relispartition
           and n.nspname not in ('pg_catalog', 'information_schema', 'dbtool') and n.nspname not like 'pg_%'
        """
    ).fetchall()
    assert missing, "no tables found"
    assert [row for row in missing if not (row[1] and row[2])] == []


def test_policy_roles_are_listed_by_name_not_by_role_oid() -> None:
    # pg_dump prints a policy's roles in OID order; a cluster whose roles were created in another
    # order (or re-created) must still produce the same sql/tables/ files
    line = "CREATE POLICY p ON clinic.patient FOR SELECT TO hc_clinician, hc_app USING ((x = 1));"
    assert tables._sorted_policy_roles(line) == (
        "CREATE POLICY p ON clinic.patient FOR SELECT TO hc_app, hc_clinician USING ((x = 1));"
    )
    untouched = "ALTER TABLE clinic.patient ENABLE ROW LEVEL SECURITY;"
    assert tables._sorted_policy_roles(untouched) == untouched
