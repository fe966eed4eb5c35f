"""Benchmark: `dbtool seed` at hospital size (100,000 patients, ~1,000,000 appointments).

Deploys into a scratch database and runs the generator once, through every
constraint and trigger of the schema; reports seconds and rows/s per step and
the load average (the machine is shared). The size is the scale's patient
count (dbtool.bench.SCALES: small 2,000, medium 20,000, large 100,000).
"""

from __future__ import annotations

import os
import time

import psycopg

from dbtool import deploy, seed
from dbtool.bench import BenchContext, Figure

TITLE = "Synthetic data generator"
ORDER = 60
NOTES = [
    "Every row goes through the schema's constraints and triggers. Made set-based (docs/data.md, Speed): the "
    "billing triggers (statement-level), the stock ledger trigger (statement-level), audit.record_change (each "
    "row's jsonb once; patients through parents by a join; the update path planned per statement) and the foreign "
    "keys (dropped in the seed's transaction and added back, validating every row with one anti-join each).",
    "Each invoice is written once with its final total (treatments drawn in staging, consultation lines and "
    "treatments in one statement), and payments and write-offs are one statement: invoice updates at 20,000 "
    "patients 371,747 -> 154,303 (one per invoice that has a payment or write-off; the payment rule needs the "
    "invoice's balance before the payment, so that update stays).",
    "Still per row: the two GiST exclusion constraints of clinic.appointment (in PostgreSQL 18 the index builds "
    "are sorted builds, but adding the constraint then searches the index once per row and that was slower than "
    "inserting with the constraints), the audit trail (one jsonb row per inserted row and per invoice update), the "
    "invoice updates by payments. 100,000 patients stay far above 60 s on this shared 2-core machine.",
]
MONTHS = 12


def run(ctx: BenchContext) -> list[Figure]:
    patients = ctx.patients  # the run's shared data size (dbtool.bench.SCALES)
    plan = seed.SeedPlan(patients, MONTHS, 1, seed.first_of_current_month())
    figures: list[Figure] = []
    with ctx.scratch_database("bench_seed") as url:
        deploy.apply(ctx.project, url, out=lambda _line: None)
        with psycopg.connect(url, autocommit=True) as conn:
            lines: list[str] = []

            def log(line: str) -> None:
                lines.append(line)
                ctx.log(line)

            load_before = os.getloadavg()
            started = time.perf_counter()
            timings = seed.run(conn, plan, out=log)
            total = time.perf_counter() - started
            load_after = os.getloadavg()
            counts = seed.table_counts(conn)
    size = f"{patients:,} patients, {MONTHS} months, {counts['clinic.appointment']:,} appointments"
    step_tables = {label: table for label, table, _ in seed.STEPS}
    for label, seconds in timings.items():
        if label == "total":
            continue
        if label == "foreign keys":
            figures.append(Figure("seed: foreign keys re-added (every row validated, one anti-join each)",
                                  "all foreign keys of the generated tables", f"{seconds:.1f} s"))
            continue
        rows = counts.get(step_tables[label], 0)
        figures.append(Figure(f"seed step: {label} ({step_tables[label]})", f"{rows:,} rows",
                              f"{seconds:.1f} s ({rows / seconds:,.0f} rows/s)" if seconds > 0 else "0 s"))
    figures.append(Figure("`dbtool seed` total", size, f"{total:.1f} s", "< 60 s"))
    figures.append(Figure("load average (1 min) before / after", "2 cores, shared",
                          f"{load_before[0]:.2f} / {load_after[0]:.2f}"))
    return figures
