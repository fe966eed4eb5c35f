"""Per-row cost of the audit trigger on a bulk INSERT ... SELECT (issue 7).

Deploys nothing: runs against DATABASE_URL (or dbtool's embedded server's
database), creates two scratch tables in a transaction it rolls back, loads
--rows rows into a plain one and into one wired with the real audit_trigger
macro, and prints the time of each and the audit cost per row.

    .venv/bin/python bench/audit_trigger.py [--rows 100000] [--database-url URL]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import psycopg

from dbtool.config import Project
from dbtool.db import database_url
from dbtool.render import Renderer

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    url = args.database_url or database_url(Project(ROOT))
    wiring = Renderer(ROOT / "sql").env.from_string(
        "{{ audit_trigger('clinic.bench_audited', patient_column='patient_id') }}"
    ).render()
    load = "insert into clinic.{} (patient_id, note, n) select g %% 5000, 'note ' || g, g from generate_series(1, %s) g"
    with psycopg.connect(url) as conn:
        for table in ("bench_plain", "bench_audited"):
            conn.execute(
                f"create table clinic.{table} ({table}_id bigint generated always as identity primary key,"
                " patient_id bigint not null, note text, n int)"
            )
        conn.execute(wiring)
        timings = {}
        for table in ("bench_plain", "bench_audited"):
            started = time.perf_counter()
            conn.execute(load.format(table), (args.rows,))
            timings[table] = time.perf_counter() - started
        logged = conn.execute("select count(*) from audit.log where table_name = 'bench_audited'").fetchone()[0]
        conn.rollback()  # the audit rows too: nothing is left behind
    per_row_us = (timings["bench_audited"] - timings["bench_plain"]) / args.rows * 1e6
    print(f"rows: {args.rows}, audit rows written: {logged}")
    print(f"plain insert:   {timings['bench_plain']:.3f} s")
    print(f"audited insert: {timings['bench_audited']:.3f} s")
    print(f"audit cost:     {per_row_us:.1f} us per row")


if __name__ == "__main__":
    main()
