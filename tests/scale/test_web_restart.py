"""`invoicebot web` killed after answering webhook calls: the updates it answered for are kept in the database
until handled, so the next start handles them; an upload handled twice is still one job."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import aiohttp

from bot.web import SECRET_HEADER
from core.chat import JOB_STATES
from storage.db import make_engine
from storage.inbox import SqlInbox
from storage.sql import SqlStore
from tests.channels.telegram_kit import TOKEN, invoice_photo, photo
from tests.conftest import ROOT
from tests.fakes.redis_server import free_port
from tests.fakes.telegram_api import FakeBotApi
from tests.load.bench_scale import ready

from .conftest import env_of, kill, until

SECRET = "restart-secret"
CHATS = [7100 + i for i in range(12)]


def summaries(api: FakeBotApi) -> dict[int, int]:
    """Summaries (the messages with buttons) per chat."""
    out: dict[int, int] = {}
    for c in api.of("sendMessage"):
        if c.params.get("reply_markup"):
            out[int(c.params["chat_id"])] = out.get(int(c.params["chat_id"]), 0) + 1
    return out


async def test_web_killed_after_answering_hands_every_upload_to_its_next_start_once(shared, workers, tmp_path):
    api = await FakeBotApi().start()
    port = free_port()
    env = env_of(shared, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_URL=api.url, TELEGRAM_WEBHOOK_SECRET=SECRET,
                 TELEGRAM_WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram", WEB_HOST="127.0.0.1", WEB_PORT=str(port))

    def web(n: int) -> subprocess.Popen:
        log = (tmp_path / f"web-{n}.log").open("wb")
        return subprocess.Popen([sys.executable, "-m", "bot", "web"], cwd=ROOT, env=env, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)

    workers(shared)
    procs = [web(1)]
    try:
        async with aiohttp.ClientSession() as http:
            await ready(port)
            picture = invoice_photo()
            updates = []
            for i, chat in enumerate(CHATS):
                update = photo(api, picture, chat=chat)
                update["update_id"] = 5000 + i
                updates.append(update)

            async def post(update: dict) -> int:
                async with http.post(f"http://127.0.0.1:{port}/telegram", json=update,
                                     headers={SECRET_HEADER: SECRET}) as r:
                    return r.status

            assert await asyncio.gather(*(post(u) for u in updates)) == [200] * len(CHATS)
            kill(procs[0])  # SIGKILL, right after the last answer
            handled_before = len(summaries(api))
            assert handled_before < len(CHATS), "every upload was handled before the kill; nothing was tested"
            # Telegram, having had no answer to one call, sends it again: still one job
            procs.append(web(2))
            await ready(port)
            assert await post(updates[-1]) == 200
            await until(lambda: len(summaries(api)) == len(CHATS), 60, "a summary in every chat")
            await asyncio.sleep(1.0)  # a second summary would arrive now
        assert summaries(api) == {chat: 1 for chat in CHATS}
        store = SqlStore(make_engine(shared.database_url))
        assert [len(store.jobs(f"telegram:{chat}", JOB_STATES)) for chat in CHATS] == [1] * len(CHATS)
        assert SqlInbox(store.engine).pending("telegram") == []  # each handled, none left behind
    finally:
        for p in procs:
            kill(p)
        await api.close()
