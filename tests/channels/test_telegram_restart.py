"""`invoicebot run` polling Telegram, killed (SIGKILL) in the middle of a batch of uploads and started again:
every upload is answered with exactly one summary; none is lost with the killed process, none handled twice."""

from __future__ import annotations

import os
from collections import Counter

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
from tests.channels.telegram_kit import CHAT, TOKEN, document
from tests.docgen import invoice_pdf
from tests.fakes.telegram_api import FakeBotApi


def summaries(api: FakeBotApi) -> Counter:
    """Summaries (messages with the review's buttons) per job."""
    out: Counter = Counter()
    for c in api.of("sendMessage"):
        rows = (c.params.get("reply_markup") or {}).get("inline_keyboard") or []
        jobs = {b["callback_data"].partition("|")[2] for row in rows for b in row if "callback_data" in b}
        out.update(jobs)
    return out


def texts(api: FakeBotApi) -> list[str]:
    return [c.params.get("text", "") for c in api.of("sendMessage")]


async def test_polled_uploads_survive_kills_mid_batch_each_answered_once(tmp_path):
    api = await FakeBotApi().start()
    db = f"sqlite:///{tmp_path}/data/invoicebot.db"
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "SLACK_", "IMAP_"))},
           "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": api.url, "DATA_DIR": str(tmp_path / "data"),
           "DATABASE_URL": db, "WORKERS": "1", "OCR_LANGUAGES": "eng", "PYTHONPATH": str(ROOT)}
    store = SqlStore(make_engine(db, upgrade=False))  # the bot creates the tables
    proc = await start(env)
    try:
        await api.wait(lambda a: a.of("deleteWebhook"), "polling to start")
        pdf = invoice_pdf("en")  # the same invoice again and again: once read, each is answered from the cache
        api.push(document(api, pdf, "invoice-0.pdf", "application/pdf"))
        await api.wait(lambda a: summaries(a), "the first summary")
        for i in range(1, UPLOADS):  # one batch of getUpdates, one chat: handled one after another
            api.push(document(api, pdf, f"invoice-{i}.pdf", "application/pdf"))
        await kill_twice_then_settle(api, proc, env, summaries, texts, store, f"telegram:{CHAT}", "telegram")
    finally:
        if proc.returncode is None:
            await kill(proc)
        await api.close()
    assert_each_upload_once(store, f"telegram:{CHAT}", summaries(api), "telegram")
