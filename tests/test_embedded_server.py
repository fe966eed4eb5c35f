"""The embedded server (`dbtool server start`) is sized to the machine: shared_buffers and wal_buffers from
dbtool.server.memory_settings (a quarter of the memory, or of a lower container limit, and an eighth of that),
not PostgreSQL's defaults (128MB / 16MB) nor the fixed 512MB it had before; and its WAL writer flushes every
10 ms (PostgreSQL's default 200 ms left a large warehouse refresh's COMMIT flushing ~100 MB itself)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

from dbtool import server as server_module
from dbtool.config import Project
from dbtool.server import SHARED_BUFFERS_CAP_MB, WAL_BUFFERS_CAP_MB, EmbeddedServer, memory_settings

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def private_server(state_dir: Path, monkeypatch) -> Iterator[str]:
    """A new embedded cluster in state_dir, started on any free port (the project's own server may be running);
    yields its superuser URL, stops it after."""
    monkeypatch.setenv("DBTOOL_PORT", "0")
    server = EmbeddedServer(Project(ROOT), state_dir=state_dir)
    info = server.start()
    try:
        yield info.url("postgres")
    finally:
        server.stop()


def buffer_sizes(url: str) -> dict[str, tuple[int, str]]:
    """shared_buffers and wal_buffers in MB, with where each value came from."""
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            """select name, (setting::bigint * 8192 / 1048576)::int, source from pg_settings
                where name in ('shared_buffers', 'wal_buffers') and unit = '8kB'"""
        ).fetchall()
    return {name: (megabytes, source) for name, megabytes, source in rows}


def test_a_new_embedded_server_gets_the_memory_sizes_of_this_machine(tmp_path, monkeypatch):
    wanted = {name: int(value.strip("'").removesuffix("MB")) for name, value in memory_settings().items()}
    with private_server(tmp_path / "state", monkeypatch) as url:
        got = buffer_sizes(url)
    assert got == {
        "shared_buffers": (wanted["shared_buffers"], "configuration file"),
        "wal_buffers": (wanted["wal_buffers"], "configuration file"),
    }
    assert 128 <= got["shared_buffers"][0] <= SHARED_BUFFERS_CAP_MB
    assert 16 <= got["wal_buffers"][0] <= WAL_BUFFERS_CAP_MB


def test_a_container_memory_limit_below_the_machines_sizes_the_server_to_the_limit(tmp_path, monkeypatch):
    # a cgroup v2 limit of 1 GiB (what a container reads at /sys/fs/cgroup/memory.max) and a v1 file saying
    # "no limit": a quarter of 1 GiB is 256MB, an eighth of that 32MB
    limit_v2 = tmp_path / "memory.max"
    limit_v2.write_text("1073741824\n")
    no_limit_v1 = tmp_path / "memory.limit_in_bytes"
    no_limit_v1.write_text("9223372036854771712\n")
    monkeypatch.setattr(server_module, "CGROUP_MEMORY_LIMITS", (limit_v2, no_limit_v1))
    with private_server(tmp_path / "state", monkeypatch) as url:
        got = buffer_sizes(url)
    assert got == {"shared_buffers": (256, "configuration file"), "wal_buffers": (32, "configuration file")}


def test_a_new_embedded_server_flushes_its_wal_every_10_ms(tmp_path, monkeypatch):
    with private_server(tmp_path / "state", monkeypatch) as url, psycopg.connect(url) as conn:
        setting = conn.execute(
            "select setting, unit, source from pg_settings where name = 'wal_writer_delay'"
        ).fetchone()
    assert setting == ("10", "ms", "configuration file")
