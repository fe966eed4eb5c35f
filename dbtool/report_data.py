"""Reading the monthly report's figures from the `reporting` KPI views (see docs/report.md).

Every query names the views and columns of the KPI contract (issue 5) explicitly,
so a renamed column fails here, loudly, instead of silently emptying a chart. The
dataclasses below ARE the contract's column lists: their field order is the view's
column order, and the CSV export writes them in that order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import class_row

from dbtool.errors import DbtoolError

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class KpiMonth:
    month_start: date
    is_complete: bool
    encounters: int
    appointments: int
    diagnoses: int
    invoice_lines: int


@dataclass(frozen=True)
class Headline:
    month_start: date
    kpi_code: str
    kpi_label: str
    unit: str
    value: Decimal | None
    previous_value: Decimal | None
    change: Decimal | None
    change_ratio: Decimal | None
    better_when: str


@dataclass(frozen=True)
class Interactions:
    month_start: date
    department_key: int | None
    department_name: str
    visits: int
    distinct_patients: int
    doctors: int
    visits_per_doctor: Decimal | None
    new_patients: int
    returning_patients: int


@dataclass(frozen=True)
class VisitsByWeekday:
    month_start: date
    department_key: int | None  # NULL on the 'All departments' rows
    department_name: str
    iso_weekday: int
    visits: int


@dataclass(frozen=True)
class Severity:
    month_start: date
    department_key: int | None
    department_name: str
    severity: str
    severity_rank: int
    diagnoses: int
    share: Decimal | None


@dataclass(frozen=True)
class Prevalence:
    month_start: date
    level: str
    code: str
    title: str
    patients: int
    active_patients: int
    per_1000_active: Decimal | None
    rank_in_month: int


@dataclass(frozen=True)
class Utilisation:
    month_start: date
    department_key: int | None
    department_name: str
    doctor_durable_key: int | None
    booked_minutes: Decimal
    available_minutes: Decimal
    utilisation: Decimal | None


@dataclass(frozen=True)
class Appointments:
    month_start: date
    department_key: int | None
    department_name: str
    appointments: int
    completed: int
    cancelled: int
    no_shows: int
    no_show_rate: Decimal | None


@dataclass(frozen=True)
class Billing:
    month_start: date
    department_key: int | None
    department_name: str
    billed: Decimal
    collected: Decimal
    adjusted: Decimal
    outstanding: Decimal
    collection_rate: Decimal | None
    days_sales_outstanding: Decimal | None


@dataclass(frozen=True)
class TreatmentOutcome:
    month_start: date
    department_key: int | None
    department_name: str
    treatment_category_code: str
    treatments: int
    improved_or_resolved: int
    improved_share: Decimal | None
    revenue: Decimal


@dataclass(frozen=True)
class StockOut:
    month_start: date
    medication_key: int
    generic_name: str
    stock_location_key: int
    location_name: str
    stock_out_days: int
    snapshot_days: int


@dataclass(frozen=True)
class KpiView:
    """One KPI view: its name in schema `reporting`, its row type and the order rows are read in."""

    name: str
    row: type
    order_by: tuple[str, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(f.name for f in fields(self.row))


# the contract's views in the order of docs/report.md; department rows before the total row
# (department_key NULL sorts last)
KPI_VIEWS: tuple[KpiView, ...] = (
    KpiView("kpi_month", KpiMonth, ("month_start",)),
    KpiView("kpi_headline", Headline, ("month_start", "kpi_code")),
    KpiView("kpi_interactions", Interactions, ("month_start", "department_key", "department_name")),
    KpiView("kpi_visits_by_weekday", VisitsByWeekday, ("month_start", "department_key", "iso_weekday")),
    KpiView("kpi_severity", Severity, ("month_start", "department_key", "severity_rank")),
    KpiView("kpi_disease_prevalence", Prevalence, ("month_start", "level", "rank_in_month", "code")),
    KpiView(
        "kpi_doctor_utilisation", Utilisation, ("month_start", "department_key", "doctor_durable_key")
    ),
    KpiView("kpi_appointments", Appointments, ("month_start", "department_key")),
    KpiView("kpi_billing", Billing, ("month_start", "department_key")),
    KpiView("kpi_treatment_outcomes", TreatmentOutcome, ("month_start", "department_key", "treatment_category_code")),
    KpiView("kpi_stock_outs", StockOut, ("month_start", "medication_key", "stock_location_key")),
)
VIEWS_BY_NAME = {view.name: view for view in KPI_VIEWS}


@dataclass(frozen=True)
class AvailabilityItem:
    """A medication at a location that is out of stock or below its reorder level, today."""

    generic_name: str
    location_name: str
    usable: Decimal
    reorder_level: Decimal | None
    days_of_cover: Decimal | None
    status: str


@dataclass(frozen=True)
class Availability:
    """Live stock status from reporting.medication_availability (today, not the report month)."""

    by_status: dict[str, int]
    urgent: list[AvailabilityItem]


@dataclass
class MonthlyData:
    """Everything one month's report shows, as read from the views."""

    month: date
    month_row: KpiMonth | None
    months: list[KpiMonth]
    headline: dict[str, Headline] = field(default_factory=dict)
    interactions: list[Interactions] = field(default_factory=list)
    visits_by_weekday: list[VisitsByWeekday] = field(default_factory=list)
    severity: list[Severity] = field(default_factory=list)
    prevalence: list[Prevalence] = field(default_factory=list)
    utilisation: list[Utilisation] = field(default_factory=list)
    appointments: list[Appointments] = field(default_factory=list)
    billing: list[Billing] = field(default_factory=list)
    billing_trend: list[Billing] = field(default_factory=list)  # total rows, 12 months ending with `month`
    treatment_outcomes: list[TreatmentOutcome] = field(default_factory=list)
    stock_outs: list[StockOut] = field(default_factory=list)
    availability: Availability | None = None
    refreshed_at: datetime | None = None

    @property
    def has_activity(self) -> bool:
        return self.month_row is not None


