"""Helpers for the tests that kill `invoicebot run` mid-batch: start and kill it, and tell when every
upload was answered and became a job that is no longer being read."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from core.chat import JOB_STATES
from storage.sql import SqlStore

ROOT = Path(__file__).resolve().parents[2]
UPLOADS = 8


def answered(texts: list[str]) -> set[str]:
    """The uploads (file names invoice-<i>.pdf) acknowledged."""
    names = {f"invoice-{i}.pdf" for i in range(UPLOADS)}
    return {n for n in names if any(t.startswith(f"Got it: {n}.") for t in texts)}


def settled(texts: list[str], store: SqlStore, tenant: str) -> bool:
    """Every upload answered, each a job, none of them still being read."""
    jobs = store.jobs(tenant, JOB_STATES)
    return len(answered(texts)) == UPLOADS and len(jobs) == UPLOADS and not any(
        j.state in ("queued", "running") for j in jobs)


async def start(env: dict) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "run", cwd=ROOT, env=env,
                                                stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
                                                stderr=asyncio.subprocess.DEVNULL, start_new_session=True)


async def kill(proc: asyncio.subprocess.Process) -> None:
    os.killpg(proc.pid, signal.SIGKILL)  # the bot and its worker processes, at once
    await proc.wait()
