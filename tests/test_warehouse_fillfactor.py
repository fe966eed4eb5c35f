"""Fact partitions and aggregates keep 10 % of each page free (fillfactor 90, migration 0090 and
dw.ensure_month_partitions), so a refresh's updates stay on the row's page (HOT). The speed is measured in
bench/warehouse.py (docs/warehouse.md, Performance); these tests hold the storage option in place."""

from __future__ import annotations

from pathlib import Path

import psycopg
from test_core_support import Clinic
from test_warehouse_etl import assert_incremental_equals_rebuild, rebuild, refresh, small_world

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"

WAREHOUSE_TABLES = """
    select c.oid::regclass::text, coalesce('fillfactor=90' = any(c.reloptions), false)
    from pg_class as c
    inner join pg_namespace as n on n.oid = c.relnamespace
    where n.nspname = 'dw' and c.relkind = 'r'
      and (c.relname like 'agg\\_%' or (c.relispartition and c.relname like 'fact\\_%'))
    order by 1
"""


def fillfactors(conn: psycopg.Connection) -> dict[str, bool]:
    return dict(conn.execute(WAREHOUSE_TABLES).fetchall())


def test_every_fact_partition_and_aggregate_keeps_room_after_loads_and_new_months(conn: psycopg.Connection) -> None:
    clinic = small_world(conn)
    assert refresh(conn) == "succeeded"
    loaded = fillfactors(conn)
    assert any(name.startswith("dw.fact_encounter_") for name in loaded)
    assert any(name.startswith("dw.agg_") for name in loaded)
    assert [name for name, has in loaded.items() if not has] == []
    # a visit two months on makes the refresh create that month's partitions; a rebuild truncates and refills
    clinic.visit(hour=9, days=62)
    assert refresh(conn) == "succeeded"
    assert rebuild(conn) == "succeeded"
    grown = fillfactors(conn)
    assert len(grown) > len(loaded)
    assert [name for name, has in grown.items() if not has] == []


def test_migration_0090_sets_it_on_a_loaded_warehouse_and_its_rollback_resets_it(conn: psycopg.Connection) -> None:
    forward = (MIGRATIONS / "0090_warehouse_fillfactor.sql").read_text()
    backward = (MIGRATIONS / "0090_warehouse_fillfactor.rollback.sql").read_text()
    small_world(conn)
    assert refresh(conn) == "succeeded"
    conn.execute(backward)
    assert set(fillfactors(conn).values()) == {False}
    conn.execute(forward)
    assert set(fillfactors(conn).values()) == {True}


def test_a_refresh_updates_fact_rows_of_full_pages_in_place(conn: psycopg.Connection) -> None:
    # enough diagnoses of one encounter to fill several pages of their fact partition; 1 in 20 then changes:
    # with no free space each changed row would move to another page (and add an index entry)
    clinic = Clinic(conn)
    visit = clinic.visit()
    conn.execute(
        """insert into clinic.diagnosis (encounter_id, icd10_code, severity)
           select %s, c.code, 'mild' from ref.icd10_code as c where c.is_billable order by 2 limit 400""",
        (visit["encounter"],),
    )
    assert refresh(conn) == "succeeded"
    partition, pages = conn.execute(
        "select f.tableoid::regclass::text, pg_relation_size(f.tableoid) / current_setting('block_size')::int"
        " from dw.fact_diagnosis as f limit 1"
    ).fetchone()
    assert pages >= 4
    changed = conn.execute(
        "update clinic.diagnosis set severity = 'moderate' where encounter_id = %s and diagnosis_id %% 20 = 0",
        (visit["encounter"],),
    ).rowcount
    assert changed >= 15
    assert refresh(conn) == "succeeded"
    conn.execute("select pg_stat_force_next_flush()")
    updated, hot, moved = conn.execute(
        "select n_tup_upd, n_tup_hot_upd, n_tup_newpage_upd from pg_stat_user_tables where relid = %s::regclass",
        (partition,),
    ).fetchone()
    assert (updated, hot, moved) == (changed, changed, 0)
    assert_incremental_equals_rebuild(conn)
