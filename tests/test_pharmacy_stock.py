"""The stock procedures: happy paths, FEFO, expiry, and every rejection (SQLSTATE, nothing changed)."""

from __future__ import annotations

from decimal import Decimal

import psycopg
import pytest
from pharmacy_support import (
    dispense,
    expired_lot,
    ledger_mismatches,
    location,
    medication,
    on_hand,
    prescription,
    receive,
    sqlstate,
    state,
)


def assert_rejected(conn: psycopg.Connection, code: str, statement: str, params: tuple = ()) -> None:
    """The statement fails with exactly this SQLSTATE and leaves every stock row as it was."""
    before = state(conn)
    with sqlstate(code) as exc:
        conn.execute(statement, params)
    assert exc.value.sqlstate == code
    assert state(conn) == before


@pytest.fixture
def stock(conn: psycopg.Connection) -> dict[str, int]:
    """One medication, a pharmacy and a ward, nothing in stock."""
    return {
        "med": medication(conn),
        "main": location(conn, "MAIN"),
        "ward": location(conn, "WARD-1", "ward"),
    }


# -- receive_stock -------------------------------------------------------------


def test_receive_creates_the_lot_then_tops_it_up(conn, stock) -> None:
    lot = receive(conn, stock["med"], stock["main"], "A100", 200, 100, "0.0425")
    again = receive(conn, stock["med"], stock["main"], "A100", 200, 40, "0.0425")
    assert again == lot
    assert on_hand(conn, lot) == Decimal("140")
    movements = conn.execute(
        "select movement_type, quantity from pharmacy.stock_movement where lot_id = %s order by 1, 2", (lot,)
    ).fetchall()
    assert movements == [("receipt", Decimal("40")), ("receipt", Decimal("100"))]
    assert conn.execute("select unit_cost from pharmacy.lot where lot_id = %s", (lot,)).fetchone()[0] == Decimal(
        "0.0425"
    )


@pytest.mark.parametrize(
    ("code", "args"),
    [
        ("22023", "%(med)s, %(main)s, 'B1', current_date + 100, 0, 0.10"),
        ("22023", "%(med)s, %(main)s, 'B1', current_date + 100, -5, 0.10"),
        ("22023", "%(med)s, %(main)s, 'B1', current_date + 100, 10, -0.01"),
        ("22023", "%(med)s, %(main)s, '  ', current_date + 100, 10, 0.10"),
        ("22023", "%(med)s, %(main)s, 'B1', null, 10, 0.10"),
        ("P0002", "999999, %(main)s, 'B1', current_date + 100, 10, 0.10"),
        ("P0002", "%(med)s, 999999, 'B1', current_date + 100, 10, 0.10"),
        ("ZP002", "%(med)s, %(main)s, 'B1', current_date - 1, 10, 0.10"),
        ("ZP006", "%(med)s, %(main)s, 'A100', current_date + 101, 10, 0.10"),
        ("ZP006", "%(med)s, %(main)s, 'A100', current_date + 100, 10, 0.11"),
    ],
)
def test_receive_rejections(conn, stock, code, args) -> None:
    receive(conn, stock["med"], stock["main"], "A100", 100, 10, "0.10")
    assert_rejected(conn, code, f"call pharmacy.receive_stock({args})", stock)


def test_receive_refuses_inactive_medication_and_closed_location(conn, stock) -> None:
    conn.execute("update pharmacy.stock_location set is_active = false where stock_location_id = %s", (stock["ward"],))
    assert_rejected(
        conn, "ZP005", "call pharmacy.receive_stock(%s, %s, 'C1', current_date + 9, 1, 1)", (stock["med"], stock["ward"])
    )
    conn.execute("update pharmacy.medication set is_active = false where medication_id = %s", (stock["med"],))
    assert_rejected(
        conn, "ZP005", "call pharmacy.receive_stock(%s, %s, 'C1', current_date + 9, 1, 1)", (stock["med"], stock["main"])
    )


# -- dispense_stock ------------------------------------------------------------


def test_dispense_is_first_expiry_first_out(conn, stock) -> None:
    late = receive(conn, stock["med"], stock["main"], "LATE", 300, 50)
    early = receive(conn, stock["med"], stock["main"], "EARLY", 20, 30)
    middle = receive(conn, stock["med"], stock["main"], "MIDDLE", 90, 40)
    dispensing_id, dispensed = dispense(conn, stock["med"], stock["main"], 45, reference="ward round")
    assert dispensed == Decimal("45")
    taken = conn.execute(
        """select lot_id, -quantity from pharmacy.stock_movement
            where dispensing_id = %s and movement_type = 'dispense' order by stock_movement_id""",
        (dispensing_id,),
    ).fetchall()
    assert taken == [(early, Decimal("30")), (middle, Decimal("15"))]
    assert [on_hand(conn, lot) for lot in (early, middle, late)] == [Decimal("0"), Decimal("25"), Decimal("50")]
    row = conn.execute(
        "select requested_quantity, dispensed_quantity, is_partial, reference from pharmacy.dispensing"
    ).fetchone()
    assert row == (Decimal("45"), Decimal("45"), False, "ward round")


