"""Statement-level triggers that pair a statement's OLD and NEW transition tables stay linear in bulk.

A trigger function's static SQL is planned once per session. When the first call sees empty transition
tables (a statement that updated nothing, such as a trigger's no-op sync), the cached plan pairs old and new
rows with a nested loop that rescans one transition table per row of the other: quadratic. At 20,000
patients an UPDATE of 1,765 appointments spent 70 s in the audit trigger instead of 0.3 s. These functions
EXECUTE their pairing statement, so it is planned for each statement's real size.

The tests read the plans PostgreSQL actually ran (auto_explain, nested statements, as NOTICEs) after a
zero-row statement primed the session: no transition table may be scanned more than once.
"""

from __future__ import annotations

import re

import psycopg
import pytest

from dbtool import seed
from tests.test_seed_generator import PLAN

TUPLESTORE_SCAN = re.compile(r"Named Tuplestore Scan .*loops=(\d+)")


@pytest.fixture
def seeded(conn: psycopg.Connection) -> psycopg.Connection:
    seed.run(conn, PLAN, out=lambda _line: None)
    return conn


def plans_of(conn: psycopg.Connection, statements: list[str]) -> list[str]:
    """Run the statements in one session with auto_explain logging every nested plan; return the plans."""
    plans: list[str] = []
    conn.add_notice_handler(lambda diag: plans.append(diag.message_primary or ""))
    conn.execute("load 'auto_explain'")
    for setting, value in (("log_min_duration", "0"), ("log_nested_statements", "on"), ("log_analyze", "on"),
                           ("log_timing", "off"), ("log_level", "notice")):
        conn.execute(f"set auto_explain.{setting} = {value}")
    for statement in statements:
        conn.execute(statement)
    conn.execute("set auto_explain.log_min_duration = -1")
    return plans


def rescans(plans: list[str], marker: str) -> list[int]:
    """Loops of every transition table scanned more than once in the plans containing marker."""
    found = []
    for plan in plans:
        if marker in plan:
            found += [int(loops) for loops in TUPLESTORE_SCAN.findall(plan) if int(loops) > 1]
    return found


def test_audit_of_a_bulk_update_pairs_rows_once(seeded: psycopg.Connection) -> None:
    appointments = seeded.execute("select count(*) from clinic.appointment").fetchone()[0]
    before = seeded.execute("select count(*) from audit.log where table_name = 'appointment'").fetchone()[0]
    plans = plans_of(seeded, [
        # primes the session: the encounter's status sync updates no appointment, so the appointment's audit
        # trigger runs nested, with empty transition tables
        "update clinic.encounter set chief_complaint = coalesce(chief_complaint, '') || ' (revised)'",
        "update clinic.appointment set reason = coalesce(reason, '') || ' (revised)'",
    ])
    assert rescans(plans, "insert into audit.log") == []
    assert any("insert into audit.log" in p and "Named Tuplestore Scan" in p for p in plans)
    logged = seeded.execute(
        """select count(*), count(*) filter (where changed_columns @> array['reason'])
             from audit.log where table_name = 'appointment' and operation = 'update'""").fetchone()
    assert logged == (appointments, appointments)
    assert seeded.execute("select count(*) from audit.log where table_name = 'appointment'").fetchone()[0] == (
        before + appointments)


def test_bulk_repricing_of_treatments_pairs_rows_once(seeded: psycopg.Connection) -> None:
    treatments = seeded.execute("select count(*) from clinic.treatment_given").fetchone()[0]
    assert treatments > 20
    plans = plans_of(seeded, [
        "update clinic.treatment_given set price = price where false",
        "update clinic.treatment_given set price = price + 1",
    ])
    assert rescans(plans, "update billing.invoice_line") == []
    mismatched = seeded.execute(
        """select count(*) from clinic.treatment_given t
             join billing.invoice_line l on l.treatment_given_id = t.treatment_given_id
            where l.unit_price <> t.price""").fetchone()[0]
    assert mismatched == 0
