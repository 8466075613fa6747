"""Prometheus metrics on /metrics, in a registry of their own: job counts read from the job table at scrape
time (right across processes), stage and job durations, queue depth, LLM tokens and errors.

Any process can serve them: `Metrics(store, queue_depth=queue.qsize)`, wrap the runner's event sink with
`.sink(...)` where jobs run, `.count_errors(app)` on the HTTP app and `.add_to(app)` on the metrics one. Labels are channel names, job states,
stage names and error codes: never text a user sent.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
from collections.abc import Callable, Iterator

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from core.chat import JobEvent
from core.errors import InvoiceBotError
from core.ports import EventSink
from storage.llm_store import SqlLlmLedger
from storage.sql import SqlStore

log = logging.getLogger(__name__)

STAGE_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600)
JOB_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600)
_LABEL = re.compile(r"[a-z0-9_]{1,40}")


def label(value: object) -> str:
    """A label value from our own vocabulary (channel, state, stage, code); anything else becomes 'other'."""
    text = str(value or "").lower()
    return text if _LABEL.fullmatch(text) else "other"


class Metrics:
    def __init__(self, store: SqlStore, *, queue_depth: Callable[[], int] | None = None,
                 ledger: SqlLlmLedger | None = None) -> None:
        self.store, self.queue_depth, self.ledger = store, queue_depth, ledger
        self.registry = CollectorRegistry()
        self.stage_seconds = Histogram(
            "invoicebot_stage_seconds", "Seconds one stage of a job took in a worker process "
            "(read: type check, text layer and OCR; extract: fields and checks; llm: the second opinion)",
            ["stage", "source"], buckets=STAGE_BUCKETS, registry=self.registry)
        self.job_seconds = Histogram(
            "invoicebot_job_seconds", "Seconds from a file's submission to its result (queue wait included)",
            ["channel", "outcome"], buckets=JOB_BUCKETS, registry=self.registry)
        self.errors = Counter(
            "invoicebot_errors", "Errors by where they happened (job: a failed job; web: an HTTP handler) "
            "and code (the error's kind, e.g. unsupported, timeout, internal)",
            ["where", "code"], registry=self.registry)
        self.registry.register(_ReadAtScrape(self))

    # jobs -----------------------------------------------------------------------------------
    def sink(self, next_sink: EventSink) -> EventSink:
        """The runner's event sink with the finished jobs observed first."""

        async def observe_then_forward(ev: JobEvent) -> None:
            if ev.stage in ("done", "failed"):
                try:
                    self.observe(ev)
                except Exception:  # metrics must never cost a user the answer
                    log.exception("job not observed", extra={"data": {"job": ev.job_id}})
            await next_sink(ev)

        return observe_then_forward

    def observe(self, ev: JobEvent) -> None:
        if ev.stage == "failed":
            self.errors.labels("job", label(ev.code or "unknown")).inc()
        job = self.store.get_job(ev.job_id)
        if job is None or job.attempts == 0:  # a cached re-send: nothing was read
            return
        created = job.created_at if job.created_at.tzinfo else job.created_at.replace(tzinfo=dt.UTC)
        seconds = (dt.datetime.now(dt.UTC) - created).total_seconds()
        self.job_seconds.labels(label(job.channel), ev.stage).observe(max(0.0, seconds))
        result = (job.result or {}) if ev.stage == "done" else {}
        timings = result.get("timings")
        if isinstance(timings, dict):
            source = label(result.get("source"))
            for stage, took in timings.items():
                if isinstance(took, int | float):
                    self.stage_seconds.labels(label(stage), source).observe(max(0.0, float(took)))

    # HTTP -----------------------------------------------------------------------------------
    def count_errors(self, app: web.Application) -> None:
        """Errors raised in the app's handlers counted (added before the app starts)."""
        app.middlewares.append(self._count_errors)

    def add_to(self, app: web.Application) -> None:
        """GET /metrics (on a listener of its own, or a worker's port: never beside public webhooks)."""
        app.router.add_get("/metrics", self._handle)

    async def _handle(self, request: web.Request) -> web.Response:
        body = await asyncio.to_thread(generate_latest, self.registry)  # the scrape queries the database
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    @web.middleware
    async def _count_errors(self, request: web.Request, handler) -> web.StreamResponse:
        try:
            response = await handler(request)
        except web.HTTPException as exc:
            if exc.status >= 500:
                self.errors.labels("web", f"http_{exc.status}").inc()
            raise
        except InvoiceBotError as exc:
            self.errors.labels("web", label(exc.code)).inc()
            raise
        except Exception:
            self.errors.labels("web", "internal").inc()
            raise
        if response.status >= 500:
            self.errors.labels("web", f"http_{response.status}").inc()
        return response


class _ReadAtScrape(Collector):
    """What other processes change too, read when Prometheus asks: the job table, the queue, the LLM ledger."""

    def __init__(self, metrics: Metrics) -> None:
        self._m = metrics

    def collect(self) -> Iterator[Metric]:
        m = self._m
        try:
            counts = m.store.job_counts()
        except Exception:
            log.warning("job counts not read for /metrics", exc_info=True)
        else:
            jobs = GaugeMetricFamily("invoicebot_jobs", "Jobs in the job table by state and channel (every process)",
                                     labels=["state", "channel"])
            totals: dict[tuple[str, str], int] = {}
            for state, channel, n in counts:
                key = (label(state), label(channel))
                totals[key] = totals.get(key, 0) + n
            for key, n in sorted(totals.items()):
                jobs.add_metric(list(key), n)
            yield jobs
        if m.queue_depth is not None:
            yield GaugeMetricFamily("invoicebot_queue_depth", "Jobs waiting in the job queue for a worker",
                                    value=m.queue_depth())
        if m.ledger is not None:
            try:
                tokens, calls = m.ledger.totals()
                today = m.ledger.tokens_used(dt.datetime.now(dt.UTC).date().isoformat())
            except Exception:
                log.warning("LLM ledger not read for /metrics", exc_info=True)
                return
            yield CounterMetricFamily("invoicebot_llm_tokens", "LLM tokens used since the ledger began "
                                      "(every tenant and process, from the LLM ledger)", value=tokens)
            yield CounterMetricFamily("invoicebot_llm_calls", "LLM requests made since the ledger began",
                                      value=calls)
            yield GaugeMetricFamily("invoicebot_llm_tokens_today", "LLM tokens used today (UTC day), every tenant: "
                                    "what LLM_DAILY_TOKEN_BUDGET is compared with", value=today)
