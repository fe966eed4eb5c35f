"""Benchmark: `dbtool seed` at hospital size (100,000 patients, ~1,000,000 appointments).

Times the run's one seed: the template every other benchmark clones
(`ctx.seeded_database`), deployed and filled by the generator through every
constraint and trigger of the schema; reports seconds and rows/s per step and
the load average (the machine is shared). The size is the scale's patient
count (dbtool.bench.SCALES: small 2,000, medium 20,000, large 100,000).
"""

from __future__ import annotations

import psycopg

from dbtool import seed
from dbtool.bench import SEED_MONTHS, BenchContext, Figure

TITLE = "Synthetic data generator"
# before the other modules: the seed it times is the data set they all clone
ORDER = 15
# `dbtool bench --growth` runs it again at the partner scale: the total goes into the Growth table
GROWTH = True
NOTES = [
    "Every row goes through the schema's constraints and triggers. Made set-based (docs/data.md, Speed): the "
    "billing triggers (statement-level), the stock ledger trigger (statement-level), audit.record_change (each "
    "row's jsonb once; patients through parents by a join; the update path planned per statement) and the foreign "
    "keys (dropped in the seed's transaction and added back, validating every row with one anti-join each).",
    "Each invoice is written once with its final total (treatments drawn in staging, consultation lines and "
    "treatments in one statement), and payments and write-offs are one statement: invoice updates at 20,000 "
    "patients 371,747 -> 154,303 (one per invoice that has a payment or write-off; the payment rule needs the "
    "invoice's balance before the payment, so that update stays).",
    "Built after the data (second round): the plain indexes of the generated tables and audit.log's patient "
    "index (sorted builds instead of a random insertion per row), and the patient double-booking constraint "
    "(re-added: sorted GiST build plus one search per row). Invoices are written with fillfactor 50 so the "
    "payments' invoice update is HOT; the audit of a bulk update pairs rows with any_value (no 8 kB context "
    "per group).",
    "Still per row: the doctor's GiST exclusion constraint (its re-add searched slower than row-by-row inserts), "
    "the audit trail (one jsonb row per inserted row and per invoice update: ~40 % of the time), the invoice "
    "updates by payments, the warehouse change log (none while the warehouse was never loaded, since migration "
    "0089). 100,000 patients stay far above 60 s on this shared 2-core "
    "machine.",
]


def run(ctx: BenchContext) -> list[Figure]:
    """The run's shared seed (ctx.seeded_database): this module runs first, so the seed it times is the one the
    other modules clone; with --only seed it seeds that data set itself. Either way one `dbtool seed` per size."""
    patients = ctx.patients  # the run's shared data size (dbtool.bench.SCALES)
    key = (patients, SEED_MONTHS)
    figures: list[Figure] = []
    with ctx.seeded_database(patients, SEED_MONTHS) as url, psycopg.connect(url, autocommit=True) as conn:
        counts = seed.table_counts(conn)
    timings = ctx.seed_timings[key]
    load_before, load_after = ctx.seed_loads[key]
    size = f"{patients:,} patients, {SEED_MONTHS} months, {counts['clinic.appointment']:,} appointments"
    step_tables = {label: table for label, table, _ in seed.STEPS}
    for label, seconds in timings.items():
        if label in ("total", "deploy, seed and vacuum analyze"):
            continue
        if label == "foreign keys":
            figures.append(Figure("seed: foreign keys re-added (every row validated, one anti-join each)",
                                  "all foreign keys of the generated tables", f"{seconds:.1f} s"))
            continue
        if label == "indexes":
            figures.append(Figure("seed: plain indexes built after the data (sorted builds)",
                                  "non-unique indexes of the generated tables and audit.log", f"{seconds:.1f} s"))
            continue
        if label == "exclusion constraints":
            figures.append(Figure("seed: patient double-booking constraint re-added (every row checked)",
                                  "clinic.appointment_patient_no_overlap", f"{seconds:.1f} s"))
            continue
        rows = counts.get(step_tables[label], 0)
        figures.append(Figure(f"seed step: {label} ({step_tables[label]})", f"{rows:,} rows",
                              f"{seconds:.1f} s ({rows / seconds:,.0f} rows/s)" if seconds > 0 else "0 s"))
    total = timings["total"]
    appointments = counts["clinic.appointment"]
    figures.append(Figure("`dbtool seed` total", size,
                          f"{total:.1f} s ({appointments / total:,.0f} appointments/s)",
                          "< 60 s for 100,000 patients", value=total, unit="s"))
    figures.append(Figure("load average (1 min) before / after", "2 cores, shared",
                          f"{load_before:.2f} / {load_after:.2f}"))
    return figures
