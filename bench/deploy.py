"""Deployment: `dbtool apply` from an empty database to head, and `dbtool demo`
on a fresh state directory (new embedded server: initdb, start, deploy, and
whatever else the demo does)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from dbtool import deploy
from dbtool import migrations as migration_files
from dbtool.bench import BenchContext, Figure, describe
from dbtool.render import Renderer

TITLE = "Deployment"
ORDER = 10
NOTES = [
    "ICD-10-CM (98,186 codes) is COPYed from gzipped CSV; its foreign keys are added after the load "
    "(migration 0004): checking them row by row during COPY made the whole deploy take 6.2 s instead of 0.8 s.",
]


def _apply_once(ctx: BenchContext) -> float:
    import time

    with ctx.scratch_database("bench_apply") as url:
        started = time.perf_counter()
        deploy.apply(ctx.project, url, out=lambda _line: None)
        return time.perf_counter() - started


def _demo_once(root: Path) -> float:
    import time

    state = Path(tempfile.mkdtemp(prefix="dbtool-bench-demo-"))
    env = {**os.environ, "DBTOOL_HOME": str(state), "DBTOOL_PORT": "0"}
    env.pop("DATABASE_URL", None)
    try:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "dbtool", "demo"], cwd=root, env=env, check=True, capture_output=True)
        return time.perf_counter() - started
    finally:
        subprocess.run([sys.executable, "-m", "dbtool", "server", "stop"], cwd=root, env=env, capture_output=True)
        shutil.rmtree(state, ignore_errors=True)


def run(ctx: BenchContext) -> list[Figure]:
    migrations = len(migration_files.load(ctx.project.migrations_dir))
    objects = len(Renderer(ctx.project.sql_dir).render_all())
    size = f"{migrations} migrations, {objects} object files"
    applies = [_apply_once(ctx) for _ in range(ctx.sizes["runs"])]
    demo = _demo_once(ctx.project.root)
    return [
        Figure("`dbtool apply`, empty database to head", size, describe(applies), "< 5 s"),
        Figure("`dbtool demo` on a fresh state directory (initdb, start, everything)", size, f"{demo:.1f} s", "< 60 s"),
    ]
