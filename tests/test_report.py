"""`dbtool report`: the monthly report shows exactly what the reporting KPI views hold.

One seeded clinic (120 patients x 14 months) is loaded into the warehouse once for the
module; the figures on the page are compared with the KPI views, formatted here
independently of dbtool/report_format.py.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from html.parser import HTMLParser
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from psycopg.rows import dict_row

from dbtool import report, seed
from dbtool.db import ScratchDatabase
from dbtool.report_data import add_months, load_month
from tests.conftest import SERVER_URL, RoleConnector, run_dbtool

END = seed.first_of_current_month()
PLAN = seed.SeedPlan(patients=120, months=14, seed=3, end=END)
MONTH = add_months(END, -1)  # the last seeded month: complete, with a previous month
FUTURE = add_months(END, 2)  # one appointment booked here ...
EMPTY = add_months(END, 1)  # ... so this month lies inside the data range without any activity
TILES = ("visits", "distinct_patients", "doctor_utilisation", "no_show_rate", "severe_share", "stock_outs",
         "billed", "collected", "collection_rate")
SECTIONS = ("interactions", "severity", "prevalence", "departments", "utilisation", "billing", "outcomes",
            "medication")
KPI_VIEWS = ("kpi_month", "kpi_headline", "kpi_interactions", "kpi_visits_by_weekday", "kpi_severity",
             "kpi_disease_prevalence", "kpi_doctor_utilisation", "kpi_appointments", "kpi_billing",
             "kpi_treatment_outcomes", "kpi_stock_outs")


def _book_future_appointment(conn: psycopg.Connection) -> None:
    """A real booking (the clinic's procedure) two months ahead: the warehouse then spans an empty month."""
    doctor, department = conn.execute(
        """select s.staff_id, s.department_id from clinic.staff s
            where exists (select 1 from clinic.working_day w where w.staff_id = s.staff_id and w.iso_weekday = 2
                             and w.start_time <= '10:00' and w.end_time >= '10:30')
            order by s.staff_id limit 1"""
    ).fetchone()
    patient = conn.execute("select min(patient_id) from clinic.patient").fetchone()[0]
    tuesday = FUTURE + timedelta(days=(1 - FUTURE.weekday()) % 7)
    starts = datetime.combine(tuesday, time(10, 0), tzinfo=timezone.utc)
    conn.execute("call clinic.schedule_appointment(%s, %s, %s, %s, %s, 'report test')",
                 (patient, doctor, department, starts, starts + timedelta(minutes=30)))


@pytest.fixture(scope="module")
def clinic_url(postgresql_proc) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A private clone of the deployed template, seeded and loaded into the warehouse once."""
    with ScratchDatabase(SERVER_URL, "dbtool_report", template=postgresql_proc.template_dbname) as scratch:
        with psycopg.connect(scratch.url, autocommit=True) as conn:
            seed.run(conn, PLAN, out=lambda _line: None)
            _book_future_appointment(conn)
            run_id, status = conn.execute("call dw.refresh()").fetchone()
            assert status == "succeeded", run_id
        yield scratch.url


@pytest.fixture
def clinic(clinic_url: str) -> Iterator[psycopg.Connection]:
    with psycopg.connect(clinic_url, autocommit=True) as conn:
        yield conn


@pytest.fixture(scope="module")
def rendered(clinic_url: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """MONTH's report, written by the real CLI."""
    out = tmp_path_factory.mktemp("report") / "new folder"
    result = run_dbtool("report", "monthly", "--month", f"{MONTH:%Y-%m}", "--out", str(out),
                        env={"DATABASE_URL": clinic_url})
    assert result.returncode == 0, result.stderr
    path = out / f"report-{MONTH:%Y-%m}.html"
    assert f"wrote {path}" in result.stdout
    return path


# --- the page, parsed ----------------------------------------------------------------------------------------

class ReportParser(HTMLParser):
    """Tiles (value, change, previous), section headings and empty notes, tables' total rows, chart elements."""

    def __init__(self) -> None:
        super().__init__()
        self.tiles: dict[str, dict[str, str]] = {}
        self.sections: dict[str, str] = {}
        self.empty: set[str] = set()
        self.charts: list[str] = []
        self.element_ids: list[str] = []
        self.tables: dict[str, list[list[str]]] = {}
        self.external: list[str] = []
        self._tile: str | None = None
        self._stack: list[str | None] = []  # elements open inside the current tile (their field, if any)
        self._section: str | None = None
        self._in_h2 = False
        self._table: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.element_ids.append(a["id"])
        for attribute in ("src", "href"):
            if attribute in a and not a[attribute].startswith("#"):
                self.external.append(a[attribute])
        if tag == "script" or (tag == "link" and a.get("rel") == "stylesheet"):
            self.external.append(tag)
        if tag == "div" and "data-kpi" in a:
            self._tile = a["data-kpi"]
            self._stack = []
            self.tiles[self._tile] = {"data-value": a["data-value"], "unit": a["data-unit"]}
        elif self._tile is not None:
            name = a.get("class", "").split()[0] if a.get("class") else ""
            self._stack.append(name if name in ("value", "change", "previous") else None)
            if name == "change":
                self.tiles[self._tile].update(change="", tone=a["data-tone"], direction=a["data-direction"])
            elif name in ("value", "previous"):
                self.tiles[self._tile][name] = ""
        if tag == "section" and a.get("id", "").startswith("section-"):
            self._section = a["id"].removeprefix("section-")
        if tag == "h2" and self._section:
            self._in_h2 = True
            self.sections[self._section] = ""
        if "data-empty" in a:
            self.empty.add(a["data-empty"])
        if tag == "svg" and "data-chart" in a:
            self.charts.append(a["data-chart"])
        if tag == "table":
            self._table = a.get("id", "")
            self.tables[self._table] = []
        if tag == "tr" and self._table is not None:
            self.tables[self._table].append([])
        if tag in ("td", "th") and self._table is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if self._tile is not None:
            if not self._stack:  # the tile's own </div>
                self._tile = None
            else:
                self._stack.pop()
        if tag == "h2":
            self._in_h2 = False
        if tag in ("td", "th") and self._cell is not None and self._table is not None:
            self.tables[self._table][-1].append("".join(self._cell).strip())
            self._cell = None
        if tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        field = next((f for f in reversed(self._stack) if f), None) if self._tile else None
        if field:
            self.tiles[self._tile][field] += data
        if self._in_h2 and self._section:
            self.sections[self._section] += data
        if self._cell is not None:
            self._cell.append(data)


def parse(html: str) -> ReportParser:
    parser = ReportParser()
    parser.feed(html)
    return parser


# --- independent formatting (what an executive should read) ---------------------------------------------------

def half_up(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def shown(value: Decimal | None, unit: str) -> str:
    if value is None:
        return "\u2013"
    if unit == "count":
        return f"{int(value):,}"
    if unit == "ratio":
        return f"{half_up(value * 100, 1):,}%"
    if unit == "money":
        return ("-" if value < 0 else "") + f"${abs(half_up(value, 0)):,}"
    if unit == "days":
        return f"{half_up(value, 1):,} days"
    raise AssertionError(unit)


def headline(conn: psycopg.Connection, month: date) -> dict[str, dict]:
    with conn.cursor(row_factory=dict_row) as cursor:
        rows = cursor.execute("select * from reporting.kpi_headline where month_start = %s", (month,)).fetchall()
    return {row["kpi_code"]: row for row in rows}


# --- the tests ------------------------------------------------------------------------------------------------

def test_tiles_show_the_headline_kpis_of_the_month(clinic, rendered: Path) -> None:
    page = parse(rendered.read_text(encoding="utf-8"))
    expected = headline(clinic, MONTH)
    assert set(TILES) <= set(expected), "the KPI contract's headline codes"
    assert list(page.tiles) == list(TILES)
    for code, tile in page.tiles.items():
        row = expected[code]
        assert tile["unit"] == row["unit"], code
        assert (Decimal(tile["data-value"]) if tile["data-value"] else None) == row["value"], code
        assert tile["value"].strip() == shown(row["value"], row["unit"]), code
        assert tile["previous"].strip() == f"previous month: {shown(row['previous_value'], row['unit'])}", code
        change = row["change"]
        if change is None or change == 0:
            assert tile["tone"] == "flat", code
        else:
            moved_up = change > 0
            assert tile["direction"] == ("up" if moved_up else "down"), code
            assert tile["tone"] == ("good" if moved_up == (row["better_when"] == "higher") else "bad"), code
            arrow = "\u25b2" if moved_up else "\u25bc"
            assert tile["change"].strip().startswith(arrow), code
            if row["unit"] == "ratio":
                points = half_up(abs(change) * 100, 1)
                assert tile["change"].strip().endswith(f"{'+' if moved_up else chr(0x2212)}{points:,} pp"), code
            elif row["change_ratio"] is not None:
                pct = half_up(abs(row["change_ratio"]) * 100, 1)
                assert tile["change"].strip().endswith(f"({'+' if moved_up else chr(0x2212)}{pct:,}%)"), code
    # the seeded clinic is busy: these tiles are real figures, not dashes
    for code in ("visits", "distinct_patients", "billed", "collected"):
        assert expected[code]["value"] and expected[code]["value"] > 0


def test_sections_tables_and_charts_match_the_views(clinic, rendered: Path) -> None:
    html = rendered.read_text(encoding="utf-8")
    page = parse(html)
    assert list(page.sections) == list(SECTIONS)
    assert all(title.strip() for title in page.sections.values())
    assert page.empty <= {"stock-outs"}, "a busy month has no empty section (stock-outs may be none)"
    # one chart of each kind, each with drawn elements; the file stands alone
    assert sorted(page.charts) == sorted(
        ["severity-by-department", "prevalence-chapter", "prevalence-block", "visits-by-department",
         "weekday-heat-map", "doctor-utilisation", "billing-trend", "treatment-outcomes"])
    assert page.external == []
    assert len(page.element_ids) == len(set(page.element_ids)), "ids are unique across the inline charts"
    with clinic.cursor(row_factory=dict_row) as cursor:
        departments = cursor.execute(
            "select * from reporting.kpi_interactions where month_start = %s and department_key is not null",
            (MONTH,)).fetchall()
        total = cursor.execute(
            "select * from reporting.kpi_interactions where month_start = %s and department_key is null",
            (MONTH,)).fetchone()
        billing = cursor.execute(
            "select * from reporting.kpi_billing where month_start = %s and department_key is null", (MONTH,)).fetchone()
        trend = cursor.execute(
            "select count(*) as n from reporting.kpi_billing where department_key is null and month_start between %s and %s",
            (add_months(MONTH, -11), MONTH)).fetchone()
    # a bar per department in the visits chart, labelled with its visits
    bars = [i for i in page.element_ids if i.startswith("visits-by-department-bar-")]
    assert sorted(bars) == sorted(f"visits-by-department-bar-{d['department_key']}" for d in departments)
    # the interactions table: one row per department, then the total row
    rows = page.tables["interactions-table"]
    assert rows[0][:2] == ["Department", "Visits"]
    assert len(rows) == 1 + len(departments) + 1
    assert rows[-1] == [total["department_name"], f"{total['visits']:,}", f"{total['distinct_patients']:,}",
                        f"{total['doctors']:,}", f"{half_up(total['visits_per_doctor'], 1):,}",
                        f"{total['new_patients']:,}", f"{total['returning_patients']:,}"]
    # money with cents in the tables
    total_row = page.tables["billing-table"][-1]
    assert total_row[1:5] == [f"${billing[k]:,.2f}" for k in ("billed", "collected", "adjusted", "outstanding")]
    assert total_row[5] == f"{half_up(billing['collection_rate'] * 100, 1)}%"
    # the 12-month trend draws a point per month (the warehouse holds at least 12 months before MONTH)
    assert trend["n"] == 12
    line = re.search(r'<g id="billing-trend-billed">(.*?)</g>', html, re.DOTALL)
    assert line and line.group(1).count("<use ") == 12, "a marker per month"


def test_same_data_renders_byte_identical(clinic, rendered: Path) -> None:
    again = report.render_html(load_month(clinic, MONTH), "$")
    assert again.encode() == rendered.read_bytes()


def test_month_without_activity_renders_no_activity_sections(clinic, clinic_url: str, tmp_path: Path) -> None:
    assert clinic.execute("select count(*) from reporting.kpi_month where month_start = %s", (EMPTY,)).fetchone()[0] == 0
    assert clinic.execute("select count(*) from reporting.kpi_month where month_start = %s", (FUTURE,)).fetchone()[0] == 1
    result = run_dbtool("report", "monthly", "--month", f"{EMPTY:%Y-%m}", "--out", str(tmp_path),
                        env={"DATABASE_URL": clinic_url})
    assert result.returncode == 0, result.stderr
    assert "no activity" in result.stdout
    page = parse((tmp_path / f"report-{EMPTY:%Y-%m}.html").read_text(encoding="utf-8"))
    assert page.tiles == {}
    assert {"summary", "interactions", "severity", "prevalence", "departments", "utilisation", "outcomes"} <= page.empty
    assert list(page.sections) == list(SECTIONS)  # every section is there, saying so


def test_unknown_and_malformed_months_are_one_line_errors(clinic_url: str, tmp_path: Path) -> None:
    env = {"DATABASE_URL": clinic_url}
    for month, words in ((f"{add_months(FUTURE, 1):%Y-%m}", "no data for"), ("2001-01", "no data for"),
                         ("2026-13", "--month must be YYYY-MM"), ("October", "--month must be YYYY-MM")):
        result = run_dbtool("report", "monthly", "--month", month, "--out", str(tmp_path / "out"), env=env)
        assert result.returncode != 0, month
        assert words in result.stderr and "Traceback" not in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert not (tmp_path / "out").exists()  # nothing written


def test_list_shows_the_months_of_the_warehouse(clinic, clinic_url: str) -> None:
    result = run_dbtool("report", "list", env={"DATABASE_URL": clinic_url})
    assert result.returncode == 0, result.stderr
    months = clinic.execute("select month_start, is_complete, encounters from reporting.kpi_month order by 1").fetchall()
    lines = [line.split() for line in result.stdout.splitlines()[1:]]
    assert [(line[0], line[1], line[2]) for line in lines] == [
        (f"{m:%Y-%m}", "yes" if complete else "no", f"{encounters:,}") for m, complete, encounters in months]
    assert len(months) == PLAN.months + 1  # the seeded months and the future booking


def _csv_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@pytest.mark.parametrize("whole", [False, True], ids=["one month", "every month"])
def test_csv_export_equals_the_views(clinic, clinic_url: str, tmp_path: Path, whole: bool) -> None:
    args = ["report", "export", "--out", str(tmp_path)] + ([] if whole else ["--month", f"{MONTH:%Y-%m}"])
    result = run_dbtool(*args, env={"DATABASE_URL": clinic_url})
    assert result.returncode == 0, result.stderr
    files = sorted(p.name for p in tmp_path.iterdir())
    suffix = "" if whole else f"-{MONTH:%Y-%m}"
    assert files == sorted(f"reporting.{view}{suffix}.csv" for view in KPI_VIEWS)
    for view in KPI_VIEWS:
        query = sql.SQL("select * from reporting.{}").format(sql.Identifier(view))
        cursor = clinic.execute(query if whole else query + sql.SQL(" where month_start = %s"), () if whole else (MONTH,))
        columns = [c.name for c in cursor.description]
        expected = sorted([_csv_text(v) for v in row] for row in cursor.fetchall())
        with (tmp_path / f"reporting.{view}{suffix}.csv").open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        assert rows[0] == columns, view
        assert sorted(rows[1:]) == expected, view
        if view != "kpi_stock_outs":
            assert expected, f"{view} has rows for the seeded month"


@pytest.mark.slow
def test_pdf_is_a4_with_a_page_per_section(clinic, clinic_url: str, rendered: Path, tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    try:
        report.find_chromium()
    except Exception as exc:  # noqa: BLE001 - an optional system browser
        pytest.skip(str(exc))
    result = run_dbtool("report", "monthly", "--month", f"{MONTH:%Y-%m}", "--format", "pdf", "--out", str(tmp_path),
                        env={"DATABASE_URL": clinic_url})
    assert result.returncode == 0, result.stderr
    reader = pypdf.PdfReader(tmp_path / f"report-{MONTH:%Y-%m}.pdf")
    assert len(reader.pages) == 1 + len(SECTIONS)
    for page in reader.pages:  # A4 portrait: 210 x 297 mm in points
        assert abs(float(page.mediabox.width) - 595.3) < 1.5 and abs(float(page.mediabox.height) - 841.9) < 1.5
    texts = [page.extract_text() for page in reader.pages]
    first = texts[0]
    assert f"Monthly report \u00b7 {MONTH:%B %Y}" in first
    for code, row in headline(clinic, MONTH).items():
        if code in TILES:
            assert shown(row["value"], row["unit"]) in first, code
    headings = parse(rendered.read_text(encoding="utf-8")).sections
    for index, key in enumerate(SECTIONS, start=1):
        assert headings[key].strip() in texts[index], key


def test_a_bi_reader_gets_the_same_report(clinic_url: str, rendered: Path, tmp_path: Path) -> None:
    """The report needs nothing but the de-identified reporting views (hc_bi_reader cannot read dw)."""
    roles = RoleConnector(clinic_url)
    try:
        _, url = roles.login("hc_bi_reader")
        result = run_dbtool("report", "monthly", "--month", f"{MONTH:%Y-%m}", "--out", str(tmp_path),
                            env={"DATABASE_URL": url})
        assert result.returncode == 0, result.stderr
    finally:
        roles.close()
    as_reader = parse((tmp_path / rendered.name).read_text(encoding="utf-8"))
    assert as_reader.tiles == parse(rendered.read_text(encoding="utf-8")).tiles
