"""The monthly executive report: KPI tiles, sections with charts, HTML/PDF output, CSV export.

Figures come only from the `reporting` KPI views (dbtool/report_data.py); the layout
is the Jinja2 template dbtool/templates/report_monthly.html (no SQL in it); the charts
are matplotlib SVGs inlined in the page (dbtool/report_charts.py), so the HTML file
stands alone: no scripts, no external resources. `--format pdf` prints that file with
headless Chromium (A4, one section per page).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
import psycopg
from markupsafe import Markup

from dbtool import report_charts as charts
from dbtool import report_format as fmt
from dbtool.errors import DbtoolError
from dbtool.report_data import (
    Billing,
    MonthlyData,
    add_months,
    available_months,
    load_month,
)

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE = "report_monthly.html"
# the first screen, in reading order: activity, capacity, quality, money, supply
TILE_CODES = (
    "visits", "distinct_patients", "doctor_utilisation",
    "no_show_rate", "severe_share", "stock_outs",
    "billed", "collected", "collection_rate",
)
# shown when kpi_headline has no row for a tile's KPI in that month (the view's own label otherwise)
TILE_LABELS = {
    "visits": "Visits", "distinct_patients": "Distinct patients", "doctor_utilisation": "Doctor utilisation",
    "no_show_rate": "No-show rate", "severe_share": "Severe cases", "stock_outs": "Stock-outs",
    "billed": "Billed", "collected": "Collected", "collection_rate": "Collection rate",
}
CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_ENV = "DBTOOL_CHROMIUM"


@dataclass(frozen=True)
class Tile:
    code: str
    label: str
    unit: str
    value: Decimal | None
    text: str
    change: fmt.Change
    previous_text: str


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    empty: bool
    empty_text: str


def report_filename(month: date, extension: str) -> str:
    return f"report-{month:%Y-%m}.{extension}"


def build_tiles(data: MonthlyData, currency: str) -> list[Tile]:
    """The nine first-screen tiles (none for a month without activity); a KPI the views have no
    row for keeps its tile, with a dash, so the first screen always has the same shape."""
    if not data.has_activity:
        return []
    tiles = []
    for code in TILE_CODES:
        row = data.headline.get(code)
        if row is None:
            tiles.append(Tile(code, TILE_LABELS[code], "", None, fmt.NOT_AVAILABLE,
                              fmt.Change("flat", "flat", "no figure this month"), fmt.NOT_AVAILABLE))
            continue
        tiles.append(Tile(
            code=code,
            label=row.kpi_label,
            unit=row.unit,
            value=row.value,
            text=fmt.kpi_value(row.value, row.unit, currency),
            change=fmt.change(row.unit, row.value, row.previous_value, row.change, row.change_ratio,
                              row.better_when, currency),
            previous_text=fmt.kpi_value(row.previous_value, row.unit, currency),
        ))
    return tiles


def _trend_months(data: MonthlyData) -> list[date]:
    """The 12 months ending with the report month, from the first month with data."""
    first = data.months[0].month_start if data.months else data.month
    return [m for m in (add_months(data.month, -k) for k in range(11, -1, -1)) if m >= first]


def _filled_trend(data: MonthlyData) -> list[Billing]:
    """kpi_billing total rows for every trend month; a month without invoices is a zero row."""
    by_month = {row.month_start: row for row in data.billing_trend}
    zero = Decimal("0.00")
    return [by_month.get(m) or Billing(m, None, "All departments", zero, zero, zero, zero, None, None)
            for m in _trend_months(data)]


def sections(data: MonthlyData) -> dict[str, Section]:
    month = f"{data.month:%B %Y}"
    none = f"No activity in {month}."
    idle = not data.has_activity

    def section(key: str, title: str, empty: bool, empty_text: str) -> Section:
        return Section(key, title, idle or empty, none if idle else empty_text)

    return {s.key: s for s in (
        section("interactions", "Doctor-patient interactions", not data.interactions,
                f"No visits in {month}."),
        section("severity", "Severity of diagnoses", not data.severity, f"No diagnoses recorded in {month}."),
        section("prevalence", "Disease prevalence", not data.prevalence, f"No diagnoses recorded in {month}."),
        section("departments", "Visits by department", not data.visits_by_weekday, f"No visits in {month}."),
        section("utilisation", "Doctor utilisation", not data.utilisation, f"No appointments booked in {month}."),
        # the trend reaches back a year: it is worth showing even for a month without invoices
        Section("billing", "Billing", not any(r.billed or r.collected for r in data.billing_trend),
                f"No invoices in the 12 months ending {month}."),
        section("outcomes", "Treatment outcomes", not data.treatment_outcomes, f"No treatments given in {month}."),
        Section("medication", "Medication availability", False, ""),
    )}


def _environment(currency: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        count=fmt.count,
        decimal1=fmt.decimal1,
        percent=fmt.percent,
        days=fmt.days,
        money=lambda v, places=2: fmt.money(v, currency, places),
        hours=lambda minutes: fmt.count(Decimal(minutes) / 60 if minutes is not None else None),
    )
    return env


def _total(rows: Sequence[Any]) -> Any:
    """The 'All departments' row (department_key NULL) of a view with department rows + a total row."""
    return next((r for r in rows if r.department_key is None), None)


def _departments(rows: Sequence[Any]) -> list[Any]:
    return [r for r in rows if r.department_key is not None]


def _svg(markup: str | None) -> Markup | None:
    return Markup(markup) if markup else None


def render_html(data: MonthlyData, currency: str | None = None) -> str:
    """The report as one self-contained HTML document (same data in, same bytes out)."""
    currency = currency or fmt.default_currency()
    trend = _filled_trend(data)
    chart = {
        "visits_by_department": charts.visits_by_department(data.interactions),
        "weekday_heat_map": charts.weekday_heat_map(data.visits_by_weekday),
        "severity": charts.severity_stacked(data.severity),
        "prevalence_chapter": charts.prevalence_bars(data.prevalence, "chapter"),
        "prevalence_block": charts.prevalence_bars(data.prevalence, "block"),
        "utilisation": charts.utilisation_bars(data.utilisation),
        "billing_trend": charts.billing_trend(trend, currency),
        "outcomes": charts.treatment_outcome_bars(data.treatment_outcomes),
    }
    prevalence_blocks = [r for r in data.prevalence if r.level == "block"][:10]
    template = _environment(currency).get_template(TEMPLATE)
    return template.render(
        data=data,
        month_title=f"{data.month:%B %Y}",
        month_code=f"{data.month:%Y-%m}",
        currency=currency,
        tiles=build_tiles(data, currency),
        sections=sections(data),
        charts={name: _svg(svg) for name, svg in chart.items()},
        interactions=_departments(data.interactions),
        interactions_total=_total(data.interactions),
        appointments=_departments(data.appointments),
        appointments_total=_total(data.appointments),
        severity_total=[r for r in data.severity if r.department_key is None],
        active_patients=data.prevalence[0].active_patients if data.prevalence else None,
        prevalence_blocks=prevalence_blocks,
        utilisation=[r for r in data.utilisation if r.department_key is not None and r.doctor_durable_key is None],
        utilisation_total=_total(data.utilisation),
        doctor_utilisation=[r for r in data.utilisation if r.doctor_durable_key is not None],
        billing=_departments(data.billing),
        billing_total=_total(data.billing),
        trend=trend,
        outcomes=[r for r in data.treatment_outcomes if r.department_key is None],
        stock_outs=data.stock_outs,
        availability=data.availability,
    )


def write_html(data: MonthlyData, out_dir: Path, currency: str | None = None) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / report_filename(data.month, "html")
    path.write_text(render_html(data, currency), encoding="utf-8")
    return path


def find_chromium() -> str:
    explicit = os.environ.get(CHROMIUM_ENV)
    if explicit:
        if shutil.which(explicit):
            return shutil.which(explicit)  # type: ignore[return-value]
        raise DbtoolError(f"{CHROMIUM_ENV}={explicit} is not an executable")
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    raise DbtoolError(
        "--format pdf needs Chromium: install it (Debian: apt-get install chromium) or set "
        f"{CHROMIUM_ENV} to its path; --format html works without it"
    )


def print_pdf(html_path: Path, pdf_path: Path, timeout: int = 180) -> Path:
    """Print an HTML file to A4 PDF with headless Chromium (page size and breaks come from the CSS)."""
    binary = find_chromium()
    pdf_path.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="dbtool-chromium-") as profile:
        command = [
            binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
            f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={pdf_path}",
            html_path.resolve().as_uri(),
        ]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise DbtoolError(f"Chromium did not finish printing the PDF within {timeout} s") from exc
    if result.returncode != 0 or not pdf_path.is_file() or pdf_path.stat().st_size == 0:
        lines = [line for line in (result.stderr or "").splitlines() if line.strip()]
        reason = lines[-1].strip() if lines else f"exit code {result.returncode}"
        raise DbtoolError(f"Chromium could not print the PDF: {reason}")
    return pdf_path


def write_pdf(data: MonthlyData, out_dir: Path, currency: str | None = None) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="dbtool-report-") as work:
        html_path = write_html(data, Path(work), currency)
        return print_pdf(html_path, out_dir / report_filename(data.month, "pdf"))


def render_month(conn: psycopg.Connection, month: date, out_dir: Path, output_format: str = "html",
                 currency: str | None = None) -> tuple[Path, MonthlyData]:
    """Read `month` from the KPI views and write its report; returns (file, data)."""
    data = load_month(conn, month)
    if output_format == "pdf":
        return write_pdf(data, out_dir, currency), data
    if output_format == "html":
        return write_html(data, out_dir, currency), data
    raise DbtoolError(f"unknown report format {output_format!r}: html or pdf")


def latest_complete_month(conn: psycopg.Connection) -> date | None:
    complete = [m.month_start for m in available_months(conn) if m.is_complete]
    return complete[-1] if complete else None
