"""dbtool import synthea DIR: load a Synthea CSV export into the clinic."""

from __future__ import annotations

import argparse
from pathlib import Path

import psycopg

from dbtool import synthea_import
from dbtool.config import project
from dbtool.db import database_url


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("import", help="load external data (a Synthea CSV export) into the clinic")
    sources = parser.add_subparsers(dest="source", metavar="SOURCE", required=True)
    synthea = sources.add_parser(
        "synthea", help="a Synthea CSV export folder (patients.csv, encounters.csv ...): all or nothing, re-runnable"
    )
    synthea.add_argument("folder", type=Path, help="the folder holding the CSV files")
    synthea.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    url = database_url(project(), args.database_url)
    with psycopg.connect(url, autocommit=True) as conn:
        synthea_import.import_folder(conn, args.folder)
    return 0
