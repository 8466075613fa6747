"""Fixtures for the scale-out tests: a real Redis server, worker processes, the shared settings."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis

from bot.settings import Settings
from tests.conftest import ROOT
from tests.fakes.redis_server import redis_server


@pytest.fixture(scope="session")
def redis_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture
def redis_url(redis_server_url: str) -> Iterator[str]:
    client = redis.Redis.from_url(redis_server_url)
    client.flushdb()
    client.close()
    yield redis_server_url


@pytest.fixture
def shared(settings: Settings, redis_url: str) -> Settings:
    """Settings every process of one deployment shares (database, data folder, Redis)."""
    return settings.model_copy(update={"redis_url": redis_url, "workers": 1, "job_claim_seconds": 1.5,
                                       "shutdown_grace": 0})


def env_of(settings: Settings, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_", "DATA_DIR", "WORKERS"))}
    env.update(DATABASE_URL=settings.database_url, REDIS_URL=settings.redis_url or "", DATA_DIR=settings.data_dir,
               WORKERS=str(settings.workers), JOB_CLAIM_SECONDS=str(settings.job_claim_seconds),
               SHUTDOWN_GRACE=str(settings.shutdown_grace), OCR_LANGUAGES="eng", LOG_LEVEL="INFO",
               PYTHONPATH=str(ROOT))
    env.update(extra)
    return env


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[Callable[..., subprocess.Popen]]:
    """Starts `invoicebot worker` processes (with a worker-process double); all are killed at the end."""
    started: list[subprocess.Popen] = []

    def start(settings: Settings, work: str = "ok", **extra: str) -> subprocess.Popen:
        log = (tmp_path / f"worker-{len(started)}.log").open("wb")
        proc = subprocess.Popen([sys.executable, "-m", "tests.fakes.worker_main", work], cwd=ROOT,
                                env=env_of(settings, **extra), stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        proc.log_path = log.name  # type: ignore[attr-defined]
        started.append(proc)
        return proc

    yield start
    for proc in started:
        kill(proc)


def kill(proc: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    """The worker and its process pool (its process group)."""
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        pass
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)


def wait_for(check: Callable[[], object], timeout: float = 30, what: str = "condition") -> object:
    deadline = time.monotonic() + timeout
    while not (value := check()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)
    return value


async def until(check: Callable[[], object], timeout: float = 30, what: str = "condition") -> object:
    import asyncio

    deadline = time.monotonic() + timeout
    while not (value := check()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)
    return value


from tests.fakes.postgres import postgres_server, postgres_url  # noqa: E402, F401


def deployment(settings: Settings, work_fn: Callable, workers: int):
    """The app as `invoicebot web` (workers=0) or a worker builds it, with a worker-process double."""
    from bot import bootstrap
    from tests.fakes import work

    return bootstrap.build(settings, [], bootstrap.WorkSpec(work_fn, work.init), workers=workers)


@contextlib.asynccontextmanager
async def delivering(app):
    """The workers' events of `app`'s deployment, recorded (tests.core.test_runner.Events) until the block
    ends; delivery is stopped between reads, never cancelled midway through one."""
    import asyncio

    from tests.core.test_runner import Events

    seen, stop = Events(), asyncio.Event()
    task = asyncio.create_task(app.events.deliver(seen, stop))
    try:
        yield seen
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)
