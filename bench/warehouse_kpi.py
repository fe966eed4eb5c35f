"""Benchmark: the KPI views of the monthly report (reporting.kpi_*) for one month.

On a database seeded with `dbtool seed` (13 months), rebuilds the warehouse, then
for the latest complete month times each KPI view filtered to that month
(`where month_start = $1`, the whole result fetched), all views together, and the
same figures computed straight from the OLTP tables (the queries below), and
reports the ratio. Target (issue 5): all views for one month under 300 ms at
1M encounters and at least 10 times faster than the OLTP computation.
BENCH_WAREHOUSE_DATABASE=<name> measures on a clone of that database instead
of a seeded one (bench/warehouse.py, data_set).
"""

from __future__ import annotations

import importlib.util
import os
import statistics
import time
from datetime import date
from pathlib import Path
from types import ModuleType

import psycopg

from dbtool.bench import BenchContext, Figure

TITLE = "Warehouse KPI views (one month)"
ORDER = 75
# `dbtool bench --growth` runs it again at the partner scale: the valued figures go into the Growth table
GROWTH = True
PATIENTS = {"small": 2_000, "medium": 20_000, "large": 100_000}
MONTHS = 13
NOTES = [
    "KPI side: each reporting.kpi_* view with `where month_start = %(month)s`, whole result fetched; the headline "
    "view also computes the month before. OLTP side: the same figures from clinic / billing tables for the month "
    "(the month's UTC boundaries), written in bench/warehouse_kpi.py; kpi_stock_outs has no OLTP twin here "
    "(its snapshot is rebuilt from the stock ledger by the ETL), so the OLTP total leaves it out.",
]

KPI_VIEWS = [
    "kpi_month", "kpi_headline", "kpi_interactions", "kpi_visits_by_weekday", "kpi_severity",
    "kpi_disease_prevalence", "kpi_doctor_utilisation", "kpi_appointments", "kpi_billing",
    "kpi_treatment_outcomes", "kpi_stock_outs",
]

# The same figures from the OLTP tables, for the month [%(lo)s, %(hi)s) (timestamptz bounds, UTC).
OLTP_QUERIES: dict[str, str] = {
    "month": """
        select (select count(*) from clinic.encounter where checked_in_at >= %(lo)s and checked_in_at < %(hi)s),
               (select count(*) from clinic.appointment where starts_at >= %(lo)s and starts_at < %(hi)s),
               (select count(*) from clinic.diagnosis where diagnosed_at >= %(lo)s and diagnosed_at < %(hi)s),
               (select count(*) from billing.invoice_line l join billing.invoice i using (invoice_id)
                 where i.issued_on >= %(lo_day)s and i.issued_on < %(hi_day)s)""",
    "interactions": """
        with e as (
            select e.department_id, e.patient_id, e.doctor_id,
                   not exists (select from clinic.encounter p
                                where p.patient_id = e.patient_id and p.checked_in_at < %(lo)s) as is_new
              from clinic.encounter e where e.checked_in_at >= %(lo)s and e.checked_in_at < %(hi)s)
        select department_id, count(*), count(distinct patient_id), count(distinct doctor_id),
               count(distinct patient_id) filter (where is_new)
          from e group by grouping sets ((department_id), ())""",
    "visits_by_weekday": """
        select department_id, extract(isodow from checked_in_at at time zone 'UTC'), count(*)
          from clinic.encounter where checked_in_at >= %(lo)s and checked_in_at < %(hi)s
         group by grouping sets ((1, 2), (2))""",
    "severity": """
        select e.department_id, g.severity, count(*)
          from clinic.diagnosis g join clinic.encounter e using (encounter_id)
         where g.diagnosed_at >= %(lo)s and g.diagnosed_at < %(hi)s
         group by grouping sets ((1, 2), (2))""",
    "disease_prevalence": """
        with d as (
            select distinct p.patient_id, c.block_code, b.chapter_no
              from clinic.diagnosis g join clinic.encounter p using (encounter_id)
              join ref.icd10_code c on c.code = g.icd10_code join ref.icd10_block b using (block_code)
             where g.diagnosed_at >= %(lo)s and g.diagnosed_at < %(hi)s),
        active as (
            select count(distinct patient_id) as n from clinic.encounter
             where checked_in_at >= %(lo)s - interval '11 months' and checked_in_at < %(hi)s)
        select 'chapter', chapter_no::text, count(distinct patient_id), max(active.n) from d, active group by 2
        union all
        select 'block', block_code, count(*), max(active.n) from d, active group by 2""",
    "doctor_utilisation": """
        with booked as (
            select doctor_id, department_id, sum(extract(epoch from ends_at - starts_at) / 60) as minutes
              from clinic.appointment
             where starts_at >= %(lo)s and starts_at < %(hi)s and status <> 'cancelled'
             group by 1, 2),
        available as (
            select w.staff_id, sum(extract(epoch from w.end_time - w.start_time) / 60) as minutes
              from clinic.working_day w
              join generate_series(%(lo_day)s::date, %(hi_day)s::date - 1, interval '1 day') as d
                on extract(isodow from d) = w.iso_weekday
             group by 1)
        select b.department_id, b.doctor_id, sum(b.minutes), sum(a.minutes)
          from booked b left join available a on a.staff_id = b.doctor_id
         group by grouping sets ((1, 2), (1), ())""",
    "appointments": """
        select department_id, count(*), count(*) filter (where status = 'completed'),
               count(*) filter (where status = 'cancelled'), count(*) filter (where status = 'no-show')
          from clinic.appointment where starts_at >= %(lo)s and starts_at < %(hi)s
         group by grouping sets ((1), ())""",
    "billing": """
        select e.department_id, sum(i.total_amount), sum(i.paid_amount), sum(i.adjusted_amount), sum(i.balance)
          from billing.invoice i join clinic.encounter e using (encounter_id)
         where i.issued_on >= %(lo_day)s and i.issued_on < %(hi_day)s
         group by grouping sets ((1), ())""",
    "treatment_outcomes": """
        select e.department_id, coalesce(nullif(substring(upper(t.treatment_code) from '^[A-Z]+'), ''), 'OTHER'),
               count(*), count(*) filter (where tg.outcome in ('improved', 'resolved')), sum(tg.price)
          from clinic.treatment_given tg join clinic.encounter e using (encounter_id)
          join clinic.treatment t using (treatment_id)
         where tg.given_at >= %(lo)s and tg.given_at < %(hi)s
         group by grouping sets ((1, 2), (2))""",
}


