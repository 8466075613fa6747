"""`invoicebot run` serving Slack, killed (SIGKILL) after answering a burst of file_share events and
started again: every upload is answered with exactly one summary; none is lost, none handled twice."""

from __future__ import annotations

import asyncio
import json
import os
from collections import Counter

import aiohttp

from storage.db import make_engine
from storage.sql import SqlStore
from tests.channels.restart_kit import (
    ROOT,
    UPLOADS,
    assert_each_upload_once,
    kill,
    kill_twice_then_settle,
    start,
)
from tests.channels.slack_kit import DM, SECRET, TOKEN, Slack, file_share
from tests.docgen import invoice_pdf
from tests.fakes.redis_server import free_port
from tests.fakes.slack_api import TEAM, FakeSlackApi
from tests.load.bench_scale import ready


def summaries(api: FakeSlackApi) -> Counter:
    """Summaries (messages with the review's buttons) per job."""
    out: Counter = Counter()
    for c in api.posts():
        body = c.params.get("blocks")
        body = json.loads(body) if isinstance(body, str) else body or []
        out.update({e["value"] for b in body if b["type"] == "actions" for e in b["elements"] if e.get("value")})
    return out


def texts(api: FakeSlackApi) -> list[str]:
    return [c.params.get("text", "") for c in api.posts()]


async def test_events_answered_before_a_kill_are_each_handled_once_after_restarts(tmp_path):
    api = await FakeSlackApi(TOKEN).start()
    port = free_port()
    db = f"sqlite:///{tmp_path}/data/invoicebot.db"
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "SLACK_", "IMAP_"))},
           "SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": f"{api.url}/api",
           "WEB_HOST": "127.0.0.1", "WEB_PORT": str(port), "DATA_DIR": str(tmp_path / "data"),
           "DATABASE_URL": db, "WORKERS": "1", "OCR_LANGUAGES": "eng", "PYTHONPATH": str(ROOT)}
    store = SqlStore(make_engine(db, upgrade=False))  # the bot creates the tables
    proc = await start(env)
    try:
        async with aiohttp.ClientSession() as http:
            await ready(port)
            slack = Slack(None, f"http://127.0.0.1:{port}", http, api.url)
            pdf = invoice_pdf("en")  # the same invoice again and again: once read, each is answered from the cache
            assert (await slack.event(file_share([api.add_file("invoice-0.pdf", pdf)], DM)))[0] == 200
            await api.wait(lambda a: summaries(a), "the first summary")
            burst = [file_share([api.add_file(f"invoice-{i}.pdf", pdf)], DM) for i in range(1, UPLOADS)]
            answered = await asyncio.gather(*(slack.event(e) for e in burst))
            assert [status for status, _ in answered] == [200] * len(burst)
            await kill_twice_then_settle(api, proc, env, summaries, texts, store, f"slack:{TEAM}:{DM}", "slack")
    finally:
        if proc.returncode is None:
            await kill(proc)
        await api.close()
    assert_each_upload_once(store, f"slack:{TEAM}:{DM}", summaries(api), "slack")
