"""dbtool dashboard medication [--out FILE]: the live availability page as one HTML file."""

from __future__ import annotations

import argparse
from pathlib import Path

from dbtool.config import project
from dbtool.dashboard import build_page
from dbtool.db import connect, database_url

DASHBOARDS = ("medication",)


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "dashboard", help="write a self-contained HTML dashboard from the live reporting views"
    )
    parser.add_argument("name", choices=DASHBOARDS, help="which dashboard (medication: stock availability)")
    parser.add_argument("--out", type=Path, help="HTML file to write (default: reports/<name>-dashboard.html)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    proj = project()
    out: Path = args.out or proj.root / "reports" / f"{args.name}-dashboard.html"
    with connect(database_url(proj, args.database_url), autocommit=True, application_name="dbtool dashboard") as conn:
        html, summary = build_page(conn)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    print(
        f"{summary.out_of_stock} out of stock, {summary.below_reorder_level} below reorder level, "
        f"{summary.expiring_soon} expiring within 30 days ({summary.total} medication-locations)"
    )
    print(f"wrote {out}")
    return 0
