"""dbtool report export: every KPI view as CSV, for people who live in spreadsheets.

One file per view, `reporting.<view>[-YYYY-MM].csv`, header = the view's columns in
the view's order; NULL is an empty cell, booleans true/false, dates ISO 8601,
numbers as PostgreSQL prints them (a dot for decimals, no thousands separators).
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import psycopg
from psycopg import sql

from dbtool.report_data import KPI_VIEWS, KpiView


def csv_value(value: object) -> str:
    """Spreadsheet-friendly text: empty for NULL, true/false, ISO dates, plain decimals."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def export_csv(conn: psycopg.Connection, out_dir: Path, month: date | None = None) -> list[tuple[Path, int]]:
    """One CSV per KPI view: that month's rows, or every month's. Every column the view has (the
    contract's and any the view adds, such as kpi_headline.display_order), in the view's order."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    suffix = f"-{month:%Y-%m}" if month else ""
    for view in KPI_VIEWS:
        path = out_dir / f"reporting.{view.name}{suffix}.csv"
        written.append((path, _write_view(conn, view, month, path)))
    return written


def _write_view(conn: psycopg.Connection, view: KpiView, month: date | None, path: Path) -> int:
    query = sql.SQL("select * from reporting.{}").format(sql.Identifier(view.name))
    if month is not None:
        query += sql.SQL(" where month_start = %s")
    query += sql.SQL(" order by {}").format(
        sql.SQL(", ").join(sql.SQL("{} nulls last").format(sql.Identifier(c)) for c in view.order_by))
    rows = 0
    with conn.cursor() as cursor, path.open("w", encoding="utf-8", newline="") as handle:
        cursor.execute(query, (month,) if month is not None else ())
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(column.name for column in cursor.description or ())
        for row in cursor:
            writer.writerow(csv_value(value) for value in row)
            rows += 1
    return rows
