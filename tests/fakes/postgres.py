"""A real Postgres for tests: TEST_DATABASE_URL when set, else a throw-away server started from the
Debian binaries (/usr/lib/postgresql/<version>/bin) on a free loopback port. Every test gets a fresh
database of its own."""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

START_TIMEOUT = 60  # seconds for initdb, and for pg_ctl start
STOP_TIMEOUT = 20


def _bindir() -> Path | None:
    found = glob.glob("/usr/lib/postgresql/*/bin/initdb")
    found.sort(key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _conninfo(url: str) -> str:
    """A SQLAlchemy URL (postgresql+psycopg://...) as libpq connection string."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class ThrowawayPostgres:
    """initdb + pg_ctl in a temporary directory, as the postgres user when running as root."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="invoicebot-pg-"))  # under /tmp: the postgres user can reach it
        self.data = self.root / "data"
        self.port = _free_port()
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.root, user="postgres", group="postgres")
            self.prefix = ["runuser", "-u", "postgres", "--"]

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str, timeout: float) -> None:
        done = subprocess.run([*self.prefix, *args], capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{' '.join(args[:2])} failed ({done.returncode}): {done.stderr.strip()}\n{tail}")

    def start(self) -> None:
        self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
                  "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions", timeout=START_TIMEOUT)
        options = f"-p {self.port} -c fsync=off -c listen_addresses=127.0.0.1 -k {self.root}"
        self._run(str(self.bindir / "pg_ctl"), "start", "-D", str(self.data), "-l", str(self.root / "server.log"),
                  "-w", "-t", str(START_TIMEOUT), "-o", options, timeout=START_TIMEOUT + 10)

    def stop(self) -> None:
        try:
            self._run(str(self.bindir / "pg_ctl"), "stop", "-D", str(self.data), "-m", "immediate", "-w",
                      "-t", str(STOP_TIMEOUT), timeout=STOP_TIMEOUT + 10)
        except (subprocess.TimeoutExpired, RuntimeError):
            self._kill()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def _kill(self) -> None:
        """The postmaster that this fixture started, by the pid in its pid file."""
        pidfile = self.data / "postmaster.pid"
        if pidfile.exists():
            try:
                os.kill(int(pidfile.read_text().split()[0]), signal.SIGKILL)
            except (ValueError, ProcessLookupError, PermissionError):
                pass


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a Postgres database through which test databases are created."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        yield url
        return
    bindir = _bindir()
    if bindir is None:
        pytest.skip("no Postgres: set TEST_DATABASE_URL or install the postgresql package "
                    "(looked for /usr/lib/postgresql/*/bin/initdb)")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        pytest.skip("running as root without runuser: cannot start Postgres as the postgres user")
    server = ThrowawayPostgres(bindir)
    try:
        server.start()
        yield server.url
    finally:
        server.stop()


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh, empty database for this test (dropped afterwards)."""
    name = f"invoicebot_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_conninfo(postgres_server), autocommit=True, connect_timeout=10) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield make_url(postgres_server).set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(_conninfo(postgres_server), autocommit=True, connect_timeout=10) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
