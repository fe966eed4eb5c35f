"""Deployment benchmark: `dbtool apply` from an empty database to head, and
`dbtool demo` on a fresh project state (new embedded server: initdb, start,
deploy, and whatever the demo does as later features land).

    python bench/deploy.py [--runs 5]

Prints one line per figure; the numbers go into BENCHMARKS.md by hand or by
`dbtool bench` once it exists.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dbtool import deploy  # noqa: E402
from dbtool.config import Project  # noqa: E402
from dbtool.db import ScratchDatabase, connect, database_url  # noqa: E402


def machine() -> str:
    cpu = "unknown cpu"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}, {os.cpu_count()} cores, {mem_gib:.0f} GiB, {platform.system()} {platform.release()}"


def bench_apply(project: Project, url: str, runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        with ScratchDatabase(url, "bench_apply") as scratch:
            started = time.perf_counter()
            deploy.apply(project, scratch.url, out=lambda _line: None)
            timings.append(time.perf_counter() - started)
    return timings


def bench_demo() -> float:
    state = Path(tempfile.mkdtemp(prefix="dbtool-bench-demo-"))
    env = {**os.environ, "DBTOOL_HOME": str(state), "DBTOOL_PORT": "0"}
    env.pop("DATABASE_URL", None)
    try:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "dbtool", "demo"], cwd=ROOT, env=env, check=True, capture_output=True)
        return time.perf_counter() - started
    finally:
        subprocess.run([sys.executable, "-m", "dbtool", "server", "stop"], cwd=ROOT, env=env, capture_output=True)
        shutil.rmtree(state, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-demo", action="store_true")
    args = parser.parse_args()
    project = Project(ROOT)
    url = database_url(project)
    with connect(url) as conn:
        version = conn.execute("show server_version").fetchone()[0]
    print(f"machine: {machine()}; PostgreSQL {version}")
    timings = bench_apply(project, url, args.runs)
    print(
        f"dbtool apply, empty -> head ({len(deploy.migration_files.load(project.migrations_dir))} migrations): "
        f"median {statistics.median(timings):.2f} s, min {min(timings):.2f} s, max {max(timings):.2f} s over {args.runs} runs"
    )
    if not args.skip_demo:
        print(f"dbtool demo on a fresh state directory (initdb + start + everything): {bench_demo():.1f} s")


if __name__ == "__main__":
    main()
