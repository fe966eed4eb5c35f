"""Running pgbench (shipped with the embedded server) and reading its results, for the benchmarks.

TPS, failed transactions and per-command latencies come from pgbench's summary; latency percentiles
come from its per-transaction log (`-l`), one line per transaction:

    client_id transaction_no time script_no time_epoch time_us [schedule_lag] [retries]

where `time` is the transaction's elapsed microseconds, or `failed` / `skipped` (or the failure type
with --failures-detailed) for a transaction that did not complete.
"""

from __future__ import annotations

import math
import os
import re
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from dbtool.errors import DbtoolError


@dataclass
class PgbenchResult:
    tps: float
    transactions: int  # completed, from the log
    failed: int  # from the log (failed / serialization / deadlock lines)
    latencies_ms: list[float]  # completed transactions, sorted
    per_command: list[tuple[float, str]] = field(default_factory=list)  # (mean ms, command) from -r
    output: str = ""

    def percentile(self, q: float) -> float:
        return percentile(self.latencies_ms, q)

    @property
    def p95_ms(self) -> float:
        return self.percentile(95)

    @property
    def mean_ms(self) -> float:
        return sum(self.latencies_ms) / len(self.latencies_ms) if self.latencies_ms else math.nan


def percentile(sorted_values: list[float], q: float) -> float:
    """The q-th percentile (0-100) of an ascending list, nearest-rank method; NaN for an empty list."""
    if not sorted_values:
        return math.nan
    rank = math.ceil(q / 100 * len(sorted_values))
    return sorted_values[min(len(sorted_values), max(rank, 1)) - 1]


def read_log(lines: Iterable[str]) -> tuple[list[float], int]:
    """(sorted latencies in ms of the completed transactions, number of failed ones) from pgbench -l lines."""
    latencies: list[float] = []
    failed = 0
    for line in lines:
        fields = line.split()
        if len(fields) < 6:
            continue
        elapsed = fields[2]
        if elapsed.isdigit():
            latencies.append(int(elapsed) / 1000.0)
        elif elapsed != "skipped":
            failed += 1  # "failed", or with --failures-detailed "serialization" / "deadlock"
    latencies.sort()
    return latencies, failed


_TPS = re.compile(r"^tps = ([0-9.]+)", re.MULTILINE)
# "   0.123   0 [0] command": latency ms, failures, and retries when --max-tries > 1
_COMMAND = re.compile(r"^\s+([0-9]+\.[0-9]+)\s+([0-9]+)(?:\s+([0-9]+))?\s+([^\s0-9].*\S)\s*$")


def parse_per_command(output: str) -> list[tuple[float, str]]:
    """(mean latency ms, command text) per script line from `pgbench -r`."""
    rows = []
    for line in output.splitlines():
        match = _COMMAND.match(line)
        if match:
            rows.append((float(match.group(1)), match.group(4)))
    return rows


def run(binary: str, url: str, args: list[str], *, env: dict[str, str] | None = None,
        timeout: float | None = None) -> PgbenchResult:
    """Run pgbench with `args` (plus -n, -l, -r) against `url`; raise if it exits with an error.

    Clients that hit an error pgbench does not retry are aborted by pgbench: that is reported as a
    failure here (exit status 2), with pgbench's output, instead of a silently shorter run.
    """
    with tempfile.TemporaryDirectory(prefix="dbtool-pgbench-") as tmp:
        prefix = Path(tmp) / "tx"
        command = [binary, "-n", "-l", f"--log-prefix={prefix}", "-r", *args, url]
        process_env = {**os.environ, **(env or {})}
        result = subprocess.run(command, capture_output=True, text=True, check=False, env=process_env,
                                timeout=timeout)
        output = result.stdout + result.stderr
        if result.returncode != 0:
            raise DbtoolError(f"pgbench exited with {result.returncode}:\n{output.strip()[-3000:]}")
        lines: list[str] = []
        for log in sorted(Path(tmp).glob("tx.*")):
            lines += log.read_text().splitlines()
    latencies, failed = read_log(lines)
    match = _TPS.search(result.stdout)
    if match is None:
        raise DbtoolError(f"pgbench printed no tps line:\n{output.strip()[-3000:]}")
    return PgbenchResult(float(match.group(1)), len(latencies), failed, latencies,
                         parse_per_command(result.stdout), output)
