"""dbtool report monthly|list|export: the monthly executive report from the `reporting` KPI views.

  dbtool report list                                   months the warehouse holds
  dbtool report monthly --month 2026-10 [--out DIR] [--format html|pdf] [--currency SYMBOL]
  dbtool report export [--month 2026-10] [--out DIR]   one CSV per KPI view
"""

from __future__ import annotations

import argparse
from pathlib import Path

from dbtool.config import project
from dbtool.db import connect, database_url
from dbtool.report_data import available_months, check_month, parse_month
from dbtool.report_export import export_csv
from dbtool.report_format import CURRENCY_ENV

# dbtool.report (matplotlib) is imported inside the handlers: every dbtool command builds this parser


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("report", help="the monthly executive report (HTML or PDF) and CSV exports")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    monthly = actions.add_parser("monthly", help="render one month's report: KPI tiles, sections and charts")
    monthly.add_argument("--month", required=True, help="the month, YYYY-MM (see: dbtool report list)")
    monthly.add_argument("--out", type=Path, help="folder to write report-YYYY-MM.html|pdf into (default: reports/)")
    monthly.add_argument("--format", choices=("html", "pdf"), default="html",
                         help="html (one self-contained file) or pdf (A4, printed with headless Chromium)")
    monthly.add_argument("--currency", help=f"currency symbol for money (default: ${CURRENCY_ENV}, else $)")
    monthly.set_defaults(handler=run_monthly)

    listing = actions.add_parser("list", help="months with warehouse activity, and whether each is complete")
    listing.set_defaults(handler=run_list)

    export = actions.add_parser("export", help="write every KPI view to CSV, one file per view")
    export.add_argument("--month", help="only this month, YYYY-MM (default: every month)")
    export.add_argument("--out", type=Path, help="folder for the CSV files (default: reports/csv/)")
    export.set_defaults(handler=run_export)


def _connect(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    return connect(database_url(project(), args.database_url), autocommit=True, application_name="dbtool report")


def run_monthly(args: argparse.Namespace) -> int:
    month = parse_month(args.month)  # a malformed month fails before any connection
    out_dir: Path = args.out or project().root / "reports"
    with _connect(args) as conn:
        check_month(month, available_months(conn))  # an unknown month fails before the charts load
        from dbtool import report

        path, data = report.render_month(conn, month, out_dir, args.format, args.currency)
    if not data.has_activity:
        print(f"{month:%Y-%m}: no activity recorded in this month; the report says so")
    elif data.month_row is not None and not data.month_row.is_complete:
        print(f"{month:%Y-%m} is not complete yet: the report shows the figures to date")
    print(f"wrote {path}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    with _connect(args) as conn:
        months = available_months(conn)
    if not months:
        print("no months: the warehouse is empty (load it with CALL dw.refresh())")
        return 0
    print(f"{'month':<8} {'complete':<9} {'encounters':>10} {'appointments':>12} {'diagnoses':>9} {'invoice lines':>13}")
    for m in months:
        print(f"{m.month_start:%Y-%m}  {'yes' if m.is_complete else 'no':<9} {m.encounters:>10,} "
              f"{m.appointments:>12,} {m.diagnoses:>9,} {m.invoice_lines:>13,}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    month = parse_month(args.month) if args.month else None
    out_dir: Path = args.out or project().root / "reports" / "csv"
    with _connect(args) as conn:
        if month is not None:
            check_month(month, available_months(conn))
        written = export_csv(conn, out_dir, month)
    for path, rows in written:
        print(f"{rows:>8,} rows  {path.name}")
    print(f"wrote {len(written)} CSV files to {out_dir}")
    return 0
