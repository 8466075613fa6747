"""Load benchmark on loopback: a burst of uploads through the Telegram fake into `invoicebot web` and
`invoicebot worker` processes on a throw-away Redis server, with 1 and with 2 workers.

    python -m tests.load.bench_scale [--uploads 500] [--kind pdf|photo|both] [--limit-seconds 900]
    (or: make bench-scale)

Two workloads, each upload in its own chat and read by the real pipeline: `pdf` sends the sample invoice
(born-digital, a few milliseconds of pipeline work), `photo` sends a phone photo of a till receipt as a
Telegram photo (read by OCR, a few hundred milliseconds). The fake posts the burst to the webhook the way
Telegram does, over at most 40 connections at a time (the Bot API's default `max_connections`).

Prints the webhook's answer time per call (p50/p99, from sending the request to its answer: what
Telegram waits for), how long the whole burst took to be accepted, the first reply in each chat (p50/p99,
from the start of the burst), the time to the last summary, throughput and lost/duplicated jobs.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from tests.fakes.postgres import ThrowawayPostgres, _bindir
from tests.fakes.redis_server import free_port, redis_server
from tests.fakes.telegram_api import FakeBotApi

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "bot" / "samples" / "sample-invoice.pdf"
TOKEN = "123456:LOAD-test"
SECRET = "load-test-secret"
FIRST_CHAT = 900_000
CONNECTIONS = 40  # Telegram's default max_connections for a webhook


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
    kind: str
    workers: int
    uploads: int
    webhook_p50_ms: float
    webhook_p99_ms: float
    accepted_s: float
    first_p50_ms: float
    first_p99_ms: float
    last_summary_s: float
    docs_per_min: float
    lost: int
    duplicated: int


def _env(folder: Path, database_url: str, redis_url: str, api: str, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DATABASE_", "REDIS_", "TELEGRAM_", "SLACK_", "IMAP_", "GROQ_", "LLM_", "WEB_"))}
    env.update(DATABASE_URL=database_url, DATA_DIR=str(folder / "data"),
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
    return contextlib.suppress(ProcessLookupError)


async def ready(port: int, limit: float = 60) -> None:
    """Until /readyz on the port answers 200."""
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


def _payload(kind: str) -> bytes:
    if kind == "pdf":
        return SAMPLE.read_bytes()
    from tests.docgen import photo_like, receipt_pdf, render

    return photo_like(render(receipt_pdf(), dpi=200), angle=1.0, quality=70)


def _update(api: FakeBotApi, kind: str, n: int, chat: int, data: bytes) -> dict:
    if kind == "pdf":
        api.add_file(f"load{n}", data, f"documents/load{n}.pdf")
        media = {"document": {"file_id": f"load{n}", "file_unique_id": f"ul{n}", "file_name": f"invoice-{n}.pdf",
                              "mime_type": "application/pdf", "file_size": len(data)}}
    else:
        api.add_file(f"load{n}", data, f"photos/load{n}.jpg")
        media = {"photo": [{"file_id": f"load{n}", "file_unique_id": f"ul{n}", "width": 630, "height": 1575,
                            "file_size": len(data)}]}
    user = {"id": chat, "is_bot": False, "first_name": "Load", "language_code": "en"}
    return {"update_id": n, "message": {"message_id": n, "date": int(time.time()), "from": user,
                                        "chat": {"id": chat, "type": "private"}, **media}}


async def _burst(api: TimedBotApi, port: int, kind: str, chats: list[int], data: bytes,
                 first_id: int) -> tuple[list[float], float]:
    """Posts one update per chat to the webhook, all at once over CONNECTIONS connections; returns how long
    each webhook call took (from sending it to the answer Telegram waits for) and when the last was answered."""
    answered: list[float] = []
    url = f"http://127.0.0.1:{port}/telegram"
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    slots = asyncio.Semaphore(CONNECTIONS)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=CONNECTIONS)) as http:
        async def one(i: int, chat: int) -> None:
            update = _update(api, kind, first_id + i, chat, data)
            async with slots:
                sent = time.monotonic()
                async with http.post(url, json=update, headers=headers) as r:
                    if r.status != 200:
                        raise RuntimeError(f"webhook answered {r.status}")
                answered.append((time.monotonic() - sent) * 1000)

        await asyncio.gather(*(one(i, c) for i, c in enumerate(chats)))
    return answered, time.monotonic()


async def _until(check, limit: float) -> bool:
    deadline = time.monotonic() + limit
    while not check():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.05)
    return True


async def run_once(kind: str, n_workers: int, uploads: int, limit: float, database_url: str | None = None) -> Figures:
    data = _payload(kind)
    with tempfile.TemporaryDirectory(prefix="invoicebot-load-") as tmp:
        folder = Path(tmp)
        with redis_server(folder) as redis_url:
            api = await TimedBotApi().start()
            port = free_port()
            env = _env(folder, database_url or f"sqlite:///{folder / 'invoicebot.db'}", redis_url, api.url, port)
            procs = [_start("web", env, folder / "web.log")]
            procs += [_start("worker", env, folder / f"worker{i}.log") for i in range(n_workers)]
            try:
                await ready(port)
                warm = [FIRST_CHAT - 1 - i for i in range(2 * n_workers)]  # each worker's pool starts up
                await _burst(api, port, kind, warm, data, 10_000_000)
                if not await _until(lambda: all(c in api.summaries for c in warm), 120):
                    raise RuntimeError("the warm-up uploads got no summary")
                chats = [FIRST_CHAT + i for i in range(uploads)]
                start = time.monotonic()
                answered, accepted = await _burst(api, port, kind, chats, data, 1)
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
    firsts = sorted((api.first[c] - start) * 1000 for c in chats if c in api.first)
    got = [api.summaries[c] for c in chats if c in api.summaries]
    last = max((s[0] for s in got), default=start)
    answered.sort()
    return Figures(kind, n_workers, uploads, statistics.median(answered), _pct(answered, 99), accepted - start,
                   statistics.median(firsts) if firsts else float("nan"), _pct(firsts, 99), last - start,
                   len(got) / max(last - start, 1e-9) * 60, uploads - len(got), sum(len(s) - 1 for s in got))


def _pct(values: list[float], p: int) -> float:
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


@contextlib.contextmanager
def _database(kind: str) -> Iterator[str | None]:
    """None for SQLite (a file per run), else the URL of a throw-away Postgres server for all runs."""
    if kind == "sqlite":
        yield None
        return
    bindir = _bindir()
    if bindir is None:
        raise SystemExit("no Postgres binaries: install the postgresql package (make setup does)")
    server = ThrowawayPostgres(bindir)
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


def _fresh(server_url: str | None) -> str | None:
    """An empty database on the server for one run."""
    if server_url is None:
        return None
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"load_{int(time.time() * 1000)}"
    url = make_url(server_url)
    with psycopg.connect(url.set(drivername="postgresql").render_as_string(hide_password=False),
                         autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.set(database=name).render_as_string(hide_password=False)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--uploads", type=int, default=500)
    ap.add_argument("--kind", choices=("pdf", "photo", "both"), default="both")
    ap.add_argument("--limit-seconds", type=float, default=900, help="per run, for the last summary")
    ap.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite",
                    help="postgres: a throw-away server from the Debian binaries")
    args = ap.parse_args(argv)
    kinds = ("pdf", "photo") if args.kind == "both" else (args.kind,)
    with _database(args.database) as url:
        rows = [asyncio.run(run_once(k, n, args.uploads, args.limit_seconds, _fresh(url))) for k in kinds
                for n in (1, 2)]
    print(f"\nLoad on loopback: {args.uploads} uploads in a burst, Telegram fake -> web -> Redis -> workers, "
          f"{args.database} ({os.cpu_count()} cores)\n")
    print("| upload | workers | webhook answer p50 / p99 | burst accepted | first reply p50 / p99 | last summary "
          "| docs/min | lost | duplicated |")
    print("|---|---|---|---|---|---|---|---|---|")
    for f in rows:
        print(f"| {f.kind} | {f.workers} | {f.webhook_p50_ms:.0f} / {f.webhook_p99_ms:.0f} ms | {f.accepted_s:.1f} s "
              f"| {f.first_p50_ms / 1000:.1f} / {f.first_p99_ms / 1000:.1f} s | {f.last_summary_s:.1f} s "
              f"| {f.docs_per_min:.0f} | {f.lost} | {f.duplicated} |")
    print()
    for kind in kinds:
        one, two = (f for f in rows if f.kind == kind)
        print(f"{kind}: 2 workers / 1 worker throughput {two.docs_per_min / max(one.docs_per_min, 1e-9):.2f}x "
              "(goal >= 1.7x)")
    print("webhook answer p99 goal < 300 ms")
    return 0 if all(f.lost == 0 and f.duplicated == 0 for f in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
