"""Readiness checks for /readyz: small async callables that return when a dependency answers and raise
when it does not. A process lists the ones it depends on (a Redis queue adds its PING)."""

from __future__ import annotations

import asyncio
import logging
import shutil
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Protocol

log = logging.getLogger(__name__)

Check = Callable[[], Awaitable[None]]
CHECK_TIMEOUT = 5.0  # seconds one check may take before it counts as failed


class CheckFailed(Exception):
    """A check's own failure; its text is ours (no host, path or secret) and is shown in /readyz."""


class Pingable(Protocol):
    def ping(self) -> None: ...


class Sized(Protocol):
    def qsize(self) -> int: ...


def database_check(store: Pingable) -> Check:
    """SELECT 1 on the store's engine, off the event loop."""

    async def check() -> None:
        await asyncio.to_thread(store.ping)

    return check


def queue_check(queue: Sized) -> Check:
    """The in-process queue answers whenever the process does; a queue on a server replaces this check."""

    async def check() -> None:
        queue.qsize()

    return check


class OcrCheck:
    """tesseract is installed and runs (`tesseract --version`); the answer is kept for `ttl` seconds."""

    def __init__(self, binary: str = "tesseract", ttl: float = 60.0, timeout: float = 10.0) -> None:
        self.binary, self.ttl, self.timeout = binary, ttl, timeout
        self._checked_at: float | None = None
        self._error: str | None = None
        self._lock = asyncio.Lock()

    async def __call__(self) -> None:
        async with self._lock:
            now = time.monotonic()
            if self._checked_at is None or now - self._checked_at >= self.ttl:
                self._error = await self._probe()
                self._checked_at = time.monotonic()
        if self._error is not None:
            raise CheckFailed(self._error)

    async def _probe(self) -> str | None:
        path = shutil.which(self.binary)
        if path is None:
            return f"{self.binary} is not installed"
        try:
            proc = await asyncio.create_subprocess_exec(path, "--version", stdout=asyncio.subprocess.DEVNULL,
                                                        stderr=asyncio.subprocess.DEVNULL)
        except OSError as exc:
            return f"{self.binary} does not start ({exc.strerror or type(exc).__name__})"
        try:
            async with asyncio.timeout(self.timeout):
                code = await proc.wait()
        except TimeoutError:
            proc.kill()
            await proc.wait()
            return f"{self.binary} --version took longer than {self.timeout:g} s"
        return None if code == 0 else f"{self.binary} --version exited with {code}"


async def run_checks(checks: Mapping[str, Check], timeout: float = CHECK_TIMEOUT) -> tuple[bool, dict[str, dict]]:
    """Every check at once; (all passed, {name: {"ok": bool, "error": kind}}). Details go to the log only:
    an error's text may name a host or a path the HTTP answer should not show."""

    async def one(name: str, check: Check) -> tuple[str, dict]:
        try:
            async with asyncio.timeout(timeout):
                await check()
        except TimeoutError:
            log.warning("readiness check timed out", extra={"data": {"check": name, "seconds": timeout}})
            return name, {"ok": False, "error": "timeout"}
        except Exception as exc:
            log.warning("readiness check failed", extra={"data": {"check": name, "error": str(exc)[:300]}})
            return name, {"ok": False, "error": str(exc) if isinstance(exc, CheckFailed) else type(exc).__name__}
        return name, {"ok": True}

    results = dict(await asyncio.gather(*(one(n, c) for n, c in checks.items())))
    return all(r["ok"] for r in results.values()), results
