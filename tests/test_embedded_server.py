"""The embedded server (`dbtool server start`) is sized to the machine: shared_buffers and wal_buffers from
dbtool.server.memory_settings, not PostgreSQL's defaults (128MB / 16MB) nor the 512MB it had before."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from dbtool import server as server_module
from dbtool.config import Project
from dbtool.server import SHARED_BUFFERS_CAP_MB, WAL_BUFFERS_CAP_MB, EmbeddedServer, memory_settings

ROOT = Path(__file__).resolve().parent.parent


def megabytes(setting: str) -> int:
    """'2048MB' (as memory_settings writes it) -> 2048."""
    return int(setting.strip("'").removesuffix("MB"))


@pytest.fixture
def private_server(tmp_path, monkeypatch):
    monkeypatch.setenv("DBTOOL_PORT", "0")  # any free port: the project's own server may be running
    server = EmbeddedServer(Project(ROOT), state_dir=tmp_path / "state")
    info = server.start()
    try:
        yield info
    finally:
        server.stop()


def test_a_new_embedded_server_gets_the_memory_sizes_of_this_machine(private_server):
    wanted = memory_settings()
    with psycopg.connect(private_server.url("postgres")) as conn:
        got = dict(
            conn.execute(
                """select name, (setting::bigint * 8192 / 1048576)::int from pg_settings
                    where name in ('shared_buffers', 'wal_buffers') and unit = '8kB'"""
            ).fetchall()
        )
        sources = dict(
            conn.execute("select name, source from pg_settings where name in ('shared_buffers', 'wal_buffers')")
        )
    assert got == {"shared_buffers": megabytes(wanted["shared_buffers"]), "wal_buffers": megabytes(wanted["wal_buffers"])}
    assert sources == {"shared_buffers": "configuration file", "wal_buffers": "configuration file"}
    # within the caps, and a quarter of the memory at most: this machine has room for the caps or close to them
    assert 128 <= got["shared_buffers"] <= SHARED_BUFFERS_CAP_MB
    assert 16 <= got["wal_buffers"] <= WAL_BUFFERS_CAP_MB


def test_a_container_memory_limit_below_the_machines_sizes_the_server_to_the_limit(tmp_path, monkeypatch):
    # a cgroup v2 limit of 1 GiB (the file a container sees at /sys/fs/cgroup/memory.max), and a v1 file saying
    # "no limit": a quarter of 1 GiB is 256MB, an eighth of that 32MB
    limit_v2 = tmp_path / "memory.max"
    limit_v2.write_text("1073741824\n")
    no_limit_v1 = tmp_path / "memory.limit_in_bytes"
    no_limit_v1.write_text("9223372036854771712\n")
    monkeypatch.setattr(server_module, "CGROUP_MEMORY_LIMITS", (limit_v2, no_limit_v1))
    monkeypatch.setenv("DBTOOL_PORT", "0")
    server = EmbeddedServer(Project(ROOT), state_dir=tmp_path / "state")
    info = server.start()
    try:
        with psycopg.connect(info.url("postgres")) as conn:
            got = dict(
                conn.execute(
                    """select name, (setting::bigint * 8192 / 1048576)::int from pg_settings
                        where name in ('shared_buffers', 'wal_buffers')"""
                ).fetchall()
            )
    finally:
        server.stop()
    assert got == {"shared_buffers": 256, "wal_buffers": 32}
