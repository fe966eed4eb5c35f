"""Benchmark: the clinic's OLTP mix through the real procedures, against pgbench's TPC-B-like script.

On a private clone of the run's seeded database (ctx.seeded_database(ctx.patients, SEED_MONTHS): the same
data set as the warehouse and KPI benchmarks), pgbench runs

- the visit mix: oltp_visit.pgbench@45 + oltp_register.pgbench@1, i.e. each client walks its own visits
  through clinic.schedule_appointment, check_in, start_encounter, record_diagnosis, record_treatment,
  prescribe, complete_encounter, billing.record_payment and pharmacy.dispense_prescription (one call per
  pgbench transaction), with about one clinic.register_patient per five visits; at 1 and 8 clients;
- the booking step alone (oltp_schedule.pgbench) at 8 clients, the comparison issue 3 asked for;
- pgbench's built-in TPC-B-like script on the same server and database, at 1 and 8 clients, same duration,
  threads and protocol, initialised at scale max(8, patients / 2,000) (at least one branch per client);

and reports TPS, p95 latency (nearest rank over pgbench's per-transaction log), failed transactions, the
TPS ratio mix / TPC-B, the rows each run wrote, and the slowest statements of the 8-client mix
(pg_stat_statements, nested statements included).

Conflict-free by construction (see the scripts): any error pgbench counts is a real failure, reported.
The scripts run as the superuser, so clinic.assert_may_chart takes its superuser exit (one catalog read)
instead of resolving a staff login.

    .venv/bin/dbtool bench --scale small --only oltp_mix --no-write
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import psycopg

from dbtool import pgbench
from dbtool.bench import SEED_MONTHS, BenchContext, Figure

TITLE = "OLTP: the clinic's procedure mix against pgbench TPC-B"
ORDER = 20
GROWTH = True  # the mix's TPS and p95 are compared at two data sizes by `dbtool bench --growth`
NOTES = [
    "The mix: each pgbench transaction is one call of a real procedure; a visit is 9 of them (book, check in, "
    "start, diagnose, treat, prescribe, complete, pay, dispense) and about one patient registration is mixed in "
    "per five visits (`-f oltp_visit.pgbench@45 -f oltp_register.pgbench@1`). Each client books its own doctor "
    "in consecutive slots of the doctor's working hours and only its own share of the patients, so nothing "
    "collides: errors would be real failures. TPC-B-like runs on the same server, in the same database, just "
    "before, with the same clients, threads, duration and prepared protocol. p95 is over every transaction "
    "of the run (pgbench's per-transaction log).",
]

HERE = Path(__file__).resolve().parent
SECONDS = {"small": 10, "medium": 20, "large": 60}
VISIT_STEPS = 9
# the runs book in separate windows of the future so they never collide with each other
WINDOW_WEEKS = 104


@dataclass
class MixSetup:
    variables: dict[str, str]
    base: datetime  # Monday 08:00 UTC of the first window


def prepare(conn: psycopg.Connection, clients: int) -> MixSetup:
    """Read the seeded data the scripts need and stock the pharmacy so dispensing never runs dry."""
    doctors = conn.execute(
        """select s.staff_id, s.department_id
             from clinic.staff s join clinic.department d using (department_id)
            where s.staff_role = 'doctor' and s.is_active and d.time_zone = 'UTC'
              and (select count(*) from clinic.working_day w
                    where w.staff_id = s.staff_id and w.iso_weekday between 1 and 5
                      and w.start_time <= time '08:00' and w.end_time >= time '17:00') = 5
            order by s.staff_id limit %s""",
        (clients,),
    ).fetchall()
    if len(doctors) < clients:
        raise RuntimeError(f"the seeded database has {len(doctors)} doctors working Mon-Fri 08-17 UTC; "
                           f"{clients} are needed (one per client)")
    low, high, count = conn.execute("select min(patient_id), max(patient_id), count(*) from clinic.patient").fetchone()
    if high - low + 1 != count:
        raise RuntimeError("patient ids are not contiguous: the scripts pick patients by offset")
    codes = [r[0] for r in conn.execute(
        """select distinct c.code from ref.diagnosis_prior p join ref.icd10_code c on c.code = p.icd10_code
            where c.is_billable order by c.code limit 40""").fetchall()]
    treatments = [r[0] for r in conn.execute(
        "select treatment_id from clinic.treatment where is_active order by treatment_id").fetchall()]
    location = conn.execute(
        "select stock_location_id from pharmacy.stock_location where location_code = 'MAIN'").fetchone()[0]
    medications = [r[0] for r in conn.execute(
        "select medication_id from pharmacy.medication where is_active order by medication_id").fetchall()]
    for medication in medications:
        conn.execute(
            "call pharmacy.receive_stock(%s, %s, %s, current_date + 1000, 100000000, 0.05, 'benchmark stock')",
            (medication, location, f"BENCH-{medication}"),
        )
    conn.execute("analyze")
    now = datetime.now(timezone.utc)
    monday = (now + timedelta(days=7 - now.weekday())).replace(hour=8, minute=0, second=0, microsecond=0)
    variables = {
        "doctors": "{" + ",".join(str(d[0]) for d in doctors) + "}",
        "departments": "{" + ",".join(str(d[1]) for d in doctors) + "}",
        "patient_min": str(low),
        "patient_count": str(count),
        "codes": "{" + ",".join(codes) + "}",
        "ncodes": str(len(codes)),
        "treatments": "{" + ",".join(map(str, treatments)) + "}",
        "ntreatments": str(len(treatments)),
        "medications": "{" + ",".join(map(str, medications)) + "}",
        "nmedications": str(len(medications)),
        "location": str(location),
    }
    return MixSetup(variables, monday)


def row_counts(conn: psycopg.Connection) -> dict[str, int]:
    tables = ["clinic.patient", "clinic.appointment", "clinic.encounter", "clinic.diagnosis",
              "clinic.treatment_given", "clinic.prescription", "billing.payment", "pharmacy.dispensing"]
    return {t: conn.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}  # noqa: S608 (fixed names)


def double_bookings(conn: psycopg.Connection) -> int:
    """Active appointments from yesterday on that overlap an earlier-starting active appointment of the same
    doctor or of the same patient (the constraints forbid any). Sorted by start within each doctor (patient),
    an appointment overlaps an earlier one exactly when it starts before the latest end among those: one sort
    per side instead of a self-join (the self-join with `doctor = doctor or patient = patient` could only be a
    nested loop: 6.5 minutes at 20,000 patients)."""
    return conn.execute(
        """with active as (
               select doctor_id, patient_id, during
                 from clinic.appointment
                where status in ('scheduled', 'checked in', 'in progress', 'completed')
                  and lower(during) > now() - interval '1 day'
           ),
           clashes as (
               select lower(during) < max(upper(during)) over (
                          partition by doctor_id order by lower(during)
                          rows between unbounded preceding and 1 preceding) as clash
                 from active
               union all
               select lower(during) < max(upper(during)) over (
                          partition by patient_id order by lower(during)
                          rows between unbounded preceding and 1 preceding)
                 from active
           )
           select count(*) from clashes where clash"""
    ).fetchone()[0]


def run_mix(binary: str, url: str, setup: MixSetup, window: int, clients: int, seconds: int,
            scripts: list[str], transactions: int | None = None) -> pgbench.PgbenchResult:
    """One pgbench run of `scripts` (file@weight) with the mix variables, booking in its own window
    (`window` numbers the run: windows are WINDOW_WEEKS apart). Runs `seconds`, or `transactions` per client."""
    base = setup.base + timedelta(weeks=WINDOW_WEEKS * window)
    variables = {**setup.variables, "clients": str(clients), "step": "0", "visit": "0",
                 "base_epoch": str(int(base.timestamp()))}
    args = [f"-D{name}={value}" for name, value in variables.items()]
    for script in scripts:
        args += ["-f", str(HERE / script)]
    threads = min(clients, os.cpu_count() or 1)
    length = ["-t", str(transactions)] if transactions else ["-T", str(seconds)]
    args += ["-c", str(clients), "-j", str(threads), *length, "-M", "prepared"]
    # prescribe RAISEs a NOTICE for the prescriber on every call: keep it out of pgbench's output
    return pgbench.run(binary, url, args, env={"PGOPTIONS": "-c client_min_messages=warning"})


def tpcb(binary: str, url: str, clients: int, seconds: int) -> pgbench.PgbenchResult:
    threads = min(clients, os.cpu_count() or 1)
    return pgbench.run(binary, url, ["-b", "tpcb-like", "-c", str(clients), "-j", str(threads), "-T", str(seconds),
                                     "-M", "prepared"])


def describe_run(result: pgbench.PgbenchResult) -> str:
    return (f"{result.tps:,.0f} TPS, p95 {result.p95_ms:.2f} ms (mean {result.mean_ms:.2f}), "
            f"{result.transactions:,} transactions, {result.failed} failed")


def changed(before: dict[str, int], after: dict[str, int]) -> str:
    short = {"clinic.patient": "patients", "clinic.appointment": "appointments", "clinic.encounter": "encounters",
             "clinic.diagnosis": "diagnoses", "clinic.treatment_given": "treatments",
             "clinic.prescription": "prescriptions", "billing.payment": "payments",
             "pharmacy.dispensing": "dispensings"}
    return ", ".join(f"{after[t] - before[t]:,} {short[t]}" for t in before if after[t] != before[t])


def run(ctx: BenchContext) -> list[Figure]:
    seconds = SECONDS[ctx.scale]
    binary = ctx.pg_binary("pgbench")
    patients = ctx.patients
    tpcb_scale = max(8, patients // 2000)
    figures: list[Figure] = []
    with ctx.seeded_database(patients, SEED_MONTHS) as url:
        with psycopg.connect(url, autocommit=True) as conn:
            setup = prepare(conn, 8)
        subprocess.run([binary, "-i", "-q", "-s", str(tpcb_scale), url], check=True, capture_output=True)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("vacuum analyze")
            conn.execute("checkpoint")
            appointments = conn.execute("select count(*) from clinic.appointment").fetchone()[0]
        data = f"{patients:,} patients, {appointments:,} appointments; TPC-B scale {tpcb_scale}"
        mix_scripts = ["oltp_visit.pgbench@45", "oltp_register.pgbench@1"]
        results: dict[str, pgbench.PgbenchResult] = {}
        deltas: dict[str, str] = {}
        window = 0
        for clients in (1, 8):
            load = os.getloadavg()[0]
            results[f"tpcb{clients}"] = tpcb(binary, url, clients, seconds)
            with psycopg.connect(url, autocommit=True) as conn:
                before = row_counts(conn)
            if clients == 8:
                with ctx.statement_stats(url, f"visit mix, 8 clients, {seconds} s, {data}"):
                    results[f"mix{clients}"] = run_mix(binary, url, setup, window, clients, seconds, mix_scripts)
            else:
                results[f"mix{clients}"] = run_mix(binary, url, setup, window, clients, seconds, mix_scripts)
            window += 1
            with psycopg.connect(url, autocommit=True) as conn:
                deltas[f"mix{clients}"] = changed(before, row_counts(conn))
            size = f"{clients} client{'s' if clients > 1 else ''}, {seconds} s, prepared; {data}; load {load:.1f}"
            mix, base = results[f"mix{clients}"], results[f"tpcb{clients}"]
            figures += [
                Figure(f"pgbench TPC-B-like, {clients} client{'s' if clients > 1 else ''}", size, describe_run(base)),
                Figure(f"visit mix (real procedures), {clients} client{'s' if clients > 1 else ''}", size,
                       f"{describe_run(mix)}; wrote {deltas[f'mix{clients}']}", "no failed transactions",
                       value=mix.tps, unit="TPS"),
                Figure(f"visit mix p95 latency, {clients} client{'s' if clients > 1 else ''}", size,
                       f"{mix.p95_ms:.2f} ms", value=mix.p95_ms, unit="ms"),
                Figure(f"visit mix TPS / TPC-B TPS, {clients} client{'s' if clients > 1 else ''} (same run)", size,
                       f"{mix.tps / base.tps:.2f}"),
            ]
        load = os.getloadavg()[0]
        with psycopg.connect(url, autocommit=True) as conn:
            before = row_counts(conn)
        schedule = run_mix(binary, url, setup, window, 8, seconds, ["oltp_schedule.pgbench"])
        with psycopg.connect(url, autocommit=True) as conn:
            booked = changed(before, row_counts(conn))
            overlaps = double_bookings(conn)
        size = f"8 clients, {seconds} s, prepared; {data}; load {load:.1f}"
        figures += [
            Figure("`clinic.schedule_appointment` alone, 8 clients", size,
                   f"{describe_run(schedule)}; wrote {booked}", "p95 < 5 ms", value=schedule.tps, unit="TPS"),
            Figure("schedule_appointment TPS / TPC-B TPS, 8 clients (same run)", size,
                   f"{schedule.tps / results['tpcb8'].tps:.2f}", ">= 0.60 (goal 0.80)"),
            Figure("overlapping active future appointments after the runs", "all runs above", f"{overlaps}", "0"),
        ]
        per_command = results["mix8"].per_command
        if per_command:
            lines = ["Mean latency per script line, visit mix at 8 clients (`pgbench -r`):", "",
                     "| ms | command |", "| --- | --- |"]
            for mean, command in per_command:
                if not command.startswith("\\"):
                    lines.append(f"| {mean:.3f} | `{' '.join(command.split())[:100]}` |")
            ctx.note("\n".join(lines))
    return figures
