"""The benchmark runner's plumbing (no timing is asserted anywhere)."""

from __future__ import annotations

import math
from pathlib import Path
from types import ModuleType

import psycopg
import pytest
from conftest import PROJECT, SERVER_URL

from dbtool import bench, pgbench, seed
from dbtool.config import Project
from dbtool.errors import DbtoolError
from dbtool.server import BIN_DIR


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


# --- pgbench plumbing -------------------------------------------------------------------------------------------

def load_bench_module(name: str) -> ModuleType:
    """A bench/NAME.py module, loaded the way `dbtool bench` loads it."""
    return next(m for m in bench.discover(PROJECT) if bench.module_name(m) == name)


def test_percentile_is_nearest_rank_over_completed_transactions() -> None:
    # pgbench -l lines: client_id transaction_no time script_no time_epoch time_us
    lines = [f"0 {i} {us} 0 1763900000 {i}" for i, us in enumerate(range(1000, 21000, 1000))]  # 1..20 ms
    lines += ["1 0 failed 0 1763900001 5", "1 1 skipped 0 1763900001 6", "1 2 serialization 0 1763900001 7"]
    latencies, failed = pgbench.read_log(lines)
    assert latencies == [float(ms) for ms in range(1, 21)]
    assert failed == 2  # "skipped" (rate limit) is not a failure
    assert pgbench.percentile(latencies, 95) == 19.0  # rank ceil(0.95 * 20) = 19
    assert pgbench.percentile(latencies, 50) == 10.0
    assert pgbench.percentile(latencies, 100) == 20.0
    assert math.isnan(pgbench.percentile([], 95))


def test_pgbench_run_reads_tps_log_and_per_command_latencies(db_url: str, tmp_path: Path) -> None:
    script = tmp_path / "count.pgbench"
    script.write_text("\\set n random(1, 10)\nselect count(*) from generate_series(1, :n);\n")
    binary = str(BIN_DIR / "pgbench")
    result = pgbench.run(binary, db_url, ["-f", str(script), "-c", "2", "-t", "25"])
    assert result.transactions == 50 and result.failed == 0
    assert result.tps > 0
    assert result.latencies_ms[0] <= result.p95_ms <= result.latencies_ms[-1]
    commands = [command for _ms, command in result.per_command]
    assert commands == ["\\set n random(1, 10)", "select count(*) from generate_series(1, :n);"]


def test_pgbench_run_raises_with_pgbench_output_when_a_client_aborts(db_url: str, tmp_path: Path) -> None:
    script = tmp_path / "broken.pgbench"
    script.write_text("select 1 / 0;\n")
    with pytest.raises(DbtoolError, match="division by zero"):
        pgbench.run(str(BIN_DIR / "pgbench"), db_url, ["-f", str(script), "-t", "1"])


# --- pg_stat_statements ----------------------------------------------------------------------------------------

def test_slowest_statements_of_one_database_since_reset(db_url: str) -> None:
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("select count(*) from clinic.department")
    bench.reset_statements(db_url)
    with psycopg.connect(db_url, autocommit=True) as conn:
        for _ in range(3):
            conn.execute("select count(*) from clinic.patient")
        conn.execute("call clinic.register_patient('Ada', 'Lovelace', date '1985-12-10', 'female')")
    statements = bench.slowest_statements(db_url, top=50)
    by_query = {s.query: s for s in statements}
    assert by_query["select count(*) from clinic.patient"].calls == 3
    assert not any("clinic.department" in q for q in by_query)  # reset before it
    insert = next(s for s in statements if s.query.lstrip().startswith("insert into clinic.patient"))
    assert not insert.toplevel  # nested inside the procedure (pg_stat_statements.track = all)
    note = bench.statements_note("probe", statements)
    assert "| `select count(*) from clinic.patient` | 3 |" in note
    assert "(nested)" in note


def test_shorten_query_is_one_escaped_line() -> None:
    assert bench.shorten_query("select a\n  from  b where x = 'a|b'", width=90) == "select a from b where x = 'a\\|b'"
    assert bench.shorten_query("x" * 100, width=10) == "x" * 9 + "…"


# --- growth ------------------------------------------------------------------------------------------------------