def test_dispense_never_touches_an_expired_lot(conn, stock) -> None:
    old = expired_lot(conn, stock["med"], stock["main"], "OLD", 3, 500)
    fresh = receive(conn, stock["med"], stock["main"], "FRESH", 60, 20)
    _, dispensed = dispense(conn, stock["med"], stock["main"], 20)
    assert dispensed == Decimal("20")
    assert on_hand(conn, old) == Decimal("500")
    assert on_hand(conn, fresh) == Decimal("0")
    # 500 expired units on the shelf are not stock: nothing usable is left
    assert_rejected(
        conn, "ZP001", "call pharmacy.dispense_stock(%s, %s, 1, p_allow_partial => true)", (stock["med"], stock["main"])
    )


def test_a_lot_expiring_today_is_still_usable(conn, stock) -> None:
    today = receive(conn, stock["med"], stock["main"], "TODAY", 0, 5)
    _, dispensed = dispense(conn, stock["med"], stock["main"], 5)
    assert dispensed == Decimal("5") and on_hand(conn, today) == 0


def test_partial_dispense_is_recorded_as_partial(conn, stock) -> None:
    a = receive(conn, stock["med"], stock["main"], "A", 30, 7)
    b = receive(conn, stock["med"], stock["main"], "B", 40, 5)
    prescription_id = prescription(conn, stock["med"], 20)
    dispensing_id, dispensed = dispense(
        conn, stock["med"], stock["main"], 20, allow_partial=True, prescription_id=prescription_id
    )
    assert dispensed == Decimal("12")
    row = conn.execute(
        """select requested_quantity, dispensed_quantity, is_partial, prescription_id
             from pharmacy.dispensing where dispensing_id = %s""",
        (dispensing_id,),
    ).fetchone()
    assert row == (Decimal("20"), Decimal("12"), True, prescription_id)
    assert on_hand(conn, a) == 0 and on_hand(conn, b) == 0
    prescriptions = conn.execute(
        "select distinct prescription_id from pharmacy.stock_movement where dispensing_id = %s", (dispensing_id,)
    ).fetchall()
    assert prescriptions == [(prescription_id,)]


def test_dispense_without_partial_refuses_and_changes_nothing(conn, stock) -> None:
    receive(conn, stock["med"], stock["main"], "A", 30, 7)
    assert_rejected(conn, "ZP001", "call pharmacy.dispense_stock(%s, %s, 8)", (stock["med"], stock["main"]))


def test_dispense_looks_only_at_its_own_location(conn, stock) -> None:
    receive(conn, stock["med"], stock["main"], "A", 30, 100)
    assert_rejected(conn, "ZP001", "call pharmacy.dispense_stock(%s, %s, 1)", (stock["med"], stock["ward"]))


@pytest.mark.parametrize(
    ("code", "args"),
    [
        ("22023", "%(med)s, %(main)s, 0"),
        ("22023", "%(med)s, %(main)s, null"),
        ("22023", "%(med)s, null, 1"),
        ("P0002", "999999, %(main)s, 1"),
        ("P0002", "%(med)s, 999999, 1"),
    ],
)
def test_dispense_rejections(conn, stock, code, args) -> None:
    receive(conn, stock["med"], stock["main"], "A", 30, 10)
    assert_rejected(conn, code, f"call pharmacy.dispense_stock({args})", stock)


def test_dispense_refuses_a_closed_location(conn, stock) -> None:
    receive(conn, stock["med"], stock["main"], "A", 30, 10)
    conn.execute("update pharmacy.stock_location set is_active = false where stock_location_id = %s", (stock["main"],))
    assert_rejected(conn, "ZP005", "call pharmacy.dispense_stock(%s, %s, 1)", (stock["med"], stock["main"]))


# -- return_stock --------------------------------------------------------------


