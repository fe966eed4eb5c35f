"""Warehouse stock snapshot (issue 5): dw.fact_medication_stock_daily and dw.agg_stock against the ledger."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import Decimal

import psycopg
from test_warehouse_etl import rebuild, refresh, warehouse

import pharmacy_support as ph


def lot(conn: psycopg.Connection, medication_id: int, location_id: int, number: str) -> int:
    return conn.execute(
        """insert into pharmacy.lot (medication_id, stock_location_id, lot_number, expiry_date, unit_cost, received_at)
           values (%s, %s, %s, current_date + 400, 0.10, now() - interval '90 days') returning lot_id""",
        (medication_id, location_id, number),
    ).fetchone()[0]


def move(conn: psycopg.Connection, lot_id: int, quantity: int, days_ago: int, kind: str | None = None) -> None:
    """A ledger row dated days_ago (UTC midday, or now for 0): receipt if positive, adjustment if negative."""
    kind = kind or ("receipt" if quantity > 0 else "adjustment")
    conn.execute(
        """insert into pharmacy.stock_movement (lot_id, movement_type, quantity, occurred_at, reason)
           values (%s, %s, %s,
                   case when %s = 0 then now()
                        else ((now() at time zone 'UTC')::date - %s + time '12:00') at time zone 'UTC' end,
                   'test')""",
        (lot_id, kind, quantity, days_ago, days_ago),
    )


def stock_world(conn: psycopg.Connection) -> dict[str, int]:
    """Two medications at two locations; a pair that runs out and is restocked, one with two lots, one that
    empties today."""
    para, amox = ph.medication(conn, "paracetamol"), ph.medication(conn, "amoxicillin")
    main, ward = ph.location(conn, "MAIN"), ph.location(conn, "WARD-01", "ward")
    a = lot(conn, para, main, "A")
    move(conn, a, 100, 40)
    move(conn, a, -60, 35)
    move(conn, a, -40, 30)  # out of stock from day -30
    move(conn, a, 50, 20)  # restocked
    b = lot(conn, para, main, "B")
    move(conn, b, 10, 25)
    c = lot(conn, amox, ward, "C")
    move(conn, c, 30, 12)
    move(conn, c, -30, 0)  # empties today
    return {"para": para, "amox": amox, "main": main, "ward": ward, "lot_a": a, "lot_b": b, "lot_c": c}


def expected_snapshot(conn: psycopg.Connection) -> set[tuple]:
    """Independent computation: per medication and location, the running sum of the ledger per UTC day."""
    today = conn.execute("select (now() at time zone 'UTC')::date").fetchone()[0]
    daily: dict[tuple[int, int], dict[date, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for medication_id, location_id, day, quantity in conn.execute(
        """select l.medication_id, l.stock_location_id, (m.occurred_at at time zone 'UTC')::date, m.quantity
             from pharmacy.stock_movement as m join pharmacy.lot as l on l.lot_id = m.lot_id"""
    ):
        daily[(medication_id, location_id)][day] += quantity
    rows = set()
    for (medication_id, location_id), days in daily.items():
        on_hand, day = Decimal(0), min(days)
        while day <= today:
            on_hand += days.get(day, Decimal(0))
            rows.add((int(day.strftime("%Y%m%d")), medication_id, location_id, on_hand, on_hand <= 0))
            day += timedelta(days=1)
    return rows


def snapshot(conn: psycopg.Connection) -> set[tuple]:
    return set(conn.execute(
        "select date_key, medication_key, stock_location_key, on_hand, is_stock_out from dw.fact_medication_stock_daily"
    ).fetchall())


def expected_agg_stock(rows: set[tuple]) -> dict[tuple, tuple[int, int]]:
    days: Counter = Counter()
    outs: Counter = Counter()
    for date_key, medication_id, location_id, _on_hand, is_out in rows:
        key = (date(date_key // 10000, date_key // 100 % 100, 1), medication_id, location_id)
        days[key] += 1
        outs[key] += int(is_out)
    return {key: (days[key], outs[key]) for key in days}


def agg_stock(conn: psycopg.Connection) -> dict[tuple, tuple[int, int]]:
    return {
        (m, med, loc): (n, out)
        for m, med, loc, n, out in conn.execute(
            "select month_start, medication_key, stock_location_key, snapshot_days, stock_out_days from dw.agg_stock"
        )
    }


def test_snapshot_equals_the_ledger_day_by_day_and_agg_stock_counts_it(conn: psycopg.Connection) -> None:
    ids = stock_world(conn)
    assert rebuild(conn) == "succeeded"
    expected = expected_snapshot(conn)
    assert snapshot(conn) == expected
    # spot checks of the story: 41 days of paracetamol at MAIN, 5 of them out of stock; amoxicillin out today
    para_days = [r for r in expected if r[1] == ids["para"]]
    assert len(para_days) == 41
    assert sum(r[4] for r in para_days) == 5  # days -30 .. -26
    today_key = conn.execute("select dw.date_key(now())").fetchone()[0]
    assert (today_key, ids["amox"], ids["ward"], Decimal(0), True) in snapshot(conn)
    assert agg_stock(conn) == expected_agg_stock(expected)
    # agg_stock is the snapshot counted, in SQL too
    counted = conn.execute(
        """select count(*) from (
               select dw.month_of_key(date_key), medication_key, stock_location_key, count(*),
                      count(*) filter (where is_stock_out)
                 from dw.fact_medication_stock_daily group by 1, 2, 3
               except
               select month_start, medication_key, stock_location_key, snapshot_days, stock_out_days from dw.agg_stock
           ) as x"""
    ).fetchone()[0]
    assert counted == 0
    assert conn.execute("select stock_snapshot_through = (now() at time zone 'UTC')::date from dw.etl_state").fetchone()[0]


def test_refresh_after_new_and_back_dated_movements_equals_rebuild(conn: psycopg.Connection) -> None:
    ids = stock_world(conn)
    assert refresh(conn) == "succeeded"  # first refresh: full load
    # a back-dated correction, a movement today, and a brand-new pair in the past
    move(conn, ids["lot_b"], -4, 22)
    ph.receive(conn, ids["amox"], ids["ward"], "D", 300, 25)
    new_pair = lot(conn, ids["amox"], ids["main"], "E")
    move(conn, new_pair, 5, 8)
    before = conn.execute("select count(*) from dw.fact_medication_stock_daily").fetchone()[0]
    assert refresh(conn) == "succeeded"
    rows = conn.execute(
        "select table_rows -> 'dw.fact_medication_stock_daily' from dw.etl_run order by etl_run_id desc limit 1"
    ).fetchone()[0]
    # only the changed days: 23 days of lot B's pair from day -22, today of the ward pair, 9 new rows
    assert rows == {"inserted": 9, "updated": 23 + 1, "deleted": 0, "closed": 0}
    assert conn.execute("select count(*) from dw.fact_medication_stock_daily").fetchone()[0] == before + 9
    incremental = warehouse(conn)
    assert snapshot(conn) == expected_snapshot(conn)
    assert agg_stock(conn) == expected_agg_stock(expected_snapshot(conn))
    assert rebuild(conn) == "succeeded"
    assert warehouse(conn) == incremental


def test_refresh_extends_every_pair_over_the_days_since_the_last_run(conn: psycopg.Connection) -> None:
    ids = stock_world(conn)
    rebuild(conn)
    full = warehouse(conn)
    # pretend the last run was 3 days ago: the snapshot stops 3 days back, agg_stock counted from it
    conn.execute("delete from dw.fact_medication_stock_daily where date_key > dw.date_key(now() - interval '3 days')")
    conn.execute("truncate dw.agg_stock")
    conn.execute(
        """insert into dw.agg_stock
           select dw.month_of_key(date_key), medication_key, stock_location_key, count(*),
                  count(*) filter (where is_stock_out)
             from dw.fact_medication_stock_daily group by 1, 2, 3"""
    )
    conn.execute("update dw.etl_state set stock_snapshot_through = (now() at time zone 'UTC')::date - 3")
    # lot C's pair had its last movement today: nothing in the change log names the other pairs
    assert conn.execute("select count(*) from dw.change_log").fetchone()[0] == 0
    assert refresh(conn) == "succeeded"
    assert warehouse(conn) == full
    rows = conn.execute(
        "select table_rows -> 'dw.fact_medication_stock_daily' from dw.etl_run order by etl_run_id desc limit 1"
    ).fetchone()[0]
    assert rows == {"inserted": 3 * 2, "updated": 0, "deleted": 0, "closed": 0}  # two pairs, three days each
    assert {r[1:3] for r in snapshot(conn)} == {(ids["para"], ids["main"]), (ids["amox"], ids["ward"])}
