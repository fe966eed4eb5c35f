"""sql/tables/ is generated from the migrations and must never be stale."""

from __future__ import annotations

import psycopg
from conftest import PROJECT, SERVER_URL

from dbtool import tables


def test_sql_tables_is_up_to_date() -> None:
    generated = tables.generate(PROJECT, SERVER_URL)
    stale = tables.stale_files(PROJECT, generated)
    assert stale == [], f"run `dbtool tables`: stale {stale}"


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
