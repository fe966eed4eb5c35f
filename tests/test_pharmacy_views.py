"""The reporting views equal an independent computation from the raw ledger, done here in Python."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

import psycopg
import pytest
from pharmacy_support import SUBSTANCES, expired_lot, ledger_mismatches, location, medication, receive

CENT = Decimal("0.01")


@pytest.fixture
def pharmacy_world(conn: psycopg.Connection) -> dict:
    """A seeded random pharmacy: 6 medications (one withdrawn), 3 locations (one closed), lots expired and
    expiring at various distances, reorder settings (one for a medication never stocked), dispensings
    inside and outside the last 30 days, returns, adjustments, transfers."""
    rng = random.Random(20260101)
    meds = [medication(conn, name) for name in SUBSTANCES]
    locs = [location(conn, "MAIN"), location(conn, "WARD-A", "ward"), location(conn, "WARD-B", "ward")]
    lots = []
    for med in meds[:5]:
        for loc in locs:
            for n in range(rng.randint(0, 4)):
                days = rng.choice((0, 5, 29, 30, 31, 60, 89, 90, 91, 200, 400))
                lots.append(receive(conn, med, loc, f"{med}-{loc}-{n}", days, rng.randint(1, 80), f"{rng.uniform(0.01, 3):.4f}"))
            if rng.random() < 0.5:
                expired_lot(conn, med, loc, f"{med}-{loc}-old", rng.randint(1, 60), rng.randint(1, 30), "0.3333")
            conn.execute("call pharmacy.set_reorder_level(%s, %s, %s, 100)", (med, loc, rng.randint(0, 120)))
    conn.execute("call pharmacy.set_reorder_level(%s, %s, 25, 50)", (meds[5], locs[0]))  # never stocked
    for _ in range(40):
        med, loc = rng.choice(meds[:5]), rng.choice(locs)
        try:
            conn.execute(
                "call pharmacy.dispense_stock(%s, %s, %s, p_allow_partial => true)", (med, loc, rng.randint(1, 25))
            )
        except psycopg.Error as exc:
            assert exc.sqlstate == "ZP001"
    # a third of the dispensings happened 31-60 days ago (backdated for the test)
    conn.execute(
        "update pharmacy.dispensing set dispensed_at = now() - make_interval(days => 31 + (dispensing_id % 30)::integer)"
        " where dispensing_id % 3 = 0"
    )
    for lot in rng.sample(lots, 6):
        try:
            conn.execute("call pharmacy.adjust_stock(%s, %s, 'stock take')", (lot, rng.randint(-3, 3) or 1))
            conn.execute("call pharmacy.transfer_stock(%s, %s, 1)", (lot, locs[2]))
        except psycopg.Error as exc:
            assert exc.sqlstate in ("ZP001", "22023", "ZP002")
    conn.execute("update pharmacy.medication set is_active = false where medication_id = %s", (meds[4],))
    conn.execute("update pharmacy.stock_location set is_active = false where stock_location_id = %s", (locs[1],))
    assert ledger_mismatches(conn) == []  # lots = ledger, stock_level = lots
    return {"meds": meds, "locs": locs}


def raw(conn: psycopg.Connection) -> dict:
    """The raw facts: each lot's quantity as the sum of its ledger rows (not lot.on_hand), and so on."""
    today, now = conn.execute("select current_date, now()").fetchone()
    lots = conn.execute(
        """select l.lot_id, l.lot_number, l.medication_id, l.stock_location_id, l.expiry_date, l.unit_cost,
                  coalesce((select sum(m.quantity) from pharmacy.stock_movement as m where m.lot_id = l.lot_id), 0)
             from pharmacy.lot as l"""
    ).fetchall()
    meds = {r[0]: r[1:] for r in conn.execute(
        "select medication_id, generic_name, is_active, atc_code, dispensing_unit from pharmacy.medication")}
    locs = {r[0]: r[1:] for r in conn.execute(
        "select stock_location_id, location_code, is_active from pharmacy.stock_location")}
    reorder = {(r[0], r[1]): (r[2], r[3]) for r in conn.execute(
        "select medication_id, stock_location_id, reorder_level, reorder_quantity from pharmacy.reorder_setting")}
    dispensings = conn.execute(
        "select medication_id, stock_location_id, dispensed_quantity, dispensed_at from pharmacy.dispensing"
    ).fetchall()
    return {"today": today, "now": now, "lots": lots, "meds": meds, "locs": locs, "reorder": reorder,
            "dispensings": dispensings}