def test_return_puts_units_back_into_the_lot(conn, stock) -> None:
    lot = receive(conn, stock["med"], stock["main"], "A", 30, 10)
    prescription_id = prescription(conn, stock["med"], 6)
    dispensing_id, _ = dispense(conn, stock["med"], stock["main"], 6, prescription_id=prescription_id)
    movement_id = conn.execute(
        "call pharmacy.return_stock(%s, 2, 'patient discharged', %s)", (lot, dispensing_id)
    ).fetchone()[0]
    assert on_hand(conn, lot) == Decimal("6")
    row = conn.execute(
        "select movement_type, quantity, dispensing_id, prescription_id, reason from pharmacy.stock_movement"
        " where stock_movement_id = %s",
        (movement_id,),
    ).fetchone()
    assert row == ("return", Decimal("2"), dispensing_id, prescription_id, "patient discharged")
    # without naming the dispensing: up to what left the lot and has not come back (6 - 2)
    conn.execute("call pharmacy.return_stock(%s, 4)", (lot,))
    assert on_hand(conn, lot) == Decimal("10")


def test_return_rejections(conn, stock) -> None:
    lot = receive(conn, stock["med"], stock["main"], "A", 30, 10)
    other = receive(conn, stock["med"], stock["main"], "B", 60, 10)
    first, _ = dispense(conn, stock["med"], stock["main"], 4)
    second, _ = dispense(conn, stock["med"], stock["main"], 3)
    gone = expired_lot(conn, stock["med"], stock["main"], "GONE", 1, 0.001)
    assert_rejected(conn, "ZP007", "call pharmacy.return_stock(%s, 8)", (lot,))  # only 7 left the lot
    assert_rejected(conn, "ZP007", "call pharmacy.return_stock(%s, 4, null, %s)", (lot, second))  # that one took 3
    assert_rejected(conn, "ZP007", "call pharmacy.return_stock(%s, 1, null, %s)", (other, first))  # not from B
    assert_rejected(conn, "ZP002", "call pharmacy.return_stock(%s, 0.001)", (gone,))
    assert_rejected(conn, "P0002", "call pharmacy.return_stock(999999, 1)")
    assert_rejected(conn, "P0002", "call pharmacy.return_stock(%s, 1, null, 999999)", (lot,))
    assert_rejected(conn, "22023", "call pharmacy.return_stock(%s, 0)", (lot,))


# -- adjust_stock --------------------------------------------------------------


def test_adjust_changes_a_lot_with_a_reason(conn, stock) -> None:
    lot = receive(conn, stock["med"], stock["main"], "A", 30, 10)
    conn.execute("call pharmacy.adjust_stock(%s, -3, 'broken bottle')", (lot,))
    conn.execute("call pharmacy.adjust_stock(%s, 1, 'stock take found one')", (lot,))
    assert on_hand(conn, lot) == Decimal("8")
    reasons = conn.execute(
        "select reason from pharmacy.stock_movement where movement_type = 'adjustment' order by stock_movement_id"
    ).fetchall()
    assert reasons == [("broken bottle",), ("stock take found one",)]


def test_adjust_rejections(conn, stock) -> None:
    lot = receive(conn, stock["med"], stock["main"], "A", 30, 10)
    assert_rejected(conn, "ZP001", "call pharmacy.adjust_stock(%s, -11, 'count')", (lot,))
    assert_rejected(conn, "22023", "call pharmacy.adjust_stock(%s, -1, '  ')", (lot,))
    assert_rejected(conn, "22023", "call pharmacy.adjust_stock(%s, -1, null)", (lot,))
    assert_rejected(conn, "22023", "call pharmacy.adjust_stock(%s, 0, 'count')", (lot,))
    assert_rejected(conn, "P0002", "call pharmacy.adjust_stock(999999, 1, 'count')")


# -- transfer_stock ------------------------------------------------------------


def test_transfer_moves_units_to_the_same_lot_elsewhere(conn, stock) -> None:
    lot = receive(conn, stock["med"], stock["main"], "A", 30, 10, "0.25")
    ward_lot = conn.execute("call pharmacy.transfer_stock(%s, %s, 4, 'ward top-up')", (lot, stock["ward"])).fetchone()[0]
    again = conn.execute("call pharmacy.transfer_stock(%s, %s, 1)", (lot, stock["ward"])).fetchone()[0]
    assert again == ward_lot
    assert on_hand(conn, lot) == Decimal("5") and on_hand(conn, ward_lot) == Decimal("5")
    copy = conn.execute(
        "select lot_number, expiry_date, unit_cost, stock_location_id from pharmacy.lot where lot_id = %s", (ward_lot,)
    ).fetchone()
    original = conn.execute(
        "select lot_number, expiry_date, unit_cost from pharmacy.lot where lot_id = %s", (lot,)
    ).fetchone()
    assert copy == (*original, stock["ward"])
    pairs = conn.execute(
        """select o.quantity, i.quantity from pharmacy.stock_movement as i
             join pharmacy.stock_movement as o on o.stock_movement_id = i.related_movement_id
            where i.movement_type = 'transfer_in' and o.movement_type = 'transfer_out' order by i.stock_movement_id"""
    ).fetchall()
    assert pairs == [(Decimal("-4"), Decimal("4")), (Decimal("-1"), Decimal("1"))]


