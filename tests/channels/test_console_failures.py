"""The console when lines, files or the disk go wrong: a plain answer each time, and the next line is read.

A full disk is a real 1 MB tmpfs, unwritable output is /dev/full and a read-only database sits on a
read-only bind mount; those tests need root and are skipped where mounting is not allowed.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot import bootstrap
from tests.channels.test_console import chat
from tests.conftest import ROOT
from tests.fakes.docs import invoice_pdf


def padded_pdf(path: Path, mb: float) -> Path:
    """A readable invoice PDF made `mb` megabytes large by a comment after its end."""
    invoice_pdf(path)
    with path.open("ab") as fh:
        fh.write(b"%" + os.urandom(int(mb * 1024 * 1024)))
    return path


def stored_files(data_dir: str | Path) -> list[Path]:
    folder = Path(data_dir) / "documents"
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


@contextlib.contextmanager
def mounted(*command: str, where: Path):
    if os.geteuid() != 0:
        pytest.skip("mounting needs root")
    done = subprocess.run(["mount", *command, str(where)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"mount not allowed here: {done.stderr.decode().strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=False)


async def test_a_line_longer_than_a_file_name_may_be_is_answered_and_the_console_goes_on(settings, tmp_path):
    too_long = str(tmp_path / ("b" * 300 + ".pdf"))
    out = await chat(settings, ["a" * 300, too_long, "/status"])
    assert out.splitlines() == [
        "There is no invoice waiting for review. Send me a PDF or a photo of an invoice.",  # 300 'a's: a message
        f"I cannot open the file {too_long[:200]!r}: file name too long.",
        "No files in progress.",  # the next line was read and answered
    ]


async def test_an_oversize_upload_is_refused_before_anything_is_stored(settings, tmp_path):
    settings = settings.model_copy(update={"max_file_mb": 1.0})
    big = padded_pdf(tmp_path / "big.pdf", 2)
    out = await chat(settings, [str(big), str(invoice_pdf(tmp_path / "small.pdf"))])
    assert "The file is too large (2 MB; the limit is 1 MB)." in out
    assert "Got it: small.pdf." in out  # the next file is taken as usual
    assert [p.stat().st_size for p in stored_files(settings.data_dir)] == [(tmp_path / "small.pdf").stat().st_size]


async def test_a_full_disk_is_answered_leaves_no_partial_file_and_the_next_file_is_taken(settings, tmp_path):
    small = tmp_path / "small-disk"
    small.mkdir()
    with mounted("-t", "tmpfs", "-o", "size=1m", "tmpfs", where=small):
        settings = settings.model_copy(update={"data_dir": str(small)})
        big = padded_pdf(tmp_path / "big.pdf", 2)  # under MAX_FILE_MB, over the disk's 1 MB
        out = await chat(settings, [str(big), str(invoice_pdf(tmp_path / "a.pdf"))])
        assert ("I could not store your file: there is no space left on the bot's disk. Nothing was kept; "
                "please send it again later.") in out
        assert "Got it: a.pdf." in out and "Reply with corrections" in out
        assert [p.name.endswith(".tmp") for p in stored_files(small)] == [False]  # a.pdf only, no leftover


async def test_output_that_cannot_be_written_stops_nothing(settings, tmp_path, caplog):
    settings = settings.model_copy(update={"workers": 1})
    pdf = invoice_pdf(tmp_path / "a.pdf")
    raw = open("/dev/full", "wb", buffering=0)  # every write fails at once with ENOSPC
    with io.TextIOWrapper(raw, write_through=True) as full, caplog.at_level(logging.WARNING, "channels.console"):
        channel = bootstrap.console(settings, stdin=io.StringIO(f"{pdf}\nvendor Kept GmbH\n"), stdout=full)
        app = bootstrap.build(settings, [channel])
        await bootstrap.serve(app, channel)  # returns at the end of input, no exception
    [job] = app.store.jobs("console:local", ("awaiting_review",))
    assert app.conversation.view(job, None).fields["vendor_name"].value == "Kept GmbH"  # the correction counted
    assert any(r.message == "console output not written" for r in caplog.records)


def test_a_read_only_database_at_start_is_one_plain_line(settings, tmp_path):
    folder = tmp_path / "db"
    folder.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DATA_DIR": str(tmp_path / "data"),
           "DATABASE_URL": f"sqlite:///{folder / 'bot.db'}"}
    first = subprocess.run([sys.executable, "-m", "bot", "db", "upgrade"], env=env, capture_output=True, text=True,
                           cwd=tmp_path, timeout=120)
    assert first.returncode == 0, first.stderr
    with mounted("--bind", str(folder), where=folder):
        if subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], capture_output=True).returncode != 0:
            pytest.skip("read-only remount not allowed here")
        proc = subprocess.run([sys.executable, "-m", "bot", "chat"], env=env, input="hello\n", capture_output=True,
                              text=True, cwd=tmp_path, timeout=120)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr + proc.stdout
    assert proc.stderr.strip().splitlines()[-1] == (
        f"invoicebot: The database at sqlite:///{folder / 'bot.db'} cannot be used (unable to open database file). "
        "Check DATABASE_URL; for SQLite, that its folder exists, is writable and has space.")