def parse_month(text: str) -> date:
    """'2026-10' -> date(2026, 10, 1); anything else is a one-line error."""
    match = MONTH_PATTERN.match(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1:
        raise DbtoolError(f"--month must be YYYY-MM (for example 2026-10), got {text!r}")
    return date(int(match.group(1)), int(match.group(2)), 1)


def add_months(month: date, delta: int) -> date:
    index = month.year * 12 + month.month - 1 + delta
    return date(index // 12, index % 12 + 1, 1)


def read_view(
    conn: psycopg.Connection, view: KpiView, month: date | None = None, *, where: sql.Composable | None = None,
    params: tuple[Any, ...] = (),
) -> list[Any]:
    """Rows of one KPI view (for one month, or all of it), typed by the view's row class."""
    query = sql.SQL("select {columns} from reporting.{view}").format(
        columns=sql.SQL(", ").join(sql.Identifier(c) for c in view.columns), view=sql.Identifier(view.name)
    )
    conditions: list[sql.Composable] = []
    arguments: list[Any] = []
    if month is not None:
        conditions.append(sql.SQL("month_start = %s"))
        arguments.append(month)
    if where is not None:
        conditions.append(where)
        arguments.extend(params)
    if conditions:
        query = query + sql.SQL(" where ") + sql.SQL(" and ").join(conditions)
    query = query + sql.SQL(" order by {}").format(
        sql.SQL(", ").join(sql.SQL("{} nulls last").format(sql.Identifier(c)) for c in view.order_by)
    )
    try:
        with conn.cursor(row_factory=class_row(view.row)) as cursor:
            return cursor.execute(query, arguments).fetchall()
    except psycopg.errors.UndefinedTable as exc:
        raise DbtoolError(
            f"reporting.{view.name} does not exist: deploy the KPI views first (dbtool apply)"
        ) from exc


def available_months(conn: psycopg.Connection) -> list[KpiMonth]:
    return read_view(conn, VIEWS_BY_NAME["kpi_month"])


def check_month(month: date, months: list[KpiMonth]) -> KpiMonth | None:
    """The month's kpi_month row; None for a month inside the data range without activity;
    an error for a month outside it."""
    if not months:
        raise DbtoolError(
            "the warehouse has no data yet: load it with CALL dw.refresh() (or dw.rebuild()), then try again"
        )
    first, last = months[0].month_start, months[-1].month_start
    if not first <= month <= last:
        raise DbtoolError(
            f"no data for {month:%Y-%m}: the warehouse holds {first:%Y-%m} to {last:%Y-%m} "
            "(see dbtool report list)"
        )
    return next((m for m in months if m.month_start == month), None)


def _availability(conn: psycopg.Connection) -> Availability:
    counts = conn.execute(
        "select status, count(*) from reporting.medication_availability group by status"
    ).fetchall()
    with conn.cursor(row_factory=class_row(AvailabilityItem)) as cursor:
        urgent = cursor.execute(
            """select generic_name, location_name, usable, reorder_level, days_of_cover, status
                 from reporting.medication_availability
                where status <> 'ok'
                order by urgency_rank, days_of_cover nulls first, generic_name, location_name
                limit 10"""
        ).fetchall()
    return Availability({status: int(n) for status, n in counts}, urgent)


def _refreshed_at(conn: psycopg.Connection) -> datetime | None:
    """When the warehouse was last loaded (the figures' "as of"); None if this role cannot see dw.etl_run."""
    try:
        row = conn.execute(
            "select max(finished_at) from dw.etl_run where run_status = 'succeeded'"
        ).fetchone()
    except psycopg.errors.InsufficientPrivilege:
        return None
    return row[0] if row else None


def load_month(conn: psycopg.Connection, month: date) -> MonthlyData:
    """Read every figure of `month`'s report. Raises DbtoolError for a month outside the data."""
    months = available_months(conn)
    month_row = check_month(month, months)
    data = MonthlyData(month=month, month_row=month_row, months=months)
    views = VIEWS_BY_NAME
    data.headline = {row.kpi_code: row for row in read_view(conn, views["kpi_headline"], month)}
    data.interactions = read_view(conn, views["kpi_interactions"], month)
    data.visits_by_weekday = read_view(conn, views["kpi_visits_by_weekday"], month)
    data.severity = read_view(conn, views["kpi_severity"], month)
    data.prevalence = read_view(conn, views["kpi_disease_prevalence"], month)
    data.utilisation = read_view(conn, views["kpi_doctor_utilisation"], month)
    data.appointments = read_view(conn, views["kpi_appointments"], month)
    data.billing = read_view(conn, views["kpi_billing"], month)
    data.billing_trend = read_view(
        conn, views["kpi_billing"], where=sql.SQL("department_key is null and month_start between %s and %s"),
        params=(add_months(month, -11), month),
    )
    data.treatment_outcomes = read_view(conn, views["kpi_treatment_outcomes"], month)
    data.stock_outs = read_view(conn, views["kpi_stock_outs"], month)
    data.availability = _availability(conn)
    data.refreshed_at = _refreshed_at(conn)
    return data
