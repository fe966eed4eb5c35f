"""The benchmark runner's plumbing (no timing is asserted anywhere)."""

from __future__ import annotations

from conftest import SERVER_URL

from dbtool import bench
from dbtool.config import Project


def test_runner_collects_figures_and_writes_markdown(project_copy: Project) -> None:
    (project_copy.root / "bench").mkdir()
    (project_copy.root / "bench" / "probe.py").write_text(
        "from dbtool.bench import Figure\nTITLE = 'Probe'\n"
        "def run(ctx):\n"
        "    with ctx.scratch_database('bench_probe') as url:\n"
        "        import psycopg\n"
        "        with psycopg.connect(url) as conn:\n"
        "            n = conn.execute('select count(*) from generate_series(1, 42)').fetchone()[0]\n"
        "    return [Figure('rows counted', '42 rows', str(n), 'exactly 42')]\n"
    )
    (project_copy.root / "bench" / "helper_without_run.py").write_text("X = 1\n")
    lines: list[str] = []
    sections = bench.run_all(project_copy, SERVER_URL, "small", None, lines.append)
    assert [s.title for s in sections] == ["Probe"]
    assert sections[0].figures[0].result == "42"
    text = bench.markdown(sections, "small", SERVER_URL)
    assert "## Probe" in text
    assert "| rows counted | 42 rows | 42 | exactly 42 |" in text
    assert "dbtool bench --scale small --only probe" in text
