"""A refresh applies its deltas to the large per-patient aggregates sorted in the order of the index the MERGE
finds their groups by (the `probe_order` of the `agg_apply_body` macro, sql/macros/warehouse.sql), so that
consecutive lookups walk that index forward. The speed is measured in bench/warehouse.py (docs/warehouse.md,
Performance); this test holds the order and the index together: dropping or reordering the index, or naming a
column the aggregate has not, fails it."""

from __future__ import annotations

import re

import psycopg

# `order by <columns>` closing the delta CTE, then (after comments) the MERGE into the aggregate it feeds
ORDERED_DELTA = re.compile(
    r"order by ([\w, ]+?)\s*\),\s*merged as \(\s*(?:--[^\n]*\n\s*)*merge into dw\.(\w+)", re.IGNORECASE
)

INDEX_KEYS = """
    select array_agg(a.attname::text order by k.ordinality)
    from pg_index as i
    cross join lateral unnest(i.indkey[0:i.indnkeyatts - 1]) with ordinality as k (attnum, ordinality)
    inner join pg_attribute as a on a.attrelid = i.indrelid and a.attnum = k.attnum
    where i.indrelid = %s::regclass
    group by i.indexrelid
"""


def test_the_per_patient_aggregates_take_their_deltas_in_the_order_of_one_of_their_indexes(
    conn: psycopg.Connection,
) -> None:
    source = conn.execute("select prosrc from pg_proc where oid = 'dw.load_aggregates'::regproc").fetchone()[0]
    ordered = {table: [c.strip() for c in columns.split(",")] for columns, table in ORDERED_DELTA.findall(source)}
    assert set(ordered) == {"agg_visit_patient", "agg_patient_visits", "agg_diagnosis_patient"}
    for table, columns in ordered.items():
        indexes = [keys for (keys,) in conn.execute(INDEX_KEYS, (f"dw.{table}",)).fetchall()]
        assert any(keys[: len(columns)] == columns for keys in indexes), (table, columns, indexes)
