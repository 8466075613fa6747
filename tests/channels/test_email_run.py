"""`invoicebot run` with a mailbox configured: serves email, answers a mail, stops cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.fakes.mailbox import mail, text_of

ROOT = Path(__file__).resolve().parents[2]


def env_for(settings, **extra: str) -> dict[str, str]:
    s = settings
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("IMAP_", "SMTP_", "EMAIL_", "TELEGRAM_",
                                                                       "SLACK_"))}
    return {**keep, "IMAP_HOST": s.imap_host, "IMAP_PORT": str(s.imap_port), "IMAP_USER": s.imap_user,
            "IMAP_PASSWORD": s.imap_password, "IMAP_SSL": "false", "SMTP_HOST": s.smtp_host,
            "SMTP_PORT": str(s.smtp_port), "SMTP_USER": s.smtp_user, "SMTP_PASSWORD": s.smtp_password,
            "SMTP_STARTTLS": "false", "DATA_DIR": s.data_dir, "DATABASE_URL": s.database_url, "WORKERS": "1",
            "PYTHONPATH": str(ROOT), **extra}


async def test_run_serves_the_mailbox_and_stops_on_sigterm(mail_settings, mailbox, smtp, tmp_path):
    sent = mail("alice@client.test", "Status", "/status")
    mailbox.append(sent)
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "run", cwd=tmp_path,
                                                env=env_for(mail_settings), stdin=subprocess.DEVNULL,
                                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        [answer] = await smtp.wait_for(1)
        assert answer["In-Reply-To"] == sent["Message-ID"]
        assert text_of(answer).strip() == "No files in progress."
    finally:
        proc.send_signal(signal.SIGTERM)
        async with asyncio.timeout(60):
            _, err = await proc.communicate()
    assert proc.returncode == 0, err.decode()[-2000:]
    assert "serving channels: email." in err.decode()
    assert mail_settings.imap_password not in err.decode()


async def test_run_without_smtp_says_what_is_missing(settings, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("IMAP_", "SMTP_", "EMAIL_"))}
    env.update(IMAP_HOST="127.0.0.1", IMAP_USER="bot@example.test", IMAP_PASSWORD="pw", DATA_DIR=settings.data_dir,
               DATABASE_URL=settings.database_url, PYTHONPATH=str(ROOT))
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env,
                                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                                stderr=subprocess.PIPE)
    async with asyncio.timeout(60):
        _, err = await proc.communicate()
    assert proc.returncode == 2
    assert "Email needs SMTP_HOST to send replies." in err.decode()
