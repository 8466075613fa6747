"""Load benchmark on loopback: a burst of uploads through the Telegram fake into `invoicebot web` and
`invoicebot worker` processes on a throw-away Redis server, with 1 and with 2 workers.

    python -m tests.load.bench_scale [--uploads 500] [--limit-seconds 900]   (or: make bench-scale)

Prints acknowledgement latency (p50/p99, from posting the update to the bot's first message in that
chat), time to the last summary, throughput and lost/duplicated jobs. Each upload is the sample
invoice (a born-digital PDF) in its own chat, read by the real pipeline.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from tests.fakes.redis_server import free_port, redis_server
from tests.fakes.telegram_api import FakeBotApi

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "bot" / "samples" / "sample-invoice.pdf"
TOKEN = "123456:LOAD-test"
SECRET = "load-test-secret"
FIRST_CHAT = 900_000


class TimedBotApi(FakeBotApi):
    """The fake Bot API, noting when each chat got its first message and its summary."""

    def __init__(self) -> None:
        super().__init__()
        self.first: dict[int, float] = {}
        self.summaries: dict[int, list[float]] = {}

    async def _m_sendMessage(self, params, files, request=None):
        chat, now = int(params["chat_id"]), time.monotonic()
        self.first.setdefault(chat, now)
        if params.get("reply_markup"):
            self.summaries.setdefault(chat, []).append(now)
        return await super()._m_sendMessage(params, files, request)


@dataclass
class Figures:
    workers: int
    uploads: int
    webhook_p50_ms: float
    webhook_p99_ms: float
    ack_p50_ms: float
    ack_p99_ms: float
    last_summary_s: float
    docs_per_min: float
    lost: int
    duplicated: int


def _env(folder: Path, redis_url: str, api: str, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DATABASE_", "REDIS_", "TELEGRAM_", "SLACK_", "IMAP_", "GROQ_", "LLM_", "WEB_"))}
    env.update(DATABASE_URL=f"sqlite:///{folder / 'invoicebot.db'}", DATA_DIR=str(folder / "data"),
               REDIS_URL=redis_url, WORKERS="1", OCR_LANGUAGES="eng", LOG_LEVEL="WARNING", LLM_MODE="off",
               TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_URL=api, TELEGRAM_WEBHOOK_SECRET=SECRET,
               TELEGRAM_WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram", WEB_HOST="127.0.0.1", WEB_PORT=str(port),
               PYTHONPATH=str(ROOT))
    return env


def _start(command: str, env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "bot", command], cwd=log.parent, env=env,
                            stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True)


def _stop(proc: subprocess.Popen) -> None:
    with _suppress():
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        with _suppress():
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)


def _suppress():
    import contextlib

    return contextlib.suppress(ProcessLookupError)


async def _ready(port: int, limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    async with aiohttp.ClientSession() as http:
        while time.monotonic() < deadline:
            try:
                async with http.get(f"http://127.0.0.1:{port}/readyz") as r:
                    if r.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.2)
    raise RuntimeError("invoicebot web did not become ready")


def _update(api: FakeBotApi, n: int, chat: int, pdf: bytes) -> dict:
    api.add_file(f"load{n}", pdf, f"documents/load{n}.pdf")
    doc = {"file_id": f"load{n}", "file_unique_id": f"ul{n}", "file_name": f"invoice-{n}.pdf",
           "mime_type": "application/pdf", "file_size": len(pdf)}
    user = {"id": chat, "is_bot": False, "first_name": "Load", "language_code": "en"}
    return {"update_id": n, "message": {"message_id": n, "date": int(time.time()), "from": user,
                                        "chat": {"id": chat, "type": "private"}, "document": doc}}


async def _burst(api: TimedBotApi, port: int, chats: list[int], pdf: bytes,
                 first_id: int) -> tuple[dict[int, float], list[float]]:
    """Posts one update per chat to the webhook, all at once; returns when each was posted and how long
    each webhook call took (the HTTP answer Telegram waits for)."""
    posted: dict[int, float] = {}
    answered: list[float] = []
    url = f"http://127.0.0.1:{port}/telegram"
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=100)) as http:
        async def one(i: int, chat: int) -> None:
            update = _update(api, first_id + i, chat, pdf)
            posted[chat] = time.monotonic()
            async with http.post(url, json=update, headers=headers) as r:
                if r.status != 200:
                    raise RuntimeError(f"webhook answered {r.status}")
            answered.append((time.monotonic() - posted[chat]) * 1000)

        await asyncio.gather(*(one(i, c) for i, c in enumerate(chats)))
    return posted, answered


async def _until(check, limit: float) -> bool:
    deadline = time.monotonic() + limit
    while not check():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.05)
    return True


async def run_once(n_workers: int, uploads: int, limit: float) -> Figures:
    pdf = SAMPLE.read_bytes()
    with tempfile.TemporaryDirectory(prefix="invoicebot-load-") as tmp:
        folder = Path(tmp)
        with redis_server(folder) as redis_url:
            api = await TimedBotApi().start()
            port = free_port()
            env = _env(folder, redis_url, api.url, port)
            procs = [_start("web", env, folder / "web.log")]
            procs += [_start("worker", env, folder / f"worker{i}.log") for i in range(n_workers)]
            try:
                await _ready(port)
                warm = [FIRST_CHAT - 1 - i for i in range(2 * n_workers)]  # each worker's pool starts up
                await _burst(api, port, warm, pdf, 10_000_000)
                if not await _until(lambda: all(c in api.summaries for c in warm), 120):
                    raise RuntimeError("the warm-up uploads got no summary")
                chats = [FIRST_CHAT + i for i in range(uploads)]
                start = time.monotonic()
                posted, answered = await _burst(api, port, chats, pdf, 1)
                await _until(lambda: all(c in api.summaries for c in chats), limit)
                await asyncio.sleep(1.0)  # a duplicate would show up now
            except Exception:
                for log in sorted(folder.glob("*.log")):  # what the processes said, for the failure
                    print(f"--- {log.name}\n" + "\n".join(log.read_text(errors="replace").splitlines()[-15:]),
                          file=sys.stderr)
                raise
            finally:
                for p in procs:
                    _stop(p)
                await api.close()
    acks = sorted((api.first[c] - posted[c]) * 1000 for c in chats if c in api.first)
    got = [api.summaries[c] for c in chats if c in api.summaries]
    last = max((s[0] for s in got), default=start)
    answered.sort()
    return Figures(n_workers, uploads, statistics.median(answered), _pct(answered, 99), statistics.median(acks) if acks else float("nan"),
                   _pct(acks, 99), last - start, len(got) / max(last - start, 1e-9) * 60,
                   uploads - len(got), sum(len(s) - 1 for s in got))


def _pct(values: list[float], p: int) -> float:
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--uploads", type=int, default=500)
    ap.add_argument("--limit-seconds", type=float, default=900, help="per run, for the last summary")
    args = ap.parse_args(argv)
    rows = [asyncio.run(run_once(n, args.uploads, args.limit_seconds)) for n in (1, 2)]
    print(f"\nLoad on loopback: {args.uploads} uploads in a burst, Telegram fake -> web -> Redis -> workers "
          f"({os.cpu_count()} cores)\n")
    print("| workers | webhook answer p50 / p99 | first reply in chat p50 / p99 | last summary | docs/min | lost "
          "| duplicated |")
    print("|---|---|---|---|---|---|---|")
    for f in rows:
        print(f"| {f.workers} | {f.webhook_p50_ms:.0f} / {f.webhook_p99_ms:.0f} ms | {f.ack_p50_ms:.0f} / "
              f"{f.ack_p99_ms:.0f} ms | {f.last_summary_s:.1f} s | {f.docs_per_min:.0f} | {f.lost} | {f.duplicated} |")
    one, two = rows
    print(f"\n2 workers / 1 worker throughput: {two.docs_per_min / max(one.docs_per_min, 1e-9):.2f}x "
          "(goal >= 1.7x); acknowledgement p99 goal < 300 ms")
    return 0 if all(f.lost == 0 and f.duplicated == 0 for f in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
