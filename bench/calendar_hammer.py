"""Benchmark: 16 clients hammering one doctor's calendar with overlapping bookings.

On a private clone of the run's seeded database, 16 threads (one connection each) call
clinic.schedule_appointment for the SAME doctor for a fixed time, each attempt a random 20-minute slot
starting on a 5-minute grid inside the doctor's working hours on a few future weekdays, so most attempts
overlap bookings made by other clients a moment earlier. The procedure must refuse every overlap with
SQLSTATE 23P01 (exclusion_violation); the attempts are counted per outcome (by the constraint the
refusal names: the doctor's or the patient's calendar), then SQL verifies that the doctor has zero
overlapping active appointments and that the bookings in the table are exactly the successes the clients saw.

Threads rather than pgbench: pgbench 18 aborts a client on any error it does not retry (only
serialization failures and deadlocks are), so it cannot count refusals.

    .venv/bin/dbtool bench --scale small --only calendar_hammer --no-write
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import psycopg

from dbtool.bench import SEED_MONTHS, BenchContext, Figure
from dbtool.pgbench import percentile

TITLE = "OLTP: 16 clients booking the same doctor's calendar"
ORDER = 21
CLIENTS = 16
SECONDS = {"small": 10, "medium": 10, "large": 30}
DAYS = 20  # weekdays of the hammered calendar: 20 x 27 slots can be booked at most
ACTIVE = ("scheduled", "checked in", "in progress", "completed")


@dataclass
class Target:
    doctor_id: int
    department_id: int
    patient_min: int
    patient_count: int
    first_day: datetime  # a Monday 00:00 UTC in the future
    days: int = DAYS  # weekdays of the hammered calendar, from first_day


@dataclass
class Tally:
    outcomes: Counter[str] = field(default_factory=Counter)
    latencies_ms: list[float] = field(default_factory=list)
    booked_ids: list[int] = field(default_factory=list)


def choose_target(conn: psycopg.Connection) -> Target:
    """The first active doctor working Monday-Friday 08:00-17:00 in a UTC department, and the patient range."""
    row = conn.execute(
        """select s.staff_id, s.department_id
             from clinic.staff s join clinic.department d using (department_id)
            where s.staff_role = 'doctor' and s.is_active and d.time_zone = 'UTC'
              and (select count(*) from clinic.working_day w
                    where w.staff_id = s.staff_id and w.iso_weekday between 1 and 5
                      and w.start_time <= time '08:00' and w.end_time >= time '17:00') = 5
            order by s.staff_id desc limit 1"""
    ).fetchone()
    if row is None:
        raise RuntimeError("no doctor works Monday-Friday 08:00-17:00 UTC in the seeded database")
    low, high, count = conn.execute("select min(patient_id), max(patient_id), count(*) from clinic.patient").fetchone()
    if high - low + 1 != count:
        raise RuntimeError("patient ids are not contiguous")
    now = datetime.now(timezone.utc)
    # far enough ahead that no other benchmark on this clone books there (oltp_mix starts next week)
    monday = (now + timedelta(days=7 - now.weekday(), weeks=520)).replace(hour=0, minute=0, second=0, microsecond=0)
    return Target(row[0], row[1], low, count, monday)


def slot(target: Target, rng: random.Random) -> tuple[datetime, datetime]:
    day = rng.randrange(target.days)
    start = target.first_day + timedelta(days=(day // 5) * 7 + day % 5, hours=8, minutes=5 * rng.randrange(105))
    return start, start + timedelta(minutes=20)


def hammer(url: str, target: Target, clients: int, seconds: float) -> Tally:
    """`clients` threads booking the target doctor until the deadline; outcomes by SQLSTATE and constraint."""
    tallies = [Tally() for _ in range(clients)]
    barrier = threading.Barrier(clients)
    errors: list[BaseException] = []

    def client(index: int) -> None:
        rng = random.Random(index)
        tally = tallies[index]
        try:
            with psycopg.connect(url, autocommit=True) as conn:
                barrier.wait()
                deadline = time.monotonic() + seconds
                attempt = 0
                while time.monotonic() < deadline:
                    starts, ends = slot(target, rng)
                    patient = target.patient_min + (index + clients * attempt) % target.patient_count
                    attempt += 1
                    began = time.perf_counter()
                    try:
                        row = conn.execute(
                            "call clinic.schedule_appointment(%s, %s, %s, %s, %s, 'calendar hammer')",
                            (patient, target.doctor_id, target.department_id, starts, ends),
                        ).fetchone()
                        tally.outcomes["booked"] += 1
                        tally.booked_ids.append(row[0])
                    except psycopg.errors.ExclusionViolation as exc:
                        name = exc.diag.constraint_name or "unnamed"
                        tally.outcomes["refused: doctor" if "doctor" in name else f"refused: {name}"] += 1
                    except psycopg.Error as exc:
                        tally.outcomes[f"error {exc.sqlstate}"] += 1
                    tally.latencies_ms.append((time.perf_counter() - began) * 1000)
        except BaseException as exc:  # surfaced below: a broken client must not look like a quiet one
            errors.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    total = Tally()
    for tally in tallies:
        total.outcomes.update(tally.outcomes)
        total.latencies_ms += tally.latencies_ms
        total.booked_ids += tally.booked_ids
    total.latencies_ms.sort()
    return total


def verify(conn: psycopg.Connection, target: Target) -> tuple[int, int]:
    """(active appointments of the doctor in the hammered window, overlapping pairs among them)."""
    window = (target.first_day, target.first_day + timedelta(weeks=target.days // 5 + 1))
    booked = conn.execute(
        "select count(*) from clinic.appointment where doctor_id = %s and status = any(%s)"
        " and during && tstzrange(%s, %s)",
        (target.doctor_id, list(ACTIVE), *window),
    ).fetchone()[0]
    overlaps = conn.execute(
        """select count(*) from clinic.appointment a join clinic.appointment b
                on a.appointment_id < b.appointment_id and a.during && b.during
             where a.doctor_id = %(doctor)s and b.doctor_id = %(doctor)s
               and a.status = any(%(active)s) and b.status = any(%(active)s)
               and a.during && tstzrange(%(low)s, %(high)s)""",
        {"doctor": target.doctor_id, "active": list(ACTIVE), "low": window[0], "high": window[1]},
    ).fetchone()[0]
    return booked, overlaps


def run(ctx: BenchContext) -> list[Figure]:
    seconds = SECONDS[ctx.scale]
    with ctx.seeded_database(ctx.patients, SEED_MONTHS) as url:
        with psycopg.connect(url, autocommit=True) as conn:
            target = choose_target(conn)
        load = os.getloadavg()[0]
        with ctx.statement_stats(url, f"calendar hammer, {CLIENTS} clients, {seconds} s"):
            tally = hammer(url, target, CLIENTS, seconds)
        with psycopg.connect(url, autocommit=True) as conn:
            in_table, overlaps = verify(conn, target)
    attempts = sum(tally.outcomes.values())
    booked = tally.outcomes["booked"]
    refused = sum(n for outcome, n in tally.outcomes.items() if outcome.startswith("refused"))
    others = {k: v for k, v in tally.outcomes.items() if k != "booked" and not k.startswith("refused")}
    size = (f"{CLIENTS} clients (threads), {seconds} s, 1 doctor, {DAYS} weekdays x 27 slots, 20-minute bookings "
            f"on a 5-minute grid; {ctx.patients:,} patients seeded; load {load:.1f}")
    breakdown = ", ".join(f"{n:,} {outcome}" for outcome, n in sorted(tally.outcomes.items()))
    return [
        Figure("booking attempts", size, f"{attempts:,} ({attempts / seconds:,.0f}/s): {breakdown}"),
        Figure("booked (clients) / active appointments in the table", size, f"{booked:,} / {in_table:,}",
               "equal"),
        Figure("refused with 23P01", size, f"{refused:,}"),
        Figure("other errors", size, ", ".join(f"{n} {k}" for k, n in others.items()) or "none", "none"),
        Figure("double bookings of the doctor after the run", size, f"{overlaps}", "0"),
        Figure("attempt latency, client side", size,
               f"p95 {percentile(tally.latencies_ms, 95):.2f} ms, p50 {percentile(tally.latencies_ms, 50):.2f} ms"),
    ]
