"""Benchmark: clinic.schedule_appointment against pgbench's TPC-B-like script.

Both run on the same server in the same run, with the same client count,
threads, duration and query protocol, on a scratch database deployed with the
whole project (so the real procedure, triggers and exclusion constraints are
measured). Reports TPS and latency percentiles for each, and the ratio
schedule TPS / TPC-B TPS (target: >= 0.60, goal 0.80; p95 < 5 ms).

    .venv/bin/python bench/core_schedule.py [--clients 8] [--seconds 20] [--scale 8] [--json out.json]

Uses $DATABASE_URL's server, else the project's embedded PostgreSQL.

A standalone tool (no longer a `dbtool bench` module): the run writes the same comparison from
bench/oltp_mix.py, on the seeded data set and against the same TPC-B run as the procedure mix.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dbtool import deploy  # noqa: E402
from dbtool.config import Project  # noqa: E402
from dbtool.db import ScratchDatabase, database_url  # noqa: E402
from dbtool.server import BIN_DIR  # noqa: E402

SCRIPT = Path(__file__).with_name("core_schedule.pgbench")


def seed(url: str, clients: int) -> dict[str, int]:
    """One department, one doctor per client (working all day, every day), 1,000 patients per client."""
    with psycopg.connect(url, autocommit=True) as conn:
        department = conn.execute(
            "insert into clinic.department (department_name) values ('Bench') returning department_id"
        ).fetchone()[0]
        doctors = conn.execute(
            """insert into clinic.staff (department_id, first_name, last_name, staff_role, specialty, consultation_fee)
               select %s, 'Bench', 'Doctor ' || g, 'doctor', 'general practice', 50
                 from generate_series(0, %s - 1) g returning staff_id""",
            (department, clients),
        ).fetchall()
        doctor_ids = sorted(r[0] for r in doctors)
        conn.execute(
            """insert into clinic.working_day (staff_id, iso_weekday, start_time, end_time)
               select s, d, '00:00', '24:00' from unnest(%s::bigint[]) s, generate_series(1, 7) d""",
            (doctor_ids,),
        )
        patients = conn.execute(
            """insert into clinic.patient (first_name, last_name, date_of_birth, sex, payer_id)
               select 'Bench', 'Patient ' || g, date '1970-01-01' + g %% 10000, 'unknown', clinic.self_pay_payer_id()
                 from generate_series(0, %s * 1000 - 1) g returning patient_id""",
            (clients,),
        ).fetchall()
        patient_ids = sorted(r[0] for r in patients)
        assert doctor_ids == list(range(doctor_ids[0], doctor_ids[0] + clients))
        assert patient_ids == list(range(patient_ids[0], patient_ids[0] + clients * 1000))
        conn.execute("analyze")
    start = datetime.now(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=2)
    return {
        "department": department,
        "doctor_base": doctor_ids[0],
        "patient_base": patient_ids[0],
        "base_epoch": int(start.timestamp()),
    }


def pgbench(url: str, args: list[str], log_dir: Path, label: str) -> dict[str, float]:
    prefix = log_dir / label
    command = [str(BIN_DIR / "pgbench"), "-n", "-l", f"--log-prefix={prefix}", *args, url]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0 or "aborted" in result.stdout + result.stderr:
        raise SystemExit(f"pgbench {label} failed:\n{result.stdout}\n{result.stderr}")
    tps = next(float(line.split("=")[1].split()[0]) for line in result.stdout.splitlines() if line.startswith("tps"))
    latencies = []
    for log in log_dir.glob(f"{label}.*"):
        for line in log.read_text().splitlines():
            latencies.append(int(line.split()[2]) / 1000.0)  # microseconds -> ms
    latencies.sort()
    count = len(latencies)
    return {
        "tps": tps,
        "transactions": count,
        "latency_ms_p50": latencies[count // 2],
        "latency_ms_p95": latencies[min(count - 1, int(count * 0.95))],
        "latency_ms_p99": latencies[min(count - 1, int(count * 0.99))],
        "latency_ms_mean": statistics.fmean(latencies),
    }


def measure(server: str, clients: int, threads: int, seconds: int, scale: int, protocol: str) -> tuple[dict, dict]:
    """(TPC-B figures, schedule_appointment figures), both on one scratch database, same settings."""
    project = Project(ROOT)
    common = ["-c", str(clients), "-j", str(threads), "-T", str(seconds), "-M", protocol]
    with ScratchDatabase(server, "bench_core") as scratch, tempfile.TemporaryDirectory() as tmp:
        print(f"deploying the project into {scratch.name} ...", flush=True)
        deploy.apply(project, scratch.url, out=lambda _line: None)
        variables = seed(scratch.url, clients)
        print(f"pgbench -i -s {scale} ...", flush=True)
        subprocess.run([str(BIN_DIR / "pgbench"), "-i", "-q", "-s", str(scale), scratch.url],
                       check=True, capture_output=True)
        with psycopg.connect(scratch.url, autocommit=True) as conn:
            conn.execute("checkpoint")
        print(f"TPC-B-like, {clients} clients, {seconds} s ...", flush=True)
        tpcb = pgbench(scratch.url, ["-b", "tpcb-like", *common], Path(tmp), "tpcb")
        time.sleep(1)
        print(f"clinic.schedule_appointment, {clients} clients, {seconds} s ...", flush=True)
        defines = [f"-D{name}={value}" for name, value in {**variables, "n": 0}.items()]
        schedule = pgbench(scratch.url, ["-f", str(SCRIPT), *defines, *common], Path(tmp), "schedule")
        with psycopg.connect(scratch.url) as conn:
            booked = conn.execute("select count(*) from clinic.appointment").fetchone()[0]
        if booked != schedule["transactions"]:
            raise SystemExit(f"{booked} appointments for {schedule['transactions']} transactions: bookings failed")
    return tpcb, schedule


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--scale", type=int, default=8, help="pgbench -i scale (TPC-B branches)")
    parser.add_argument("--protocol", default="prepared", choices=["simple", "extended", "prepared"])
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    options = parser.parse_args()

    server = database_url(Project(ROOT))
    tpcb, schedule = measure(server, options.clients, options.threads, options.seconds, options.scale,
                             options.protocol)
    ratio = schedule["tps"] / tpcb["tps"]
    figures = {"clients": options.clients, "threads": options.threads, "seconds": options.seconds,
               "scale": options.scale, "protocol": options.protocol, "tpcb": tpcb, "schedule_appointment": schedule,
               "tps_ratio": ratio}
    print()
    print(f"{'':32}{'TPS':>10}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}")
    for name, row in (("pgbench TPC-B-like", tpcb), ("clinic.schedule_appointment", schedule)):
        print(f"{name:32}{row['tps']:>10.0f}{row['latency_ms_p50']:>10.2f}{row['latency_ms_p95']:>10.2f}"
              f"{row['latency_ms_p99']:>10.2f}")
    print(f"\nschedule_appointment / TPC-B TPS = {ratio:.2f} (target >= 0.60, goal 0.80); "
          f"p95 {schedule['latency_ms_p95']:.2f} ms (target < 5 ms)")
    if options.json:
        options.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
