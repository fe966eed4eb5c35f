"""dbtool report export: every KPI view as CSV, for people who live in spreadsheets.

One file per view, `reporting.<view>[-YYYY-MM].csv`, header = the view's columns in
the contract's order; NULL is an empty cell, booleans true/false, dates ISO 8601,
numbers as PostgreSQL prints them (a dot for decimals, no thousands separators).
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import psycopg

from dbtool.report_data import KPI_VIEWS, KpiView, read_view


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
    """One CSV per KPI view (header = the view's columns): that month's rows, or every month's."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    suffix = f"-{month:%Y-%m}" if month else ""
    for view in KPI_VIEWS:
        rows = read_view(conn, view, month)
        path = out_dir / f"reporting.{view.name}{suffix}.csv"
        _write_csv(path, view, rows)
        written.append((path, len(rows)))
    return written


def _write_csv(path: Path, view: KpiView, rows: list) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(view.columns)
        for row in rows:
            writer.writerow(csv_value(getattr(row, column)) for column in view.columns)