def expected_availability(facts: dict) -> dict:
    today = facts["today"]
    rows: dict = defaultdict(lambda: defaultdict(lambda: Decimal(0)))
    nearest: dict = {}
    for _, _, med, loc, expiry, _, qty in facts["lots"]:
        row = rows[(med, loc)]
        row["on_hand"] += qty
        if expiry >= today:
            row["usable"] += qty
            if expiry <= today + timedelta(days=30):
                row["expiring_within_30_days"] += qty
            if expiry <= today + timedelta(days=90):
                row["expiring_within_90_days"] += qty
            if qty > 0 and (nearest.get((med, loc)) is None or expiry < nearest[(med, loc)]):
                nearest[(med, loc)] = expiry
        else:
            row["expired_on_hand"] += qty
    for key in facts["reorder"]:
        rows[key]  # a reorder setting alone makes a row (out of stock)
    consumed: dict = defaultdict(lambda: Decimal(0))
    for med, loc, qty, at in facts["dispensings"]:
        if at >= facts["now"] - timedelta(days=30):
            consumed[(med, loc)] += qty
    result = {}
    for (med, loc), row in rows.items():
        if not facts["meds"][med][1] or not facts["locs"][loc][1]:
            continue
        level, quantity = facts["reorder"].get((med, loc), (None, None))
        usable = row["usable"]
        status = "out of stock" if usable == 0 else "below reorder level" if level is not None and usable < level else "ok"
        cover = None
        if consumed[(med, loc)] > 0:
            cover = (usable * 30 / consumed[(med, loc)]).quantize(Decimal("0.1"), ROUND_HALF_UP)
        result[(med, loc)] = {
            "on_hand": row["on_hand"], "usable": usable, "expired_on_hand": row["expired_on_hand"],
            "expiring_within_30_days": row["expiring_within_30_days"],
            "expiring_within_90_days": row["expiring_within_90_days"], "nearest_expiry": nearest.get((med, loc)),
            "reorder_level": level, "reorder_quantity": quantity, "consumed_last_30_days": consumed[(med, loc)],
            "days_of_cover": cover, "status": status,
            "urgency_rank": {"out of stock": 1, "below reorder level": 2, "ok": 3}[status],
            "location_code": facts["locs"][loc][0], "generic_name": facts["meds"][med][0],
        }
    return result


def view_rows(conn: psycopg.Connection, view: str, key: tuple[str, ...]) -> dict:
    cursor = conn.execute(f"select * from reporting.{view}")
    names = [c.name for c in cursor.description]
    return {tuple(r[names.index(k)] for k in key): dict(zip(names, r)) for r in cursor.fetchall()}


def test_medication_availability_equals_an_independent_computation(conn, pharmacy_world) -> None:
    expected = expected_availability(raw(conn))
    actual = view_rows(conn, "medication_availability", ("medication_id", "stock_location_id"))
    assert set(actual) == set(expected)
    for key, want in expected.items():
        got = {name: actual[key][name] for name in want}
        assert got == want, key
    # the dataset exercises every status and both consumption cases
    statuses = {row["status"] for row in expected.values()}
    assert statuses == {"out of stock", "below reorder level", "ok"}
    assert any(r["days_of_cover"] is None for r in expected.values())
    assert any(r["days_of_cover"] is not None for r in expected.values())
    assert any(r["expired_on_hand"] > 0 for r in expected.values())


def test_stock_valuation_equals_an_independent_computation(conn, pharmacy_world) -> None:
    facts = raw(conn)
    today = facts["today"]
    expected: dict = {}
    for _, _, med, loc, expiry, cost, qty in facts["lots"]:
        if qty <= 0:
            continue
        row = expected.setdefault((med, loc), {"lots_in_stock": 0, "on_hand": Decimal(0), "value": Decimal(0),
                                               "usable": Decimal(0), "expired": Decimal(0)})
        row["lots_in_stock"] += 1
        row["on_hand"] += qty
        row["value"] += qty * cost
        row["usable" if expiry >= today else "expired"] += qty * cost
    actual = view_rows(conn, "stock_valuation", ("medication_id", "stock_location_id"))
    assert set(actual) == set(expected)
    for key, want in expected.items():
        got = actual[key]
        assert (got["lots_in_stock"], got["on_hand"]) == (want["lots_in_stock"], want["on_hand"])
        assert got["stock_value"] == want["value"].quantize(CENT, ROUND_HALF_UP)
        assert got["usable_value"] == want["usable"].quantize(CENT, ROUND_HALF_UP)
        assert got["expired_value"] == want["expired"].quantize(CENT, ROUND_HALF_UP)
        atc = facts["meds"][key[0]][2]
        assert got["atc_group_code"] == atc[0]
    assert actual[next(iter(actual))]["atc_group_name"]


def test_expiry_watch_list_equals_an_independent_computation(conn, pharmacy_world) -> None:
    facts = raw(conn)
    today = facts["today"]
    expected = {}
    for lot_id, lot_number, med, loc, expiry, cost, qty in facts["lots"]:
        if qty > 0 and expiry <= today + timedelta(days=90):
            status = ("expired" if expiry < today else "expires within 30 days"
                      if expiry <= today + timedelta(days=30) else "expires within 90 days")
            expected[(lot_id,)] = {"lot_number": lot_number, "expiry_date": expiry, "days_to_expiry": (expiry - today).days,
                                   "on_hand": qty, "stock_value": (qty * cost).quantize(CENT, ROUND_HALF_UP),
                                   "watch_status": status}
    actual = view_rows(conn, "expiry_watch_list", ("lot_id",))
    assert set(actual) == set(expected)
    for key, want in expected.items():
        assert {name: actual[key][name] for name in want} == want
    assert {r["watch_status"] for r in expected.values()} == {"expired", "expires within 30 days", "expires within 90 days"}


def test_views_follow_a_dispense_immediately(conn, pharmacy_world) -> None:
    med, loc = pharmacy_world["meds"][0], pharmacy_world["locs"][0]
    conn.execute("call pharmacy.receive_stock(%s, %s, 'LIVE', current_date + 10, 40, 1)", (med, loc))
    before = view_rows(conn, "medication_availability", ("medication_id", "stock_location_id"))[(med, loc)]
    conn.execute("call pharmacy.dispense_stock(%s, %s, 7)", (med, loc))
    after = view_rows(conn, "medication_availability", ("medication_id", "stock_location_id"))[(med, loc)]
    assert after["usable"] == before["usable"] - 7
    assert after["consumed_last_30_days"] == before["consumed_last_30_days"] + 7