def test_transfer_rejections(conn, stock) -> None:
    lot = receive(conn, stock["med"], stock["main"], "A", 30, 10)
    gone = expired_lot(conn, stock["med"], stock["main"], "GONE", 2, 5)
    closed = location(conn, "OLD-WARD", "ward")
    conn.execute("update pharmacy.stock_location set is_active = false where stock_location_id = %s", (closed,))
    # the ward already holds lot "A" of this medication, but with another expiry date
    conn.execute(
        """insert into pharmacy.lot (medication_id, stock_location_id, lot_number, expiry_date, unit_cost)
           values (%s, %s, 'A', current_date + 31, 0.10)""",
        (stock["med"], stock["ward"]),
    )
    assert_rejected(conn, "ZP006", "call pharmacy.transfer_stock(%s, %s, 1)", (lot, stock["ward"]))
    third = location(conn, "WARD-2", "ward")
    assert_rejected(conn, "ZP001", "call pharmacy.transfer_stock(%s, %s, 11)", (lot, third))
    assert_rejected(conn, "22023", "call pharmacy.transfer_stock(%s, %s, 1)", (lot, stock["main"]))
    assert_rejected(conn, "22023", "call pharmacy.transfer_stock(%s, %s, 0)", (lot, third))
    assert_rejected(conn, "ZP005", "call pharmacy.transfer_stock(%s, %s, 1)", (lot, closed))
    assert_rejected(conn, "ZP002", "call pharmacy.transfer_stock(%s, %s, 1)", (gone, third))
    assert_rejected(conn, "P0002", "call pharmacy.transfer_stock(999999, %s, 1)", (third,))
    assert_rejected(conn, "P0002", "call pharmacy.transfer_stock(%s, 999999, 1)", (lot,))


# -- write_off_expired ---------------------------------------------------------


def test_write_off_takes_expired_lots_off_the_books(conn, stock) -> None:
    fresh = receive(conn, stock["med"], stock["main"], "FRESH", 30, 10)
    old_main = expired_lot(conn, stock["med"], stock["main"], "OLD", 10, 7)
    recent_main = expired_lot(conn, stock["med"], stock["main"], "RECENT", 1, 3)
    old_ward = expired_lot(conn, stock["med"], stock["ward"], "OLD", 10, 2)

    # as of five days ago only OLD had expired; and only at MAIN
    lots, units = conn.execute(
        "call pharmacy.write_off_expired(current_date - 5, %s)", (stock["main"],)
    ).fetchone()
    assert (lots, units) == (1, Decimal("7"))
    assert [on_hand(conn, x) for x in (old_main, recent_main, old_ward, fresh)] == [0, 3, 2, 10]

    lots, units = conn.execute("call pharmacy.write_off_expired()").fetchone()
    assert (lots, units) == (2, Decimal("5"))
    assert [on_hand(conn, x) for x in (old_main, recent_main, old_ward, fresh)] == [0, 0, 0, 10]
    written = conn.execute(
        "select count(*), sum(quantity) from pharmacy.stock_movement where movement_type = 'expiry_write_off'"
    ).fetchone()
    assert written == (3, Decimal("-12"))
    # nothing left to write off: a second run is a no-op
    assert conn.execute("call pharmacy.write_off_expired()").fetchone() == (0, Decimal("0"))


def test_write_off_rejections(conn, stock) -> None:
    expired_lot(conn, stock["med"], stock["main"], "OLD", 10, 7)
    assert_rejected(conn, "22023", "call pharmacy.write_off_expired(current_date + 1)")
    assert_rejected(conn, "22023", "call pharmacy.write_off_expired(null)")
    assert_rejected(conn, "P0002", "call pharmacy.write_off_expired(current_date, 999999)")


# -- reorder settings ----------------------------------------------------------


