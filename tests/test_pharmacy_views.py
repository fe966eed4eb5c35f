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


# -- consumption: the running totals of pharmacy.stock_level and the moving 30-day window -----------------------


def running_total_errors(conn: psycopg.Connection) -> list:
    """Stock points whose running totals (pharmacy.stock_level) disagree with the dispensings themselves (UTC days),
    checked here in Python: the total, no dispensing after last_dispensed_on (it may lie later than the latest
    dispensing once one was moved back), slot i = units dispensed up to the end of day last_dispensed_on - i, and
    nothing at all (total 0, no day, no slots) for a stock point never dispensed."""
    by_day: dict = defaultdict(lambda: defaultdict(lambda: Decimal(0)))
    for med, loc, qty, day in conn.execute(
        "select medication_id, stock_location_id, dispensed_quantity, (dispensed_at at time zone 'UTC')::date"
        " from pharmacy.dispensing"
    ):
        by_day[(med, loc)][day] += qty
    rows = {(r[0], r[1]): (r[2], r[3], r[4]) for r in conn.execute(
        "select medication_id, stock_location_id, dispensed_total, last_dispensed_on, dispensed_through"
        " from pharmacy.stock_level")}
    errors = [key for key in by_day if key not in rows]
    errors += [(key, row) for key, row in rows.items() if row[1] is None and row != (0, None, None)]
    rows = {key: (total, last, list(through)) for key, (total, last, through) in rows.items() if last is not None}
    for key, (total, last, through) in rows.items():
        days = by_day.get(key, {})
        want = [sum((q for d, q in days.items() if d <= last - timedelta(days=i)), Decimal(0)) for i in range(1, 33)]
        if total != sum(days.values(), Decimal(0)) or any(d > last for d in days) or through != want:
            errors.append((key, total, last, through, dict(days)))
    return errors


def consumed(conn: psycopg.Connection, med: int, loc: int) -> Decimal:
    return view_rows(conn, "medication_availability", ("medication_id", "stock_location_id"))[(med, loc)][
        "consumed_last_30_days"]


def dispense_at(conn: psycopg.Connection, med: int, loc: int, quantity: int, when: str) -> int:
    """Dispenses through the procedure, then dates the dispensing `when` (an SQL expression) as the fixture does."""
    dispensing = conn.execute("call pharmacy.dispense_stock(%s, %s, %s)", (med, loc, quantity)).fetchone()[0]
    conn.execute(f"update pharmacy.dispensing set dispensed_at = {when} where dispensing_id = %s", (dispensing,))
    return dispensing


def test_running_totals_equal_the_dispensings(conn, pharmacy_world) -> None:
    # the fixture inserted dispensings one by one and moved a third of them 31-60 days back in one UPDATE
    assert running_total_errors(conn) == []
    # a bulk statement across stock points: every dispensing 3 days earlier, then the odd ones back
    conn.execute("update pharmacy.dispensing set dispensed_at = dispensed_at - interval '3 days'")
    conn.execute("update pharmacy.dispensing set dispensed_at = dispensed_at + interval '3 days'"
                 " where dispensing_id % 2 = 1")
    assert running_total_errors(conn) == []
    # a dispensing without movements (a load or repair) removed again: subtracted
    med, loc = pharmacy_world["meds"][1], pharmacy_world["locs"][2]
    extra = conn.execute(
        "insert into pharmacy.dispensing (medication_id, stock_location_id, requested_quantity, dispensed_quantity,"
        " dispensed_at) values (%s, %s, 5, 5, now() - interval '45 days') returning dispensing_id", (med, loc)
    ).fetchone()[0]
    assert running_total_errors(conn) == []
    conn.execute("delete from pharmacy.dispensing where dispensing_id = %s", (extra,))
    assert running_total_errors(conn) == []
    expected = expected_availability(raw(conn))
    actual = view_rows(conn, "medication_availability", ("medication_id", "stock_location_id"))
    assert {k: r["consumed_last_30_days"] for k, r in actual.items()} == {
        k: r["consumed_last_30_days"] for k, r in expected.items()}


def test_the_window_moves_with_the_clock(conn) -> None:
    med, loc = medication(conn), location(conn)
    receive(conn, med, loc, "L1", 300, 1000)
    dispense_at(conn, med, loc, 1, "now() - interval '31 days'")
    dispense_at(conn, med, loc, 2, "now() - interval '30 days' - interval '2 minutes'")
    assert consumed(conn, med, loc) == 0  # older than 30 days: not counted
    dispense_at(conn, med, loc, 4, "now() - interval '30 days' + interval '2 minutes'")
    dispense_at(conn, med, loc, 8, "now() - interval '29 days'")
    dispense_at(conn, med, loc, 16, "now() - interval '12 hours'")
    assert consumed(conn, med, loc) == 28
    conn.execute("call pharmacy.dispense_stock(%s, %s, 32)", (med, loc))
    assert consumed(conn, med, loc) == 60  # a dispensing shows at once
    # the clock moves: dated 3 minutes later, the one just inside falls out without any job running
    conn.execute("update pharmacy.dispensing set dispensed_at = dispensed_at - interval '5 minutes'")
    assert consumed(conn, med, loc) == 56
    # every day of the last 40, at the same time of day: 30 or 31 inside, whatever the hour
    for days in range(40):
        dispense_at(conn, med, loc, 1, f"date_trunc('day', now()) - interval '{days} days' + interval '1 hour'")
    facts = raw(conn)
    assert consumed(conn, med, loc) == expected_availability(facts)[(med, loc)]["consumed_last_30_days"]
    assert running_total_errors(conn) == []


def test_dispensings_dated_ahead_still_count(conn) -> None:
    # beyond the running totals' 32 days: the view sums the stock point's dispensings instead
    med, loc = medication(conn), location(conn)
    receive(conn, med, loc, "L1", 300, 100)
    dispense_at(conn, med, loc, 3, "now() - interval '10 days'")
    dispense_at(conn, med, loc, 5, "now() + interval '40 days'")
    assert consumed(conn, med, loc) == 8
    assert running_total_errors(conn) == []
    assert consumed(conn, med, loc) == expected_availability(raw(conn))[(med, loc)]["consumed_last_30_days"]


def test_running_totals_are_read_only_for_pharmacists(conn, as_role) -> None:
    med, loc = medication(conn), location(conn)
    receive(conn, med, loc, "L1", 300, 100)
    pharmacist = as_role.connect("hc_pharmacist")
    pharmacist.execute("call pharmacy.dispense_stock(%s, %s, 7)", (med, loc))  # the trigger writes for them
    assert pharmacist.execute(
        "select dispensed_total from pharmacy.stock_level where medication_id = %s", (med,)
    ).fetchone()[0] == 7
    assert running_total_errors(conn) == []
    for statement in ("update pharmacy.stock_level set dispensed_total = 0",
                      "update pharmacy.stock_level set reorder_level = 0",
                      "delete from pharmacy.stock_level",
                      "insert into pharmacy.stock_level (medication_id, stock_location_id) values (1, 1)"):
        with pytest.raises(psycopg.errors.lookup("42501")):
            pharmacist.execute(statement)
    for group in ("hc_analyst", "hc_bi_reader", "hc_clinician"):
        with pytest.raises(psycopg.errors.lookup("42501")):
            as_role.connect(group).execute("select * from pharmacy.stock_level")
