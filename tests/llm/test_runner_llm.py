"""End to end through the job runner: spawned worker processes get the LLM config and ask the fake server."""

from __future__ import annotations

import asyncio
import datetime as dt

from bot.bootstrap import work_config
from core.chat import JobEvent, Upload
from core.runner import JobRunner
from core.work import init_worker, read_and_extract
from storage.blobs import FileBlobStore
from storage.db import make_engine
from storage.llm_store import SqlLlmLedger
from storage.queues import MemoryJobQueue
from storage.sql import SqlStore
from tests.docgen import invoice_pdf


async def test_a_chat_upload_gets_the_second_opinion_in_a_worker_process(settings, chat):
    s = settings.model_copy(update={"groq_api_key": "gsk-e2e", "groq_base_url": chat.url, "workers": 1})
    chat.reply({"vendor_name": "Acme Supplies Ltd", "vendor_address": "5 Main Street, Springfield"}, 640, 25)
    store = SqlStore(make_engine(s.database_url))
    done: asyncio.Queue[JobEvent] = asyncio.Queue()

    async def on_event(ev: JobEvent) -> None:
        if ev.stage in ("done", "failed"):
            await done.put(ev)

    runner = JobRunner(store, FileBlobStore(s.data_dir), MemoryJobQueue(), on_event, work=read_and_extract,
                       init=init_worker, config=work_config(s), workers=1, timeout=120, retries=0)
    async with runner:
        ticket = await runner.submit(Upload("chat:42", "test", invoice_pdf("en"), "invoice.pdf"))
        ev = await done.get()
    assert ev.stage == "done"
    result = store.get_job(ticket.job_id).result
    assert result["llm"]["status"] == "answered"
    vendor = result["extraction"]["fields"]["vendor_name"]  # the rules' flagged reading, confirmed by the tier
    assert "vendor_name" in result["llm"]["accepted"] and not vendor["flagged"]
    assert len(chat.requests) == 1
    today = dt.datetime.now(dt.UTC).date().isoformat()
    assert SqlLlmLedger.from_url(s.database_url).tokens_used(today, "chat:42") == 665
