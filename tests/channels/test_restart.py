"""A process killed mid-job: the job is still there on restart and finishes; nothing the user sent is lost."""

from __future__ import annotations

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
    assert state == "running" and attempts == 1

    second = subprocess.run([sys.executable, "-m", "bot", "chat"], cwd=tmp_path, env=env, stdin=subprocess.DEVNULL,
                            capture_output=True, timeout=300, start_new_session=True)
    out = second.stdout.decode()
    assert second.returncode == 0, second.stderr.decode()[-2000:]
    assert job_states(db) == [(job_id, "awaiting_review", 2)]
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