def _median_ms(conn: psycopg.Connection, query: str, params: dict[str, object], runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        conn.execute(query, params).fetchall()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def _all_ms(conn: psycopg.Connection, queries: list[str], params: dict[str, object], runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        for query in queries:
            conn.execute(query, params).fetchall()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def _warehouse_bench() -> ModuleType:
    """bench/warehouse.py (its data_set: the seeded database or the BENCH_WAREHOUSE_DATABASE clone)."""
    spec = importlib.util.spec_from_file_location("bench_warehouse_data_set", Path(__file__).with_name("warehouse.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(ctx: BenchContext) -> list[Figure]:
    runs = max(ctx.sizes["runs"], 5)
    figures: list[Figure] = []
    data_set = _warehouse_bench().data_set(ctx, PATIENTS[ctx.scale], MONTHS)
    with data_set as (url, patients, months), psycopg.connect(url, autocommit=True) as conn:
        started = time.perf_counter()
        conn.execute("call dw.rebuild()")
        conn.execute("vacuum analyze")
        rebuild_s = time.perf_counter() - started
        month = conn.execute(
            "select max(month_start) from reporting.kpi_month where is_complete"
        ).fetchone()[0]
        assert isinstance(month, date)
        hi_day = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        encounters = conn.execute("select count(*) from clinic.encounter").fetchone()[0]
        size = f"{encounters:,} encounters ({patients:,} patients x {months} months)"
        load = os.getloadavg()
        params: dict[str, object] = {"month": month}
        kpi_queries = [f"select * from reporting.{view} where month_start = %(month)s" for view in KPI_VIEWS]
        for view, query in zip(KPI_VIEWS, kpi_queries, strict=True):
            conn.execute(query, params).fetchall()  # warm the plan cache and buffers alike for both sides
            figures.append(Figure(f"reporting.{view}, one month", size,
                                  f"median {_median_ms(conn, query, params, runs):.1f} ms ({runs} runs)"))
        kpi_all = _all_ms(conn, kpi_queries, params, runs)
        figures.append(Figure(f"all {len(KPI_VIEWS)} KPI views for {month:%Y-%m}", size,
                              f"median {kpi_all:.1f} ms ({runs} runs)", "< 300 ms at 1M encounters",
                              value=kpi_all, unit="ms"))
        oltp_params: dict[str, object] = {
            "lo": f"{month.isoformat()} 00:00+00", "hi": f"{hi_day.isoformat()} 00:00+00",
            "lo_day": month, "hi_day": hi_day,
        }
        oltp_runs = max(3, runs // 2)
        for name, query in OLTP_QUERIES.items():
            conn.execute(query, oltp_params).fetchall()
            figures.append(Figure(f"OLTP twin of kpi_{name}, one month", size,
                                  f"median {_median_ms(conn, query, oltp_params, oltp_runs):.1f} ms ({oltp_runs} runs)"))
        oltp_all = _all_ms(conn, list(OLTP_QUERIES.values()), oltp_params, oltp_runs)
        figures.append(Figure("the same figures from the OLTP tables, all together", size,
                              f"median {oltp_all:.1f} ms ({oltp_runs} runs)", value=oltp_all, unit="ms"))
        figures.append(Figure("OLTP / KPI views (speed-up)", size, f"{oltp_all / kpi_all:.1f} x", ">= 10 x"))
        figures.append(Figure("dw.rebuild() before the measurements", size, f"{rebuild_s:.1f} s"))
        load_after = os.getloadavg()
        figures.append(Figure("load average (1 min) before / after", "2 cores, shared",
                              f"{load[0]:.2f} / {load_after[0]:.2f}"))
    return figures
