"""The live medication availability dashboard: query, summary, chart, HTML.

The figures come from `reporting.medication_availability` (the same view BI
tools read); the page is one self-contained HTML file (inline CSS and SVG, no
scripts, no external resources) rendered from dbtool/templates/.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from html import escape
from pathlib import Path

import jinja2
import psycopg
from markupsafe import Markup
from psycopg.rows import class_row

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
STATUSES = ("out of stock", "below reorder level", "ok")
STATUS_COLOURS = {"out of stock": "#c62828", "below reorder level": "#ef8f00", "ok": "#2e7d32"}


@dataclass(frozen=True)
class AvailabilityRow:
    medication_id: int
    generic_name: str
    brand_name: str | None
    dosage_form: str
    strength: Decimal | None
    strength_unit: str | None
    dispensing_unit: str
    stock_location_id: int
    location_code: str
    location_name: str
    on_hand: Decimal
    usable: Decimal
    expired_on_hand: Decimal
    expiring_within_30_days: Decimal
    expiring_within_90_days: Decimal
    nearest_expiry: date | None
    reorder_level: Decimal | None
    consumed_last_30_days: Decimal
    days_of_cover: Decimal | None
    status: str
    urgency_rank: int

    @property
    def product(self) -> str:
        strength = f" {quantity(self.strength)} {self.strength_unit}" if self.strength is not None else ""
        return f"{self.generic_name}{strength} {self.dosage_form}"


@dataclass(frozen=True)
class Summary:
    out_of_stock: int
    below_reorder_level: int
    expiring_soon: int
    total: int


# urgency: out of stock, then below reorder level, then ok; within each, the
# fewest days of cover first, then the most stock about to expire. The sort
# columns come first in the select list: the sort then finds them without
# walking the variable-width columns before them (rows are matched by name).
AVAILABILITY_QUERY = """
select urgency_rank, days_of_cover, expiring_within_30_days, generic_name, location_code,
       medication_id, brand_name, dosage_form, strength, strength_unit, dispensing_unit,
       stock_location_id, location_name, on_hand, usable, expired_on_hand,
       expiring_within_90_days, nearest_expiry, reorder_level, consumed_last_30_days, status
  from reporting.medication_availability
 order by urgency_rank, days_of_cover nulls last, expiring_within_30_days desc, generic_name, location_code
"""


def fetch_availability(conn: psycopg.Connection) -> list[AvailabilityRow]:
    with conn.cursor(row_factory=class_row(AvailabilityRow)) as cursor:
        return cursor.execute(AVAILABILITY_QUERY).fetchall()


def summarize(rows: list[AvailabilityRow]) -> Summary:
    return Summary(
        out_of_stock=sum(r.status == "out of stock" for r in rows),
        below_reorder_level=sum(r.status == "below reorder level" for r in rows),
        expiring_soon=sum(r.expiring_within_30_days > 0 for r in rows),
        total=len(rows),
    )


def quantity(value: Decimal | None) -> str:
    """80.000 -> '80', 2.500 -> '2.5', None -> ''."""
    if value is None:
        return ""
    return format(value.normalize(), "f")


def status_chart_svg(rows: list[AvailabilityRow], width: int = 640) -> str:
    """A stacked horizontal bar per location: how many medications are out of stock, below reorder, ok."""
    counts: dict[str, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row.location_code, {s: 0 for s in STATUSES})[row.status] += 1
    label_width, bar_height, gap, top = 110, 22, 10, 30
    height = top + len(counts) * (bar_height + gap) + 10
    largest = max((sum(c.values()) for c in counts.values()), default=1) or 1
    scale = (width - label_width - 50) / largest
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'role="img" aria-label="Medications by status per location" font-family="sans-serif" font-size="12">'
    ]
    x = label_width
    for status in STATUSES:  # legend
        parts.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{STATUS_COLOURS[status]}"/>')
        parts.append(f'<text x="{x + 16}" y="16">{escape(status)}</text>')
        x += 30 + 7 * len(status)
    for index, (code, by_status) in enumerate(sorted(counts.items())):
        y = top + index * (bar_height + gap)
        parts.append(f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end">{escape(code)}</text>')
        x = float(label_width)
        for status in STATUSES:
            n = by_status[status]
            if not n:
                continue
            w = n * scale
            parts.append(
                f'<rect class="bar" data-location="{escape(code)}" data-status="{escape(status)}" data-count="{n}" '
                f'x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_height}" fill="{STATUS_COLOURS[status]}">'
                f"<title>{escape(code)}: {n} {escape(status)}</title></rect>"
            )
            if w >= 18:
                parts.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + 15}" text-anchor="middle" fill="#fff">{n}</text>'
                )
            x += w
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 15}">{sum(by_status.values())}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
    )
    env.filters["quantity"] = quantity
    return env


def render_page(
    rows: list[AvailabilityRow], generated_at: datetime, refresh_seconds: int | None = None, database: str = ""
) -> str:
    template = _environment().get_template("medication_dashboard.html")
    return template.render(
        rows=rows,
        summary=summarize(rows),
        chart=Markup(status_chart_svg(rows)),
        generated_at=generated_at,
        refresh_seconds=refresh_seconds,
        database=database,
        status_colours=STATUS_COLOURS,
    )


def build_page(conn: psycopg.Connection, refresh_seconds: int | None = None) -> tuple[str, Summary]:
    """Query the live view and render the page; returns (html, summary)."""
    rows = fetch_availability(conn)
    generated_at = conn.execute("select now()").fetchone()[0]
    html = render_page(rows, generated_at, refresh_seconds, conn.info.dbname)
    return html, summarize(rows)
