"""Benchmark: CPU instructions per read of the pharmacy availability view (cachegrind).

The timings of bench/pharmacy_availability.py move by half between runs on this
shared VM with nothing else running; the work a query does does not. This
module counts the instructions one PostgreSQL backend executes per read, which
is the same from run to run on the same data and build, so a change to the view
can be judged by one run, and a figure in BENCHMARKS.md can be compared across
days and machines of the same architecture.

How: a private cluster in a temporary folder (initdb with the embedded server's
settings), the objects deployed and the pharmacy benchmark's data loaded
(bench/pharmacy_availability.seed: 2,000 medications, 40,000 lots, 90,000
dispensings), then stopped. `postgres --single` (one backend, no background
process) then runs under `valgrind --tool=cachegrind --cache-sim=no`, per
query once with one EXPLAIN (ANALYZE, TIMING OFF, SERIALIZE TEXT) of it and
once with 1 + --repeat: (difference) / repeat = instructions per read by a
backend that has read it before (its catalog caches warm, as a pooled BI
connection's are), planning, execution and turning every value into the text a
client receives included. Valgrind runs the backend ~40x slower; the module
takes about a minute.

Needs valgrind (Debian package `valgrind`); without it the module says so and
measures nothing.

    .venv/bin/python bench/pharmacy_instructions.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from dbtool import deploy  # noqa: E402
from dbtool.config import Project  # noqa: E402
from dbtool.dashboard import AVAILABILITY_QUERY  # noqa: E402
from dbtool.errors import DbtoolError  # noqa: E402
from dbtool.server import BIN_DIR, SERVICE_USER, EmbeddedServer  # noqa: E402

import pharmacy_availability  # noqa: E402  (bench/ is on the path: the other module's data and queries)

PROJECT = Project(Path(__file__).resolve().parent.parent)
DATABASE = "bench_pharmacy"
SIZE = "2,000 medications, 10 locations, 40,000 lots, 90,000 dispensings in 60 days"
BEFORE_LABEL = "medication_availability before 0087 (all rows, comparison)"
QUERIES = {
    **{label: query for label, query in pharmacy_availability.QUERIES.items() if label.startswith("medication")},
    "`dbtool dashboard medication`'s query (all rows, five sort keys)": " ".join(AVAILABILITY_QUERY.split()),
}
REPEAT = 3

TITLE = "Pharmacy: instructions per availability read (cachegrind)"
ORDER = 41
NOTES = [
    "Instructions one backend executes per read (planning, execution and text serialization of every value: "
    "EXPLAIN (ANALYZE, TIMING OFF, SERIALIZE TEXT)), counted by valgrind's cachegrind on `postgres --single` "
    "over the pharmacy benchmark's data: two runs at the same time of day agree within 0.1 %, unlike the "
    "timings. The time of day matters a little: the view reads the dispensings of the part of a UTC day at the "
    "start of its 30-day window (from none just before midnight UTC to a whole day's 1,500 just after).",
    "The ratio to the before-0087 definition compares two counts of the same run. Instructions are not "
    "milliseconds (cache misses and memory stalls are not counted): on the quiet machine at 00:10 UTC on "
    "2026-11-24, all rows took 42 ms (bench/pharmacy_availability.py) for 281 M instructions.",
]

REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def _count(server: EmbeddedServer, statements: list[str], folder: Path) -> int:
    """Instructions valgrind counted for one single-user backend running `statements` (start-up included)."""
    script = folder / "statements.sql"
    # -j: a statement ends with a semicolon followed by an empty line
    script.write_text("".join(f"{statement};\n\n" for statement in statements))
    with script.open() as stdin:
        result = subprocess.run(
            ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
             str(BIN_DIR / "postgres"), "--single", "-j", "-D", str(server.pgdata), DATABASE],
            stdin=stdin, capture_output=True, text=True, check=False, timeout=1800,
            user=SERVICE_USER if server.running_as_root else None,
        )
    errors = [line for line in result.stderr.splitlines() if "ERROR:" in line or "FATAL:" in line]
    refs = REFS.findall(result.stderr)
    if result.returncode != 0 or errors or not refs:
        detail = errors[0] if errors else (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise DbtoolError(f"cachegrind run of postgres --single failed: {detail}")
    return int(refs[-1].replace(",", ""))


def _prepare(folder: Path) -> EmbeddedServer:
    """A private cluster in `folder` with the objects deployed and the benchmark's data, stopped."""
    server = EmbeddedServer(PROJECT, state_dir=folder)
    info = server.start()
    try:
        with psycopg.connect(info.url("postgres"), autocommit=True) as conn:
            conn.execute(f"create database {DATABASE}")
        url = info.url(DATABASE)
        deploy.apply(PROJECT, url, out=lambda _line: None)
        with psycopg.connect(url, autocommit=True) as conn:
            pharmacy_availability.seed(conn, 2000, 40000, 90000)
            if differing := pharmacy_availability.rows_differing(conn):
                raise DbtoolError(f"medication_availability differs from its before-0087 definition in {differing} rows")
    finally:
        server.stop()
    return server


def instructions(repeat: int = REPEAT, log=print) -> dict[str, int]:
    """Instructions per read for each of QUERIES (see the module's docstring)."""
    if shutil.which("valgrind") is None:
        raise DbtoolError("valgrind is not installed (Debian package valgrind): nothing measured")
    folder = Path(tempfile.mkdtemp(prefix="dbtool-cachegrind-"))
    try:
        server = _prepare(folder)
        # no JIT (the embedded build has none; migration 0088 turns it off for deployed databases anyway)
        setup = ["set jit = off"]
        result = {}
        for label, query in QUERIES.items():
            explain = f"explain (analyze, timing off, serialize text) {query}"
            # the first read of a backend also fills its catalog caches: counted in both runs, so it cancels out
            once = _count(server, setup + [explain], folder)
            total = _count(server, setup + [explain] * (1 + repeat), folder)
            result[label] = round((total - once) / repeat)
            log(f"   {label}: {result[label] / 1e6:,.1f} M instructions")
        return result
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(ctx) -> list:  # `dbtool bench` entry point
    from dbtool.bench import Figure

    if shutil.which("valgrind") is None:
        ctx.note("Not measured: valgrind is not installed on this machine (Debian package valgrind).")
        return []
    counts = instructions(log=lambda _line: None)
    before = counts[BEFORE_LABEL]
    figures = []
    for label, count in counts.items():
        result = f"{count / 1e6:,.1f} M instructions per read"
        if label != BEFORE_LABEL and "(all rows)" in label:
            result += f" ({count / before:.2f} of the before-0087 definition's, same run)"
        figures.append(Figure(label, SIZE, result, value=count / 1e6, unit="M instructions"))
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=REPEAT, help="reads per query under valgrind (default 3)")
    args = parser.parse_args()
    try:
        counts = instructions(args.repeat)
    except DbtoolError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    before = counts[BEFORE_LABEL]
    for label, count in counts.items():
        print(f"{label:70} {count / 1e6:10,.1f} M  {count / before:5.2f} x before 0087")
    return 0


if __name__ == "__main__":
    sys.exit(main())
