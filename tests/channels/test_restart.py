"""A process killed mid-job: the job is still there on restart and finishes; nothing the user sent is lost."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.fakes.docs import scanned_pdf

ROOT = Path(__file__).resolve().parents[2]


def job_states(db: Path) -> list[tuple[str, str, int]]:
    if not db.exists():
        return []
    with sqlite3.connect(db) as conn:
        try:
            return conn.execute("select id, state, attempts from jobs").fetchall()
        except sqlite3.OperationalError:
            return []


def wait_for(condition, what: str, limit: float = 120.0) -> None:
    deadline = time.monotonic() + limit  # a generous bound against hanging, not a timing goal
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.05)


def test_killed_mid_job_finishes_after_restart(tmp_path):
    pdf = scanned_pdf(tmp_path / "scan.pdf", pages=3)
    db = tmp_path / "data" / "invoicebot.db"
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "SLACK_", "IMAP_"))},
           "DATABASE_URL": f"sqlite:///{db}", "DATA_DIR": str(tmp_path / "data"), "WORKERS": "1",
           "OCR_LANGUAGES": "eng", "PYTHONPATH": str(ROOT)}
    first = subprocess.Popen([sys.executable, "-m", "bot", "chat"], cwd=tmp_path, env=env, stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True)
    first.stdin.write(f"{pdf}\n".encode())
    first.stdin.flush()
    wait_for(lambda: any(state == "running" for _, state, _ in job_states(db)), "the job to start")
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    [(job_id, state, attempts)] = job_states(db)
    assert state == "running" and attempts == 0  # a run cut off by the kill is not the job's failure

    second = subprocess.run([sys.executable, "-m", "bot", "chat"], cwd=tmp_path, env=env, stdin=subprocess.DEVNULL,
                            capture_output=True, timeout=300, start_new_session=True)
    out = second.stdout.decode()
    assert second.returncode == 0, second.stderr.decode()[-2000:]
    assert job_states(db) == [(job_id, "awaiting_review", 1)]
    assert "Reading page 3/3" in out
    assert "Reply with corrections" in out  # the summary reached the chat


def test_run_without_tokens_serves_the_console_and_stops_on_sigterm(tmp_path):
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "SLACK_", "IMAP_"))},
           "DATABASE_URL": f"sqlite:///{tmp_path}/data/invoicebot.db", "DATA_DIR": str(tmp_path / "data"),
           "WORKERS": "1", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=tmp_path, env=env, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        proc.stdin.write(b"/status\n")
        proc.stdin.flush()
        assert proc.stdout.readline() == b"No files in progress.\n"  # the console answered: it is running
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 143
        assert b"console channel ready" in proc.stderr.read()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)


def _page(n: int) -> bytes:
    """A one-page scan with its own invoice number (each upload read through OCR, about a second)."""
    import io

    from PIL import Image, ImageDraw, ImageFont

    from tests.fakes.docs import FONT

    img = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 36)
    for i, line in enumerate(["ACME GmbH", f"Invoice INV-{n}", "Date 2024-05-03", "Total 119.00 EUR"]):
        draw.text((120, 150 + 80 * i), line, font=font, fill=0)
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def _announced(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("select count(*) from jobs where announced").fetchone()[0]


def _job_of(params: dict) -> str:
    """The job a summary is about, from its buttons' data ('/fields|<job id>')."""
    markup = params["reply_markup"]
    markup = json.loads(markup) if isinstance(markup, str) else markup
    return next(b["callback_data"].split("|")[1] for row in markup["inline_keyboard"] for b in row
                if "|" in b.get("callback_data", ""))


async def _batch_survives(tmp_path, sig: int) -> None:
    """Eight uploads through Telegram; `sig` hits the process after the first summary; the next start
    answers the rest: every upload gets exactly one summary."""
    import asyncio

    from tests.channels.telegram_kit import TOKEN, document
    from tests.fakes.telegram_api import FakeBotApi

    db = tmp_path / "data" / "invoicebot.db"
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "SLACK_", "IMAP_"))},
           "DATABASE_URL": f"sqlite:///{db}", "DATA_DIR": str(tmp_path / "data"), "WORKERS": "1",
           "OCR_LANGUAGES": "eng", "PYTHONPATH": str(ROOT), "SHUTDOWN_GRACE": "0"}
    api = await FakeBotApi().start()
    env.update(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_URL=api.url)

    def summaries() -> list[str]:
        """The job each summary is about."""
        return [_job_of(c.params) for c in api.of("sendMessage") if c.params.get("reply_markup")]

    def start():
        return subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=tmp_path, env=env,
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)

    first = start()
    try:
        await api.wait(lambda a: a.of("deleteWebhook"), "polling to start", limit=60)
        for n in range(8):
            api.push(document(api, _page(n), f"scan{n}.png", "image/png"))
        # the kill comes after a summary was sent and recorded as sent (between the two, a restart sends it
        # again: at least once is the promise there) and while the batch goes on
        await api.wait(lambda a: len(job_states(db)) == 8 and 0 < len(summaries()) == _announced(db)
                       and any(state == "running" for _, state, _ in job_states(db)), "a job told, the next running",
                       limit=120)
        os.killpg(first.pid, sig)
        await asyncio.to_thread(first.wait, 60)
        left = [state for _, state, _ in job_states(db) if state in ("queued", "running")]
        assert left, "the signal came after the batch had finished: nothing was tested"
        second = start()
        try:
            await api.wait(lambda a: len(summaries()) >= 8, "every summary", limit=180)
            await api.wait(lambda a: all(s == "awaiting_review" for _, s, _ in job_states(db)), "every job done")
        finally:
            os.killpg(second.pid, signal.SIGTERM)
            await asyncio.to_thread(second.wait, 60)
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
        await api.close()
    told, jobs = summaries(), sorted(job_id for job_id, _, _ in job_states(db))
    assert sorted(set(told)) == jobs  # every upload answered
    # once each; a summary on its way at a SIGKILL (sent, not yet recorded) may go out again, at most that one
    assert len(told) - len(jobs) <= (1 if sig == signal.SIGKILL else 0), told


async def test_sigkill_mid_batch_loses_and_doubles_no_upload(tmp_path):
    await _batch_survives(tmp_path, signal.SIGKILL)


async def test_sigterm_mid_batch_loses_and_doubles_no_upload(tmp_path):
    await _batch_survives(tmp_path, signal.SIGTERM)