def test_growth_runs_only_size_dependent_modules_twice_and_tabulates_ratios(project_copy: Project,
                                                                            tmp_path: Path) -> None:
    (project_copy.root / "bench").mkdir()
    calls = tmp_path / "calls.txt"
    (project_copy.root / "bench" / "sized.py").write_text(
        "from dbtool.bench import Figure\nTITLE = 'Sized'\nGROWTH = True\n"
        "def run(ctx):\n"
        f"    open({str(calls)!r}, 'a').write('sized ' + str(ctx.patients) + '\\n')\n"
        "    ctx.note('patients ' + str(ctx.patients))\n"
        "    return [Figure('time per patient', f'{ctx.patients:,} patients', 'x', value=ctx.patients / 1000,"
        " unit='s'),\n"
        "            Figure('untracked', 'n/a', 'y')]\n"
    )
    (project_copy.root / "bench" / "fixed.py").write_text(
        "from dbtool.bench import Figure\nTITLE = 'Fixed'\n"
        "def run(ctx):\n"
        f"    open({str(calls)!r}, 'a').write('fixed\\n')\n"
        "    return [Figure('constant', 'n/a', '1', value=1.0)]\n"
    )
    sections = bench.run_all(project_copy, SERVER_URL, "small", None, lambda _line: None, growth=True)
    assert sorted(calls.read_text().splitlines()) == ["fixed", "sized 2000", "sized 20000"]
    assert [s.title for s in sections] == ["Fixed", "Sized", "Growth"]
    assert sections[1].notes == ["patients 2000"]  # the main run's notes, not the partner run's
    [row] = sections[2].growth
    assert (row.size_a, row.value_a, row.size_b, row.value_b) == ("2,000 patients", 2.0, "20,000 patients", 20.0)
    assert row.ratio == 10.0
    text = bench.markdown(sections, "small", SERVER_URL)
    assert "## Growth" in text
    assert "| Sized | time per patient | 2,000 patients | 2.00 s | 20,000 patients | 20.00 s | 10.00 |" in text


def test_scales_carry_the_shared_patient_counts() -> None:
    assert {scale: sizes["patients"] for scale, sizes in bench.SCALES.items()} == {
        "small": 2_000, "medium": 20_000, "large": 100_000}
    assert all(bench.SCALES[p]["patients"] != bench.SCALES[s]["patients"] for s, p in bench.GROWTH_PARTNER.items())


# --- the OLTP scripts against a tiny seeded database ----------------------------------------------------------

def seed_tiny(conn: psycopg.Connection) -> None:
    seed.run(conn, seed.SeedPlan(60, 1, 1, seed.first_of_current_month()), out=lambda _line: None)


@pytest.mark.slow
def test_oltp_scripts_walk_whole_visits_through_the_procedures(conn: psycopg.Connection, db_url: str) -> None:
    oltp = load_bench_module("oltp_mix")
    seed_tiny(conn)
    setup = oltp.prepare(conn, 2)
    binary = str(BIN_DIR / "pgbench")
    before = oltp.row_counts(conn)
    # 18 transactions per client = exactly two visits of 9 steps each, for each of 2 clients
    visits = oltp.run_mix(binary, db_url, setup, 0, 2, 0, ["oltp_visit.pgbench"], transactions=18)
    assert (visits.transactions, visits.failed) == (36, 0)
    after = oltp.row_counts(conn)
    added = {table: after[table] - before[table] for table in before}
    assert added == {"clinic.patient": 0, "clinic.appointment": 4, "clinic.encounter": 4, "clinic.diagnosis": 4,
                     "clinic.treatment_given": 4, "clinic.prescription": 4, "billing.payment": 4,
                     "pharmacy.dispensing": 4}
    # every visit went all the way: completed, invoice paid, prescription dispensed
    rows = conn.execute(
        """select a.status, e.status, i.status, p.status
             from clinic.appointment a join clinic.encounter e using (appointment_id)
             join billing.invoice i on i.encounter_id = e.encounter_id
             join clinic.prescription p on p.encounter_id = e.encounter_id
            where a.reason = 'benchmark visit'"""
    ).fetchall()
    assert rows == [("completed", "completed", "paid", "dispensed")] * 4
    registered = oltp.run_mix(binary, db_url, setup, 1, 2, 0, ["oltp_register.pgbench"], transactions=3)
    booked = oltp.run_mix(binary, db_url, setup, 2, 2, 0, ["oltp_schedule.pgbench"], transactions=30)
    assert (registered.failed, booked.failed) == (0, 0)
    final = oltp.row_counts(conn)
    assert final["clinic.patient"] - after["clinic.patient"] == 6
    assert final["clinic.appointment"] - after["clinic.appointment"] == 60
    assert oltp.double_bookings(conn) == 0


@pytest.mark.slow
def test_calendar_hammer_refuses_overlaps_and_leaves_no_double_booking(conn: psycopg.Connection,
                                                                       db_url: str) -> None:
    hammer = load_bench_module("calendar_hammer")
    seed_tiny(conn)
    target = hammer.choose_target(conn)
    target.days = 1  # one working day: at most 27 bookings fit, so any attempt beyond those is refused
    tally = hammer.hammer(db_url, target, 4, 1.0)
    attempts = sum(tally.outcomes.values())
    assert attempts > 27
    assert set(tally.outcomes) <= {"booked", "refused: doctor", "refused: appointment_patient_no_overlap"}
    assert tally.outcomes["refused: doctor"] >= attempts - 27
    booked, overlaps = hammer.verify(conn, target)
    assert booked == tally.outcomes["booked"] == len(set(tally.booked_ids))
    assert 1 <= booked <= 27
    assert overlaps == 0
