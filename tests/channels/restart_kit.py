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


async def kill_twice_then_settle(api, proc: asyncio.subprocess.Process, env: dict, summaries, texts,
                                 store: SqlStore, tenant: str, channel: str) -> None:
    """Kill the bot after the second and the fourth summary, start it again each time, wait until every
    upload is settled and its inbox entry done, then stop it with SIGTERM (nothing more is sent)."""
    from storage.inbox import SqlInbox

    try:
        for seen in (2, 4):
            await api.wait(lambda a, n=seen: len(summaries(a)) >= n, f"summary {seen}")
            await kill(proc)
            assert len(set(summaries(api))) < UPLOADS, "every upload was answered before the kill: nothing tested"
            proc = await start(env)
        await api.wait(lambda a: settled(texts(a), store, tenant), "every upload answered and its job done")
        for _ in range(1200):  # the last one is marked done just after its answer (bounded: a minute)
            if not SqlInbox(store.engine).pending(channel):
                break
            await asyncio.sleep(0.05)
        proc.send_signal(signal.SIGTERM)  # a stopped bot sends nothing more: any double would be in by now
        assert await proc.wait() == 0
    finally:
        if proc.returncode is None:
            await kill(proc)


def assert_each_upload_once(store: SqlStore, tenant: str, told, channel: str) -> None:
    """One job per upload; each summary about one of them; at most one repeat per kill; the inbox empty."""
    from storage.inbox import SqlInbox

    jobs = store.jobs(tenant, JOB_STATES)
    assert sorted(j.filename for j in jobs) == [f"invoice-{i}.pdf" for i in range(UPLOADS)]
    assert set(told) <= {j.id for j in jobs}
    # a summary on its way at the kill (sent, not yet recorded as sent) is sent again: at most one per kill
    assert sum(n - 1 for n in told.values()) <= 2, told
    assert SqlInbox(store.engine).pending(channel) == []
