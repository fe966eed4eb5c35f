"""The low-stock NOTIFY: a listening connection receives one JSON message when a
medication's usable stock at a location crosses below its reorder level."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal

import psycopg
import pytest
from pharmacy_support import dispense, expired_lot, location, medication, receive

CHANNEL = "pharmacy_low_stock"


@pytest.fixture
def listener(db_url: str) -> Iterator[psycopg.Connection]:
    with psycopg.connect(db_url, autocommit=True) as connection:
        connection.execute(f"listen {CHANNEL}")
        yield connection


def received(listener: psycopg.Connection, expect: int = 0) -> list[dict]:
    """Messages on the channel: waits up to 5 s for `expect` of them, then 0.3 s more for any extra one."""
    notes = list(listener.notifies(timeout=5, stop_after=expect)) if expect else []
    notes += list(listener.notifies(timeout=0.3))
    return [json.loads(n.payload, parse_float=Decimal) for n in notes if n.channel == CHANNEL]


def test_crossing_the_reorder_level_notifies_once(conn, listener) -> None:
    med = medication(conn)
    main = location(conn, "MAIN")
    conn.execute("call pharmacy.set_reorder_level(%s, %s, 50, 200)", (med, main))
    receive(conn, med, main, "A", 30, 60)
    assert received(listener) == []  # stock going up never notifies

    dispense(conn, med, main, 5)  # 55: still at or above 50
    assert received(listener) == []

    dispense(conn, med, main, 10)  # 45: crossed
    messages = received(listener, expect=1)
    assert len(messages) == 1
    message = messages[0]
    movement_id = conn.execute("select max(stock_movement_id) from pharmacy.stock_movement").fetchone()[0]
    assert message["medication_id"] == med and message["stock_location_id"] == main
    assert message["location_code"] == "MAIN" and message["generic_name"] == "paracetamol"
    assert message["usable_quantity"] == Decimal("45")
    assert message["reorder_level"] == Decimal("50")
    assert message["reorder_quantity"] == Decimal("200")
    assert message["movement_type"] == "dispense" and message["stock_movement_id"] == movement_id
    assert message["dispensing_unit"] == "tablet" and message["occurred_at"]

    dispense(conn, med, main, 10)  # 35: already below, no new crossing
    assert received(listener) == []

    receive(conn, med, main, "B", 60, 100)  # 135: back above
    conn.execute("call pharmacy.adjust_stock(%s, -90, 'water damage')", (conn.execute(
        "select lot_id from pharmacy.lot where lot_number = 'B'").fetchone()[0],))  # 45: crossed again
    again = received(listener, expect=1)
    assert [(m["movement_type"], m["usable_quantity"]) for m in again] == [("adjustment", Decimal("45"))]


def test_a_multi_lot_dispense_notifies_once(conn, listener) -> None:
    med = medication(conn)
    main = location(conn, "MAIN")
    conn.execute("call pharmacy.set_reorder_level(%s, %s, 10, 50)", (med, main))
    for n in range(4):
        receive(conn, med, main, f"L{n}", 30 + n, 5)
    dispense(conn, med, main, 18)  # 20 -> 15 -> 10 -> 5 -> 2, one movement per lot
    messages = received(listener, expect=1)
    # one message, from the movement that crossed (10 -> 5), reporting the stock right after it
    assert [m["usable_quantity"] for m in messages] == [Decimal("5")]


def test_no_notification_from_a_rolled_back_change(conn, listener, db_url) -> None:
    med = medication(conn)
    main = location(conn, "MAIN")
    conn.execute("call pharmacy.set_reorder_level(%s, %s, 50, 200)", (med, main))
    receive(conn, med, main, "A", 30, 60)
    with psycopg.connect(db_url) as tx:  # not autocommit: one transaction
        tx.execute("call pharmacy.dispense_stock(%s, %s, 20)", (med, main))
        tx.rollback()
    assert received(listener) == []
    assert conn.execute("select on_hand from pharmacy.lot").fetchone()[0] == Decimal("60")


def test_expired_stock_and_unconfigured_medications_do_not_notify(conn, listener) -> None:
    med = medication(conn)
    other = medication(conn, "amoxicillin")
    main = location(conn, "MAIN")
    conn.execute("call pharmacy.set_reorder_level(%s, %s, 50, 200)", (med, main))
    receive(conn, med, main, "A", 30, 10)  # usable 10: below the level already
    expired_lot(conn, med, main, "OLD", 5, 100)
    conn.execute("call pharmacy.write_off_expired()")  # expired stock leaving is not usable stock leaving
    receive(conn, other, main, "X", 30, 100)
    dispense(conn, other, main, 99)  # no reorder setting for amoxicillin
    assert received(listener) == []
