"""Benchmark: latency of the pharmacy reporting views at hospital size.

Builds a scratch database (all migrations and objects deployed), loads
2,000 medications, 10 locations, 40,000 lots (40% of them used up long ago),
90,000 dispensings over the last 60 days (1,500 a day) and reorder settings, then times each view: the full result fetched by a
client (median of --runs) and the server-side execution time from EXPLAIN
ANALYZE, printing the plans' top lines so the plan shape can be checked. The view's
definition from before migration 0087 (dated figures aggregated over the lots near
or past expiry, a full join with the reorder settings, the running totals joined,
bench/pharmacy_availability_before.sql) runs in the same session as the "before"
comparison. Before timing, the new view must return exactly the rows of that
definition (set difference both ways), or the benchmark stops.

    .venv/bin/python bench/pharmacy_availability.py [--runs 15] [--show-plans]
    .venv/bin/python bench/pharmacy_availability.py --seed-only --database-url URL --medications 40 --lots 400

The bulk load writes the ledger directly with triggers off (session_replication_role
= replica) and then sets every lot's on_hand to the sum of its movements, so
on_hand = sum(movements) holds exactly as if the procedures had written it, fills
pharmacy.stock_level (totals, on hand by expiry date, reorder settings, running
totals of the dispensings) as the triggers would have, as migration 0087 does.

Data shape: dispensings pick a random usable lot, so they spread evenly over
~7,700 stock points (about 6 per stock point in 30 days, 0.2 per stock point and
day). A hospital's are skewed (a few hundred medications make most of the
volume), but the running totals cost one row per stock point whatever the
spread, so the even spread is kept: it is the worst case for a per-day table
and keeps the figures comparable with earlier runs.

"libpq client" is pgbench (C, one connection) sending the query and receiving
every row, what a BI tool's driver waits for; "psycopg client" is the whole
result fetched and decoded into Python objects (row building dominates for
13,000 rows); "server" is EXPLAIN (ANALYZE, TIMING OFF,
SERIALIZE TEXT) planning + execution, what the database spends answering,
including turning every value into the text a client receives (about a third of
it for all rows: 2.9 MB of text); before 2026-11-23 evening the server figure
left the serialization out.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dbtool import deploy  # noqa: E402
from dbtool.config import Project  # noqa: E402
from dbtool.db import ScratchDatabase, database_url  # noqa: E402

PROJECT = Project(Path(__file__).resolve().parent.parent)
SUBSTANCES = [
    ("paracetamol", "N02BE01"), ("amoxicillin", "J01CA04"), ("metformin", "A10BA02"), ("omeprazole", "A02BC01"),
    ("ibuprofen", "M01AE01"), ("salbutamol", "R03AC02"), ("atorvastatin", "C10AA05"), ("amlodipine", "C08CA01"),
    ("lisinopril", "C09AA03"), ("furosemide", "C03CA01"), ("warfarin", "B01AA03"), ("heparin", "B01AB01"),
    ("enoxaparin", "B01AB05"), ("morphine", "N02AA01"), ("ceftriaxone", "J01DD04"), ("prednisolone", "H02AB06"),
    ("levothyroxine", "H03AA01"), ("sertraline", "N06AB06"), ("ondansetron", "A04AA01"), ("insulin human", "A10AB01"),
]
FORMS = ["tablet", "capsule", "oral solution", "injection", "infusion"]

BEFORE_0087 = (Path(__file__).resolve().parent / "pharmacy_availability_before.sql").read_text().strip().rstrip(";")
QUERIES = {
    "medication_availability (all rows)": "select * from reporting.medication_availability",
    "medication_availability before 0087 (all rows, comparison)": BEFORE_0087,
    "medication_availability (one ward)": (
        "select * from reporting.medication_availability where location_code = 'WARD-03'"
    ),
    "medication_availability (not ok, dashboard order)": (
        "select * from reporting.medication_availability where status <> 'ok'"
        " order by urgency_rank, days_of_cover nulls last, expiring_within_30_days desc"
    ),
    "stock_valuation (all rows)": "select * from reporting.stock_valuation",
    "expiry_watch_list (all rows)": "select * from reporting.expiry_watch_list",
}


def seed(
    conn: psycopg.Connection, medications: int, lots: int, dispensings: int, wards: int = 9, depleted_share: float = 0.4
) -> None:
    """Set-based bulk load. Main pharmacy: 60% of the lots across all medications; each ward: its share
    of the rest over half of the medications."""
    conn.execute("set session_replication_role = replica")  # bulk load: triggers off, on_hand fixed below
    # substance x form x strength: distinct products, as many as asked for
    products = [
        (name, form, 5 * (n // (len(SUBSTANCES) * len(FORMS)) + 1), atc)
        for n in range(medications)
        for name, atc in [SUBSTANCES[n % len(SUBSTANCES)]]
        for form in [FORMS[(n // len(SUBSTANCES)) % len(FORMS)]]
    ]
    conn.execute(
        """insert into pharmacy.medication (generic_name, dosage_form, strength, strength_unit, dispensing_unit, atc_code)
           select name, form, strength, 'mg', form, atc
             from unnest(%s::text[], %s::text[], %s::numeric[], %s::text[]) as p (name, form, strength, atc)""",
        [list(column) for column in zip(*products)],
    )
    conn.execute(
        """insert into pharmacy.stock_location (location_code, location_name, location_type)
           select 'MAIN', 'Main pharmacy', 'pharmacy'
           union all
           select format('WARD-%%s', lpad(w::text, 2, '0')), format('Ward %%s store', w), 'ward'
             from generate_series(1, %s) as w""",
        (wards,),
    )
    main_lots = lots * 6 // 10
    ward_lots = lots - main_lots
    conn.execute(
        """
        with meds as (select array_agg(medication_id order by medication_id) as ids from pharmacy.medication),
        locs as (select array_agg(stock_location_id order by location_code) as ids from pharmacy.stock_location),
        plan as (
            select g, (select ids from meds) as m, (select ids from locs) as l from generate_series(0, %(lots)s - 1) as g
        )
        insert into pharmacy.lot (medication_id, stock_location_id, lot_number, expiry_date, unit_cost, received_at)
        select case when g < %(main)s then m[g %% cardinality(m) + 1]
                    else m[((g - %(main)s) %% (cardinality(m) / 2)) * 2 + 1 + (g / 7) %% 2] end,
               case when g < %(main)s then l[1] else l[2 + (g - %(main)s) %% (cardinality(l) - 1)] end,
               format('LOT-%%s', g),
               current_date + ((hashint4(g) & 1023) - 60) %% 760 - 40,
               round((0.01 + (hashint4(g * 7) & 4095) / 1000.0)::numeric, 4),
               now() - interval '200 days'
          from plan
        """,
        {"lots": lots, "main": main_lots},
    )
    conn.execute(
        """insert into pharmacy.stock_movement (lot_id, movement_type, quantity, occurred_at, reference)
           select lot_id, 'receipt', 500 + (hashint8(lot_id) & 4095), received_at, 'bench load' from pharmacy.lot"""
    )
    # depleted history: a share of the lots were used up long ago (one old dispensing of everything)
    conn.execute(
        """
        with gone as (
            select l.lot_id, l.medication_id, l.stock_location_id, m.quantity, now() - interval '120 days' as at
              from pharmacy.lot as l join pharmacy.stock_movement as m using (lot_id)
             where (hashint8(l.lot_id * 3) & 1023) < %(share)s * 1024
        ),
        d as (
            insert into pharmacy.dispensing (medication_id, stock_location_id, reference, requested_quantity,
                                             dispensed_quantity, dispensed_at)
            select medication_id, stock_location_id, format('used up|%%s', lot_id), quantity, quantity, at from gone
            returning dispensing_id, reference, dispensed_quantity, dispensed_at
        )
        insert into pharmacy.stock_movement (lot_id, movement_type, quantity, occurred_at, dispensing_id, reference)
        select split_part(d.reference, '|', 2)::bigint, 'dispense', -d.dispensed_quantity, d.dispensed_at,
               d.dispensing_id, d.reference
          from d
        """,
        {"share": depleted_share},
    )
    # dispensings over the last 60 days from unexpired lots still in stock, a few units each
    conn.execute(
        """
        with usable as (
            select array_agg(l.lot_id order by l.lot_id) as ids from pharmacy.lot as l
             where l.expiry_date >= current_date + 60
               and not exists (select from pharmacy.stock_movement as m where m.lot_id = l.lot_id
                                                                          and m.movement_type = 'dispense')
        ),
        pick as (
            select g, (select ids from usable)[1 + (hashint4(g) & 2147483647) %% cardinality((select ids from usable))]
                   as lot_id,
                   1 + (hashint4(g * 31) & 15) as quantity,
                   now() - make_interval(secs => (hashint4(g * 17) & 2147483647) %% (60 * 86400)) as at
              from generate_series(1, %(n)s) as g
        ),
        d as (
            insert into pharmacy.dispensing (medication_id, stock_location_id, reference, requested_quantity,
                                             dispensed_quantity, dispensed_at)
            select l.medication_id, l.stock_location_id, format('bench %%s|%%s', p.g, p.lot_id), p.quantity,
                   p.quantity, p.at
              from pick as p join pharmacy.lot as l using (lot_id)
            returning dispensing_id, reference, dispensed_quantity, dispensed_at
        )
        insert into pharmacy.stock_movement (lot_id, movement_type, quantity, occurred_at, dispensing_id, reference)
        select split_part(d.reference, '|', 2)::bigint, 'dispense', -d.dispensed_quantity, d.dispensed_at,
               d.dispensing_id, d.reference
          from d
        """,
        {"n": dispensings},
    )
    conn.execute(
        """insert into pharmacy.reorder_setting (medication_id, stock_location_id, reorder_level, reorder_quantity)
           select medication_id, stock_location_id, (hashint8(medication_id * 13 + stock_location_id) & 4095) + 200, 1000
             from pharmacy.lot group by medication_id, stock_location_id"""
    )
    conn.execute(
        """update pharmacy.lot as l set on_hand = s.total
             from (select lot_id, sum(quantity) as total from pharmacy.stock_movement group by lot_id) as s
            where s.lot_id = l.lot_id"""
    )
    # pharmacy.stock_level as the triggers would have left it (migration 0087 fills it the same way): totals and
    # on hand by expiry date from the lots, the reorder settings, and the running totals of the dispensings
    conn.execute(
        """with lots as (
               select medication_id, stock_location_id, sum(on_hand) as on_hand, sum(on_hand * unit_cost) as value,
                      count(*) as lots, min(expiry_date) as earliest
                 from pharmacy.lot where on_hand > 0 group by 1, 2),
           by_expiry as (
               select medication_id, stock_location_id, array_agg(expiry_date order by expiry_date) as dates,
                      array_agg(through order by expiry_date) as through
                 from (select medication_id, stock_location_id, expiry_date,
                              sum(sum(on_hand)) over (partition by medication_id, stock_location_id
                                                      order by expiry_date) as through
                         from pharmacy.lot where on_hand > 0 group by 1, 2, 3) as e
                group by 1, 2)
           insert into pharmacy.stock_level (medication_id, stock_location_id, on_hand, stock_value, lots_in_stock,
                                             earliest_expiry, expiry_dates, on_hand_through, reorder_level,
                                             reorder_quantity)
           select medication_id, stock_location_id, coalesce(l.on_hand, 0), coalesce(l.value, 0),
                  coalesce(l.lots, 0), l.earliest, coalesce(e.dates, '{}'), coalesce(e.through, '{}'),
                  r.reorder_level, r.reorder_quantity
             from lots as l
             full join pharmacy.reorder_setting as r using (medication_id, stock_location_id)
             left join by_expiry as e using (medication_id, stock_location_id)"""
    )
    conn.execute(
        """with by_day as (
               select medication_id, stock_location_id, (dispensed_at at time zone 'UTC')::date as dispensed_on,
                      sum(dispensed_quantity) as quantity
                 from pharmacy.dispensing group by 1, 2, 3),
           point as (
               select medication_id, stock_location_id, sum(quantity) as total, max(dispensed_on) as last_on
                 from by_day group by 1, 2),
           slot as (
               select p.medication_id, p.stock_location_id, g.i, p.total - coalesce(sum(d.quantity), 0) as through
                 from point as p cross join generate_series(1, 32) as g (i)
                 left join by_day as d on d.medication_id = p.medication_id and d.stock_location_id = p.stock_location_id
                                      and d.dispensed_on > p.last_on - g.i
                group by p.medication_id, p.stock_location_id, p.total, g.i),
           totals as (
               select p.medication_id, p.stock_location_id, p.total, p.last_on, array_agg(s.through order by s.i) as through
                 from point as p join slot as s using (medication_id, stock_location_id)
                group by p.medication_id, p.stock_location_id, p.total, p.last_on)
           insert into pharmacy.stock_level as s (medication_id, stock_location_id, dispensed_total, last_dispensed_on,
                                                  dispensed_through)
           select medication_id, stock_location_id, total, last_on, through from totals
           on conflict (medication_id, stock_location_id) do update
              set dispensed_total = excluded.dispensed_total, last_dispensed_on = excluded.last_dispensed_on,
                  dispensed_through = excluded.dispensed_through"""
    )
    conn.execute("set session_replication_role = origin")
    # the steady state autovacuum keeps: stock_level was written twice above (half its tuples dead) and no page
    # is all-visible yet; timing before autovacuum gets there measured pruning, or autovacuum itself
    conn.execute("vacuum (analyze)")


def before_0087_in_view_order(conn: psycopg.Connection) -> str:
    """The before-0087 definition with its columns in the view's order (the view has since put its sort columns
    first), so that the two compare row for row with EXCEPT."""
    names = [c.name for c in conn.execute("select * from reporting.medication_availability limit 0").description]
    return f"select {', '.join(f'b.{name}' for name in names)} from ({BEFORE_0087}) as b"


def rows_differing(conn: psycopg.Connection) -> int:
    """Rows in one of reporting.medication_availability and the before-0087 definition but not in the other."""
    before = before_0087_in_view_order(conn)
    return conn.execute(
        f"""select count(*) from (
                (select * from reporting.medication_availability except all {before})
                union all
                ({before} except all select * from reporting.medication_availability)
            ) as d"""
    ).fetchone()[0]


def counts(conn: psycopg.Connection) -> dict[str, int]:
    tables = ("medication", "stock_location", "lot", "dispensing", "stock_movement", "reorder_setting")
    return {t: conn.execute(f"select count(*) from pharmacy.{t}").fetchone()[0] for t in tables}


def measure(conn: psycopg.Connection, runs: int, show_plans: bool) -> None:
    print(f"{'query':60} {'rows':>7} {'client median ms':>17} {'server median ms':>17} {'load avg':>9}")
    for label, (rows, client, server, load) in timings(conn, QUERIES, runs).items():
        print(f"{label:60} {rows:7d} {statistics.median(client):17.1f} {statistics.median(server):17.1f} {load:9.2f}")
        if show_plans:
            text = conn.execute("explain (analyze, buffers, costs off, timing off) " + QUERIES[label]).fetchall()
            for (line,) in text:
                if any(word in line for word in ("Scan", "Join", "Aggregate", "Execution", "Planning", "Heap Fetches")):
                    print("      " + line.strip())


TITLE = "Pharmacy: live availability views"
ORDER = 40
# the data set has the same size at every scale (the 2,000 medications and 40,000 lots): so do the runs
RUNS = 15
NOTES = [
    "medication_availability reads one pharmacy.stock_level row per stock point (migration 0087: on hand by expiry "
    "date as running totals, the reorder setting and the dispensing running totals, all kept by triggers) plus the "
    "dispensings of the part-day at the window's start; 'before 0087' is the 0085-0086 definition (lot aggregate "
    "near or past expiry, full join with reorder_setting, running totals joined), timed in the same session, "
    "round-robin with the others, after a check that both return the same rows.",
    "server = planning + execution including the text serialization of every value sent (EXPLAIN ANALYZE "
    "SERIALIZE TEXT); a filter on a location or medication reaches the table scans (no optimisation fence "
    "above them since the evening of 2026-11-23).",
    "The machine is shared: each figure carries the 1-minute load average at the end of its runs; compare figures "
    "of one run with each other.",
]


def timings(
    conn: psycopg.Connection, queries: dict[str, str], runs: int
) -> dict[str, tuple[int, list[float], list[float], float]]:
    """Per query: (rows, client ms per run, server ms per run, 1-minute load average after its last run).
    The queries take turns run by run, so a change of machine load hits them all alike."""
    for query in queries.values():  # warm-up
        conn.execute(query).fetchall()
    result = {label: (0, [], [], 0.0) for label in queries}
    for _ in range(runs):
        for label, query in queries.items():
            _, client, server, _ = result[label]
            start = time.perf_counter()
            rows = len(conn.execute(query).fetchall())
            client.append((time.perf_counter() - start) * 1000)
            plan = conn.execute("explain (analyze, timing off, serialize text, format json) " + query).fetchone()[0][0]
            server.append(plan["Execution Time"] + plan.get("Planning Time", 0))
            result[label] = (rows, client, server, os.getloadavg()[0])
    return result


def run(ctx) -> list:  # `dbtool bench` entry point
    from dbtool.bench import Figure

    figures = []
    size = "2,000 medications, 10 locations, 40,000 lots, 90,000 dispensings in 60 days"
    with ctx.scratch_database("bench_pharmacy") as url:
        deploy.apply(ctx.project, url, out=lambda _line: None)
        with psycopg.connect(url, autocommit=True) as conn:
            seed(conn, 2000, 40000, 90000)
            if differing := rows_differing(conn):
                raise RuntimeError(f"medication_availability differs from its before-0087 definition in {differing} rows")
            measured = timings(conn, QUERIES, RUNS)
        for label, (rows, client, server, load) in measured.items():
            target = "< 50 ms" if label.startswith("medication_availability (") else ""
            received = libpq_median_ms(ctx.pg_binary("pgbench"), url, QUERIES[label], RUNS)
            figures.append(Figure(
                label, f"{size}; {rows:,} rows out",
                f"server median {statistics.median(server):.1f} ms (libpq client, all rows received: "
                f"{received:.1f} ms; psycopg client, all rows fetched as Python objects: "
                f"{statistics.median(client):.1f} ms; load average {load:.2f})",
                target,
            ))
    return figures


def libpq_median_ms(pgbench: str, url: str, query: str, runs: int) -> float:
    """Median time for a C client (pgbench, one connection) to send `query` and receive every row, `runs` times:
    what a BI tool's driver waits for before its own decoding (the psycopg figure adds Python's)."""
    from dbtool import pgbench as pgbench_runner

    with tempfile.TemporaryDirectory(prefix="bench-pharmacy-") as folder:
        script = Path(folder) / "query.sql"
        script.write_text(query + ";\n")
        result = pgbench_runner.run(pgbench, url, ["-f", str(script), "-t", str(runs), "-c", "1"])
    return statistics.median(result.latencies_ms)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--medications", type=int, default=2000)
    parser.add_argument("--lots", type=int, default=40000)
    parser.add_argument("--dispensings", type=int, default=90000, help="over the last 60 days (default: 1,500 a day)")
    parser.add_argument("--depleted-share", type=float, default=0.4, help="share of lots used up long ago (default 0.4)")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--show-plans", action="store_true")
    parser.add_argument("--seed-only", action="store_true", help="load into --database-url and stop (no scratch db)")
    parser.add_argument("--database-url", help="server (default: $DATABASE_URL, else the embedded server)")
    args = parser.parse_args()

    if args.seed_only:
        if not args.database_url:
            parser.error("--seed-only needs --database-url (the database to fill)")
        with psycopg.connect(args.database_url, autocommit=True) as conn:
            seed(conn, args.medications, args.lots, args.dispensings, wards=3)
            print(counts(conn))
        return 0

    server = database_url(PROJECT, args.database_url)
    with ScratchDatabase(server, "bench_pharmacy") as scratch:
        started = time.perf_counter()
        deploy.apply(PROJECT, scratch.url, out=lambda _line: None)
        with psycopg.connect(scratch.url, autocommit=True) as conn:
            seed(conn, args.medications, args.lots, args.dispensings, depleted_share=args.depleted_share)
            print(f"loaded in {time.perf_counter() - started:.1f} s: {counts(conn)}")
            mismatches = conn.execute(
                """select count(*) from pharmacy.lot as l
                    where l.on_hand <> (select coalesce(sum(m.quantity), 0) from pharmacy.stock_movement as m
                                         where m.lot_id = l.lot_id)"""
            ).fetchone()[0]
            in_stock = conn.execute("select count(*) from pharmacy.lot where on_hand > 0").fetchone()[0]
            print(f"lots with stock: {in_stock}")
            statuses = conn.execute(
                "select status, count(*) from reporting.medication_availability group by 1 order by 1"
            ).fetchall()
            print(f"ledger mismatches: {mismatches}; statuses: {statuses}")
            print(f"rows differing from the before-0087 definition: {rows_differing(conn)}")
            measure(conn, args.runs, args.show_plans)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