def test_set_reorder_level_inserts_then_updates(conn, stock) -> None:
    conn.execute("call pharmacy.set_reorder_level(%s, %s, 50, 200)", (stock["med"], stock["main"]))
    conn.execute("call pharmacy.set_reorder_level(%s, %s, 60, 240)", (stock["med"], stock["main"]))
    rows = conn.execute("select reorder_level, reorder_quantity from pharmacy.reorder_setting").fetchall()
    assert rows == [(Decimal("60"), Decimal("240"))]
    assert_rejected(conn, "22023", "call pharmacy.set_reorder_level(%s, %s, -1, 10)", (stock["med"], stock["main"]))
    assert_rejected(conn, "22023", "call pharmacy.set_reorder_level(%s, %s, 1, 0)", (stock["med"], stock["main"]))
    assert_rejected(conn, "P0002", "call pharmacy.set_reorder_level(999999, %s, 1, 10)", (stock["main"],))


# -- the ledger itself ---------------------------------------------------------


def test_the_ledger_is_append_only(conn, stock) -> None:
    receive(conn, stock["med"], stock["main"], "A", 30, 10)
    assert_rejected(conn, "ZP003", "update pharmacy.stock_movement set quantity = 1000")
    assert_rejected(conn, "ZP003", "delete from pharmacy.stock_movement")
    assert_rejected(conn, "ZP003", "truncate pharmacy.stock_movement cascade")


def test_on_hand_can_only_change_through_the_ledger(conn, stock) -> None:
    lot = receive(conn, stock["med"], stock["main"], "A", 30, 10)
    assert_rejected(conn, "ZP004", "update pharmacy.lot set on_hand = 1000 where lot_id = %s", (lot,))
    assert_rejected(conn, "ZP004", "update pharmacy.lot set stock_location_id = %s where lot_id = %s", (stock["ward"], lot))
    assert_rejected(
        conn,
        "ZP004",
        """insert into pharmacy.lot (medication_id, stock_location_id, lot_number, expiry_date, unit_cost, on_hand)
           values (%s, %s, 'X', current_date + 5, 1, 10)""",
        (stock["med"], stock["main"]),
    )
    # even a hand-written movement cannot take a lot below zero
    assert_rejected(
        conn,
        "23514",
        "insert into pharmacy.stock_movement (lot_id, movement_type, quantity, reason) values (%s, 'adjustment', -11, 'x')",
        (lot,),
    )


def test_on_hand_equals_the_sum_of_movements_after_every_kind_of_movement(conn, stock) -> None:
    a = receive(conn, stock["med"], stock["main"], "A", 30, 100)
    receive(conn, stock["med"], stock["main"], "B", 60, 50)
    expired_lot(conn, stock["med"], stock["main"], "OLD", 4, 9)
    dispensing_id, _ = dispense(conn, stock["med"], stock["main"], 120)
    conn.execute("call pharmacy.return_stock(%s, 5, null, %s)", (a, dispensing_id))
    conn.execute("call pharmacy.adjust_stock(%s, -2, 'broken')", (a,))
    conn.execute("call pharmacy.transfer_stock(%s, %s, 3)", (a, stock["ward"]))
    conn.execute("call pharmacy.write_off_expired()")
    assert ledger_mismatches(conn) == []
    total = conn.execute("select sum(on_hand) from pharmacy.lot").fetchone()[0]
    assert total == Decimal(100 + 50 + 9 - 120 + 5 - 2 - 9)


# -- what the prescriber sees --------------------------------------------------


def test_stock_availability_reports_usable_stock_and_nearest_expiry(conn, stock) -> None:
    receive(conn, stock["med"], stock["main"], "A", 40, 10)
    receive(conn, stock["med"], stock["main"], "B", 12, 5)
    receive(conn, stock["med"], stock["ward"], "C", 8, 2)
    expired_lot(conn, stock["med"], stock["main"], "OLD", 1, 100)
    today = conn.execute("select current_date").fetchone()[0]
    from datetime import timedelta

    main = conn.execute("select * from pharmacy.stock_availability(%s, %s)", (stock["med"], stock["main"])).fetchone()
    assert main == (Decimal("15"), today + timedelta(days=12), Decimal("100"), 1)
    everywhere = conn.execute("select * from pharmacy.stock_availability(%s)", (stock["med"],)).fetchone()
    assert everywhere == (Decimal("17"), today + timedelta(days=8), Decimal("100"), 2)
    other = medication(conn, "amoxicillin")
    assert conn.execute("select * from pharmacy.stock_availability(%s)", (other,)).fetchone() == (0, None, 0, 0)
    with sqlstate("P0002"):
        conn.execute("select * from pharmacy.stock_availability(999999)")
    with sqlstate("P0002"):
        conn.execute("select * from pharmacy.stock_availability(%s, 999999)", (stock["med"],))
    notice = conn.execute("select pharmacy.availability_notice(%s, 20, %s)", (stock["med"], stock["main"])).fetchone()[0]
    assert "15" in notice and str(today + timedelta(days=12)) in notice and "20" in notice
