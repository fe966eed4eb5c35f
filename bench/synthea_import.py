"""Benchmark: `dbtool import synthea` on the 59-patient sample (tests/fixtures/synthea).

Deploys into a scratch database, imports the sample (parse + COPY + the
staging.import_synthea procedure, one transaction), then imports it again (the
no-op path: every source id already mapped).
"""

from __future__ import annotations

import time

import psycopg

from dbtool import deploy, synthea, synthea_import
from dbtool.bench import BenchContext, Figure

TITLE = "Synthea import"
ORDER = 61
NOTES = [
    "As in the generator, the row-level billing triggers (one invoice refresh per line and per payment) take "
    "most of the import's time.",
]


def run(ctx: BenchContext) -> list[Figure]:
    folder = ctx.project.root / "tests" / "fixtures" / "synthea"
    with ctx.scratch_database("bench_synthea") as url:
        deploy.apply(ctx.project, url, out=lambda _line: None)
        with psycopg.connect(url, autocommit=True) as conn:
            started = time.perf_counter()
            export = synthea.read_export(folder)
            parsed = time.perf_counter() - started
            synthea_import.load(conn, export)
            first = time.perf_counter() - started
            started = time.perf_counter()
            synthea_import.import_folder(conn, folder, out=lambda _line: None)
            again = time.perf_counter() - started
    rows = sum(export.count(name) for name in synthea_import.STAGING_TABLE)
    size = f"{export.count('patients.csv')} patients, {export.count('encounters.csv'):,} encounters, {rows:,} CSV rows"
    return [
        Figure("read and validate the CSV folder", size, f"{parsed:.2f} s"),
        Figure("first import (read, COPY, procedure)", size, f"{first:.1f} s ({rows / first:,.0f} rows/s)"),
        Figure("re-import of the same folder (no-op)", size, f"{again:.1f} s"),
    ]
