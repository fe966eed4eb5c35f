"""reporting.medication_availability since migration 0087 reads one pharmacy.stock_level row per stock point.
It must return exactly the rows of the definition before it (bench/pharmacy_availability_before.sql: lot
aggregate, full join with reorder_setting) and of an independent computation in Python, whatever the date:
now() cannot be frozen nor moved in a test, so the data moves instead (every expiry date and dispensing time
shifted back, as if the clock had moved forward), through the triggers that keep stock_level in sync."""

from __future__ import annotations

import importlib.util
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
from pharmacy_support import ledger_mismatches, location, medication, receive
from test_pharmacy_views import expected_availability, raw, running_total_errors, view_rows

BENCH = Path(__file__).resolve().parent.parent / "bench"


def bench_module():
    spec = importlib.util.spec_from_file_location("pharmacy_availability_bench", BENCH / "pharmacy_availability.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def differing_rows(conn: psycopg.Connection) -> list[tuple]:
    """Rows in the view but not in the before-0087 definition, and the other way round (duplicates count)."""
    before = bench_module().before_0087_in_view_order(conn)
    return conn.execute(
        f"""(select 'view only', * from (select * from reporting.medication_availability
                                       except all {before}) as d)
            union all
            (select 'before only', * from ({before}
                                         except all select * from reporting.medication_availability) as d)"""
    ).fetchall()


def assert_consistent(conn: psycopg.Connection) -> None:
    assert ledger_mismatches(conn) == []  # stock_level (totals, by expiry date, reorder copy) = lots + settings
    assert running_total_errors(conn) == []  # stock_level running totals = dispensings
    assert differing_rows(conn) == []
    expected = expected_availability(raw(conn))
    actual = view_rows(conn, "medication_availability", ("medication_id", "stock_location_id"))
    assert set(actual) == set(expected)
    for key, want in expected.items():
        assert {name: actual[key][name] for name in want} == want, key


def move_clock(conn: psycopg.Connection, days: int, hours: int = 0) -> None:
    """Every date of the data `days` (and `hours`) earlier: what the views see `days` later. Lots through a
    direct UPDATE (the lot_stock_level_refresh trigger), dispensings through one bulk UPDATE (the running
    totals trigger)."""
    if days:
        conn.execute("update pharmacy.lot set expiry_date = expiry_date - %s", (days,))
    conn.execute(
        "update pharmacy.dispensing set dispensed_at = dispensed_at - make_interval(days => %s, hours => %s)",
        (days, hours),
    )


@pytest.mark.slow
def test_equals_the_before_definition_on_bench_data_as_the_clock_moves(conn) -> None:
    bench = bench_module()
    bench.seed(conn, 30, 400, 1200, wards=3)
    # then the procedures: receipts, dispensings, a transfer, a write-off, reorder settings changed and removed
    meds = [r[0] for r in conn.execute("select medication_id from pharmacy.medication order by 1 limit 6")]
    locs = [r[0] for r in conn.execute("select stock_location_id from pharmacy.stock_location order by 1")]
    for n, med in enumerate(meds):
        receive(conn, med, locs[0], f"NEW-{n}", 10 + 20 * n, 50)
        conn.execute("call pharmacy.dispense_stock(%s, %s, 30, p_allow_partial => true)", (med, locs[0]))
    lot = conn.execute(
        "select lot_id from pharmacy.lot where on_hand > 5 and expiry_date > current_date order by lot_id limit 1"
    ).fetchone()[0]
    conn.execute("call pharmacy.transfer_stock(%s, %s, 5)", (lot, locs[-1]))
    conn.execute("call pharmacy.write_off_expired(p_location_id => %s)", (locs[1],))
    conn.execute("call pharmacy.set_reorder_level(%s, %s, 999, 10)", (meds[0], locs[0]))
    conn.execute("delete from pharmacy.reorder_setting where medication_id = %s", (meds[1],))
    assert_consistent(conn)
    statuses = {r[0] for r in conn.execute("select distinct status from reporting.medication_availability")}
    assert statuses == {"out of stock", "below reorder level", "ok"}
    # across the 30 / 90 day bounds of the expiry figures and the window's start inside a UTC day
    for days, hours in ((1, 0), (0, 7), (28, 0), (1, 0), (1, 13), (58, 0), (1, 0), (1, 0), (-120, 0)):
        move_clock(conn, days, hours)
        assert_consistent(conn)


def test_reorder_settings_are_copied_into_stock_level(conn) -> None:
    med, other = medication(conn), medication(conn, "amoxicillin")
    main, ward = location(conn), location(conn, "WARD-1", "ward")
    receive(conn, med, main, "L1", 100, 40)
    conn.execute("call pharmacy.set_reorder_level(%s, %s, 50, 200)", (med, main))  # a stock point with stock
    conn.execute("call pharmacy.set_reorder_level(%s, %s, 5, 20)", (other, ward))  # and one without
    assert_consistent(conn)
    rows = view_rows(conn, "medication_availability", ("medication_id", "stock_location_id"))
    assert rows[(med, main)]["status"] == "below reorder level"
    assert rows[(other, ward)]["status"] == "out of stock"
    conn.execute("call pharmacy.set_reorder_level(%s, %s, 10, 200)", (med, main))  # changed
    assert view_rows(conn, "medication_availability", ("medication_id", "stock_location_id"))[(med, main)][
        "status"] == "ok"
    # one statement over several rows, a key moved to another stock point, then deleted
    conn.execute("update pharmacy.reorder_setting set reorder_quantity = reorder_quantity + 1")
    conn.execute("update pharmacy.reorder_setting set stock_location_id = %s where medication_id = %s", (ward, med))
    assert_consistent(conn)
    conn.execute("delete from pharmacy.reorder_setting")
    assert_consistent(conn)
    rows = view_rows(conn, "medication_availability", ("medication_id", "stock_location_id"))
    assert set(rows) == {(med, main)}  # the stock point without stock nor setting has left the view
    assert rows[(med, main)]["reorder_level"] is None
    conn.execute(
        "insert into pharmacy.reorder_setting (medication_id, stock_location_id, reorder_level, reorder_quantity)"
        " select m, l, 1, 1 from unnest(%s::bigint[]) as m cross join unnest(%s::bigint[]) as l",
        ([med, other], [main, ward]),
    )
    assert_consistent(conn)


def test_a_truncate_of_the_reorder_settings_clears_their_copies(conn) -> None:
    med, other = medication(conn), medication(conn, "amoxicillin")
    main, ward = location(conn), location(conn, "WARD-1", "ward")
    receive(conn, med, main, "L1", 100, 40)
    conn.execute("call pharmacy.set_reorder_level(%s, %s, 50, 200)", (med, main))
    conn.execute("call pharmacy.set_reorder_level(%s, %s, 5, 20)", (other, ward))
    assert_consistent(conn)
    conn.execute("truncate pharmacy.reorder_setting")
    assert_consistent(conn)
    rows = view_rows(conn, "medication_availability", ("medication_id", "stock_location_id"))
    assert set(rows) == {(med, main)}  # the ward's point had a setting and no stock: gone from the view
    assert (rows[(med, main)]["reorder_level"], rows[(med, main)]["status"]) == (None, "ok")
    assert conn.execute("select count(*) from pharmacy.stock_level where reorder_level is not null").fetchone() == (0,)


def test_a_corrected_expiry_date_or_cost_refreshes_stock_level(conn) -> None:
    med, main = medication(conn), location(conn)
    first = receive(conn, med, main, "L1", 200, 40, "0.50")
    receive(conn, med, main, "L2", 200, 10, "0.20")  # the same expiry date: one entry, 50 units through it
    receive(conn, med, main, "L3", 400, 5)
    assert conn.execute(
        "select expiry_dates, on_hand_through from pharmacy.stock_level where medication_id = %s", (med,)
    ).fetchone() == ([raw(conn)["today"] + timedelta(days=200), raw(conn)["today"] + timedelta(days=400)], [50, 55])
    conn.execute("update pharmacy.lot set expiry_date = current_date + 20, unit_cost = 0.75 where lot_id = %s",
                 (first,))
    assert_consistent(conn)
    row = view_rows(conn, "medication_availability", ("medication_id", "stock_location_id"))[(med, main)]
    assert (row["expiring_within_30_days"], row["nearest_expiry"]) == (40, raw(conn)["today"] + timedelta(days=20))
    conn.execute("update pharmacy.lot set expiry_date = current_date - 1 where lot_id = %s", (first,))
    assert_consistent(conn)
    row = view_rows(conn, "medication_availability", ("medication_id", "stock_location_id"))[(med, main)]
    assert (row["expired_on_hand"], row["usable"]) == (40, 15)


def plan_nodes(node: dict):
    yield node
    for child in node.get("Plans", []):
        yield from plan_nodes(child)


def plan_of(conn: psycopg.Connection, query: str) -> list[dict]:
    return list(plan_nodes(conn.execute("explain (format json) " + query).fetchone()[0][0]["Plan"]))


def test_the_view_plans_no_correlated_subquery_per_row(conn) -> None:
    """The rare sum for a dispensing dated after tomorrow is a function call, not a subquery in the view:
    as a subquery it was planned once per row and costed as such (24 million on bench data), which makes a
    server with JIT compile and optimise the query on every read. InitPlans (computed once) are fine."""
    bench_module().seed(conn, 30, 400, 1200, wards=3)
    nodes = plan_of(conn, "select * from reporting.medication_availability")
    assert [n.get("Subplan Name") for n in nodes if (n.get("Subplan Name") or "").startswith("SubPlan")] == []
    total_cost = nodes[0]["Total Cost"]
    assert total_cost < float(conn.execute("show jit_above_cost").fetchone()[0])


def test_filters_on_a_location_or_a_medication_reach_the_scans(conn) -> None:
    """A ward screen reads one location: its filter must reach pharmacy.stock_location / stock_level below
    the subqueries (an `offset 0` fence kept it above them, so one ward cost as much as every row)."""
    bench_module().seed(conn, 30, 400, 1200, wards=3)
    for query, column in (
        ("select * from reporting.medication_availability where location_code = 'WARD-02'", "location_code"),
        ("select * from reporting.medication_availability where medication_id = 7", "medication_id"),
    ):
        nodes = plan_of(conn, query)
        conditions = [
            (n["Node Type"], n.get("Relation Name"), n.get(k, ""))
            for n in nodes for k in ("Filter", "Index Cond", "Recheck Cond", "Join Filter") if column in n.get(k, "")
        ]
        assert conditions, query
        assert all(kind != "Subquery Scan" for kind, _, _ in conditions), conditions
        assert any(relation in ("stock_location", "stock_level") for _, relation, _ in conditions), conditions
    ward = view_rows(conn, "medication_availability", ("medication_id", "stock_location_id"))
    filtered = conn.execute(
        "select medication_id, stock_location_id from reporting.medication_availability where location_code = 'WARD-02'"
    ).fetchall()
    assert set(filtered) == {key for key, row in ward.items() if row["location_code"] == "WARD-02"} != set()


def test_a_dispensing_dated_after_tomorrow_is_counted_for_every_reader(conn, as_role) -> None:
    """The running totals cannot place a dispensing dated after tomorrow; the view then sums the dispensings
    through pharmacy.dispensed_since, which must work for every role that reads the view (all but the
    pharmacist cannot read pharmacy.dispensing themselves)."""
    med, main = medication(conn), location(conn)
    receive(conn, med, main, "L1", 200, 100)
    conn.execute("call pharmacy.dispense_stock(%s, %s, 10)", (med, main))
    conn.execute("call pharmacy.dispense_stock(%s, %s, 3)", (med, main))
    conn.execute(
        "update pharmacy.dispensing set dispensed_at = now() + interval '5 days' where dispensed_quantity = 3"
    )
    assert conn.execute(
        "select last_dispensed_on - current_date from pharmacy.stock_level where medication_id = %s", (med,)
    ).fetchone()[0] >= 4
    assert_consistent(conn)
    for role in ("hc_bi_reader", "hc_analyst", "hc_pharmacist", "hc_clinician"):
        reader = as_role.connect(role)
        assert reader.execute(
            "select consumed_last_30_days from reporting.medication_availability where medication_id = %s", (med,)
        ).fetchone() == (13,), role
        if role != "hc_pharmacist":  # the others read the figures, never the dispensings themselves
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                reader.execute("select count(*) from pharmacy.dispensing")
