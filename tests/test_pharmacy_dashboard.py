"""`dbtool dashboard medication` and `dbtool serve`: the rendered HTML carries the real figures."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import psycopg
import pytest
from conftest import run_dbtool
from pharmacy_support import dispense, expired_lot, location, medication, receive

from dbtool.commands.serve import make_server


class DashboardParser(HTMLParser):
    """Collects the summary counts, the table rows (cell class -> text) and the chart bars."""

    def __init__(self) -> None:
        super().__init__()
        self.counts: dict[str, int] = {}
        self.rows: list[dict[str, str]] = []
        self.bars: list[dict[str, str]] = []
        self.refresh: str | None = None
        self._count_id: str | None = None
        self._cell: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and a.get("http-equiv") == "refresh":
            self.refresh = a["content"]
        if tag == "span" and a.get("id", "").endswith("-count"):
            self._count_id = a["id"]
        if tag == "tr" and "data-medication-id" in a:
            self.rows.append({"status_class": a["class"], "medication_id": a["data-medication-id"],
                              "location_id": a["data-location-id"]})
        if tag == "td" and self.rows and len(self.rows[-1]) >= 3:
            self._cell = a.get("class", "").replace("number ", "")
            self.rows[-1].setdefault(self._cell, "")
        if tag == "rect" and a.get("class") == "bar":
            self.bars.append(a)

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._count_id:
            self.counts[self._count_id] = int(data)
            self._count_id = None
        if self._cell:
            self.rows[-1][self._cell] += data.strip()


def parse(html: str) -> DashboardParser:
    parser = DashboardParser()
    parser.feed(html)
    return parser


@pytest.fixture
def ward_stock(conn: psycopg.Connection) -> dict[str, int]:
    """Three medications at two locations: one out of stock, one below its reorder level, one ok,
    one with stock expiring within 30 days and expired stock on the shelf."""
    para, amox, metf = medication(conn), medication(conn, "amoxicillin"), medication(conn, "metformin")
    main, ward = location(conn, "MAIN"), location(conn, "WARD-7", "ward")
    receive(conn, para, main, "P1", 20, 100)  # expiring within 30 days
    receive(conn, para, main, "P2", 200, 50)
    dispense(conn, para, main, 30)
    conn.execute("call pharmacy.set_reorder_level(%s, %s, 100, 300)", (para, main))  # 120 usable: ok
    receive(conn, amox, main, "A1", 120, 40)
    expired_lot(conn, amox, main, "A0", 3, 15)
    conn.execute("call pharmacy.set_reorder_level(%s, %s, 60, 200)", (amox, main))  # 40 usable: below
    conn.execute("call pharmacy.set_reorder_level(%s, %s, 10, 20)", (metf, ward))  # nothing: out of stock
    receive(conn, para, ward, "P9", 45, 12)
    return {"para": para, "amox": amox, "metf": metf, "main": main, "ward": ward}


def expected_rows(conn: psycopg.Connection) -> dict[tuple[str, str], dict]:
    """Independent figures straight from the lots and settings (not from the view)."""
    rows = {}
    pairs = conn.execute(
        """select medication_id, stock_location_id from pharmacy.lot
           union select medication_id, stock_location_id from pharmacy.reorder_setting"""
    ).fetchall()
    for med, loc in pairs:
        usable, nearest, expired, _ = conn.execute("select * from pharmacy.stock_availability(%s, %s)", (med, loc)).fetchone()
        level = conn.execute(
            "select reorder_level from pharmacy.reorder_setting where medication_id = %s and stock_location_id = %s",
            (med, loc),
        ).fetchone()
        level = level[0] if level else None
        soon = conn.execute(
            """select coalesce(sum(on_hand), 0) from pharmacy.lot where medication_id = %s and stock_location_id = %s
                and expiry_date between current_date and current_date + 30""",
            (med, loc),
        ).fetchone()[0]
        status = "out of stock" if usable == 0 else "below reorder level" if level is not None and usable < level else "ok"
        rows[(str(med), str(loc))] = {"usable": usable, "status": status, "expiring_30": soon,
                                      "on_hand": usable + expired, "nearest": nearest}
    return rows


def check_page(conn: psycopg.Connection, html: str) -> DashboardParser:
    page = parse(html)
    expected = expected_rows(conn)
    statuses = [r["status"] for r in expected.values()]
    assert page.counts == {
        "out-of-stock-count": statuses.count("out of stock"),
        "below-reorder-count": statuses.count("below reorder level"),
        "expiring-soon-count": sum(r["expiring_30"] > 0 for r in expected.values()),
    }
    assert page.counts == {"out-of-stock-count": 1, "below-reorder-count": 1, "expiring-soon-count": 1}
    assert {(r["medication_id"], r["location_id"]) for r in page.rows} == set(expected)
    for row in page.rows:
        want = expected[(row["medication_id"], row["location_id"])]
        assert row["status"] == want["status"]
        assert row["status_class"] == "status-" + want["status"].replace(" ", "-")
        assert Decimal(row["usable"]) == want["usable"]
        assert Decimal(row["on-hand"]) == want["on_hand"]
        assert Decimal(row["expiring-30"]) == want["expiring_30"]
        assert row["nearest-expiry"] == (str(want["nearest"]) if want["nearest"] else "")
    # sorted by urgency: out of stock first, ok last
    ranks = [{"out of stock": 1, "below reorder level": 2, "ok": 3}[r["status"]] for r in page.rows]
    assert ranks == sorted(ranks)
    # the chart's bars add up to the table, per location and status
    for bar in page.bars:
        in_table = sum(1 for r in page.rows if r["status"] == bar["data-status"] and r["location"] == bar["data-location"])
        assert int(bar["data-count"]) == in_table
    assert sum(int(b["data-count"]) for b in page.bars) == len(page.rows)
    return page


def test_dashboard_command_writes_the_live_figures(conn, db_url, ward_stock, tmp_path: Path) -> None:
    out = tmp_path / "dash.html"
    result = run_dbtool("dashboard", "medication", "--out", str(out), env={"DATABASE_URL": db_url})
    assert result.returncode == 0, result.stderr
    assert "1 out of stock, 1 below reorder level, 1 expiring within 30 days" in result.stdout
    html = out.read_text()
    page = check_page(conn, html)
    assert page.refresh is None  # a file is a snapshot: no auto-refresh
    assert "<script" not in html and "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_dashboard_follows_a_dispense(conn, db_url, ward_stock, tmp_path: Path) -> None:
    dispense(conn, ward_stock["para"], ward_stock["main"], 25)  # 120 -> 95: below 100 now
    out = tmp_path / "dash.html"
    assert run_dbtool("dashboard", "medication", "--out", str(out), env={"DATABASE_URL": db_url}).returncode == 0
    page = parse(out.read_text())
    assert page.counts["below-reorder-count"] == 2
    row = next(r for r in page.rows if r["medication_id"] == str(ward_stock["para"]) and r["location"] == "MAIN")
    assert (row["status"], Decimal(row["usable"])) == ("below reorder level", Decimal("95"))


def test_serve_answers_on_localhost_with_auto_refresh(conn, db_url, ward_stock) -> None:
    server = make_server(db_url, port=0, refresh_seconds=30)
    host, port = server.server_address[:2]
    assert host == "127.0.0.1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
            assert response.status == 200
            assert response.headers["Content-Type"].startswith("text/html")
            html = response.read().decode()
        page = check_page(conn, html)
        assert page.refresh == "30"
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/admin", timeout=10)
        assert missing.value.code == 404
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_serve_refuses_bad_arguments(db_url) -> None:
    result = run_dbtool("serve", "--port", "70000", env={"DATABASE_URL": db_url})
    assert result.returncode != 0 and "--port" in result.stderr and "Traceback" not in result.stderr
    result = run_dbtool("serve", "--refresh", "1", env={"DATABASE_URL": db_url})
    assert result.returncode != 0 and "--refresh" in result.stderr and "Traceback" not in result.stderr
