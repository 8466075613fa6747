"""Runner figures: 200 documents submitted at once; acknowledgement time, throughput, peak memory."""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path

from core.chat import JobEvent, Upload
from core.runner import JobRunner
from core.work import init_worker, read_and_extract
from storage.blobs import FileBlobStore
from storage.db import make_engine
from storage.queues import MemoryJobQueue
from storage.sql import SqlStore

from .bootstrap import work_config
from .settings import Settings

SUBMISSIONS = 200


def run_runner_bench(settings: Settings, docs: list[Path], submissions: int = SUBMISSIONS,
                     worker_counts: tuple[int, ...] = (1, 2)) -> dict:
    """Print and return {"ack_ms_p50", "ack_ms_p99", "docs_per_min": {workers: n}, "peak_mb", ...}."""
    if not docs:
        raise ValueError("no documents to measure with")
    blobs = [d.read_bytes() for d in docs]
    figures: dict = {"documents": submissions, "distinct_files": len(blobs), "docs_per_min": {}, "failed": {}}
    acks: list[float] = []
    peak = 0.0
    for workers in worker_counts:
        with tempfile.TemporaryDirectory(prefix="invoicebot-bench-") as tmp:
            run_settings = settings.model_copy(update={"database_url": f"sqlite:///{tmp}/bench.db",
                                                       "data_dir": tmp, "workers": workers})
            with _PeakRss() as rss:
                ack, rate, failed = asyncio.run(_one(run_settings, blobs, submissions))
            peak = max(peak, rss.peak_mb)
        acks += ack
        figures["docs_per_min"][workers] = round(rate, 1)
        figures["failed"][workers] = failed
        print(f"runner bench: {workers} worker(s): {rate:.0f} documents/min, ack p50 "
              f"{_pct(ack, 50):.1f} ms, p99 {_pct(ack, 99):.1f} ms, peak RSS {rss.peak_mb:.0f} MB, "
              f"{failed} failed", flush=True)
    figures.update(ack_ms_p50=round(_pct(acks, 50), 2), ack_ms_p99=round(_pct(acks, 99), 2),
                   peak_mb=round(peak, 1))
    print(f"runner bench: {submissions} documents at once: ack p50 {figures['ack_ms_p50']} ms "
          f"(goal p99 < 100 ms: {figures['ack_ms_p99']} ms); throughput "
          + ", ".join(f"{w} worker(s) {r}/min" for w, r in figures["docs_per_min"].items())
          + f" (goal >= 1000/min with 2); peak memory {figures['peak_mb']} MB (goal < 500 MB)", flush=True)
    return figures


async def _one(settings: Settings, blobs: list[bytes], submissions: int) -> tuple[list[float], float, int]:
    store = SqlStore(make_engine(settings.database_url))
    finished: dict[str, str] = {}
    all_done = asyncio.Event()
    expected = [submissions + 1]

    async def on_event(ev: JobEvent) -> None:
        if ev.stage in ("done", "failed"):
            finished[ev.job_id] = ev.stage
            if len(finished) >= expected[0]:
                all_done.set()

    runner = JobRunner(store, FileBlobStore(settings.data_dir), MemoryJobQueue(), on_event, work=read_and_extract,
                       init=init_worker, config=work_config(settings), workers=settings.workers,
                       timeout=settings.job_timeout, retries=settings.job_retries)
    async with runner:
        # warm-up: start the worker processes before measuring
        for _ in range(settings.workers):
            await runner.submit(Upload("bench:warmup", "bench", blobs[0] + os.urandom(8), "warmup.pdf"))
        expected[0] = settings.workers
        await runner.drain()
        finished.clear()
        all_done.clear()
        expected[0] = submissions
        acks = []
        start = time.perf_counter()
        for i in range(submissions):
            up = Upload(f"bench:{i}", "bench", blobs[i % len(blobs)], f"doc{i}.pdf")  # one chat each: no cache hits
            t0 = time.perf_counter()
            await runner.submit(up)
            acks.append((time.perf_counter() - t0) * 1000)
        await all_done.wait()
        elapsed = time.perf_counter() - start
    return acks, submissions / elapsed * 60, sum(1 for s in finished.values() if s == "failed")


def _pct(values: list[float], p: int) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


class _PeakRss:
    """Samples the resident memory of this process and all its descendants (worker processes, tesseract)."""

    def __enter__(self) -> _PeakRss:
        self.peak_mb, self._stop = 0.0, threading.Event()
        self._thread = threading.Thread(target=self._sample, name="rss", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.wait(0.05):
            self.peak_mb = max(self.peak_mb, sum(_rss_kb(p) for p in _tree(os.getpid())) / 1024)


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                todo += [int(c) for c in Path(f"/proc/{p}/task/{task}/children").read_text().split()]
        except OSError:
            continue
    return out


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
