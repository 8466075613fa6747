"""The email channel end to end: a real Dovecot IMAP server, aiosmtpd for replies, the real pipeline."""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import os
import signal
import subprocess
import sys
from pathlib import Path

import openpyxl

from bot import bootstrap
from tests.fakes.docs import invoice_pdf
from tests.fakes.mailbox import forwarded, mail, reply_to, text_of, workbook_of

ROOT = Path(__file__).resolve().parents[2]
ALICE = "Alice Example <alice@client.test>"


def pdf_bytes(tmp_path, number: str) -> bytes:
    path = invoice_pdf(tmp_path / f"{number}.pdf", [
        "ACME GmbH, Hauptstraße 1, 10115 Berlin", f"Rechnung Nr. {number}", "Rechnungsdatum: 03.05.2024",
        "Netto 100,00 EUR", "MwSt 19 % 19,00 EUR", "Gesamtbetrag 119,00 EUR"])
    return path.read_bytes()


@contextlib.asynccontextmanager
async def running(settings):
    """The bot as `invoicebot run` serves it (runner, then the channel; stopped in reverse), in this event loop."""
    channel = bootstrap.email_channel(settings)
    app = bootstrap.build(settings, [channel])
    async with app.runner:
        await channel.start(app.conversation)
        try:
            async with asyncio.timeout(30):
                await channel.connected.wait()
            yield app, channel
        finally:
            await channel.stop()


async def until(condition, what: str, limit: float = 30.0) -> None:
    """Poll with a bound against hanging (not a timing goal)."""
    async with asyncio.timeout(limit):
        while not condition():
            await asyncio.sleep(0.05)
    assert condition(), what


def vendors(book: bytes) -> list[str]:
    ws = openpyxl.load_workbook(io.BytesIO(book))["Invoices"]
    header = [c.value for c in ws[1]]
    col = header.index("Vendor")
    return sorted(row[col] for row in ws.iter_rows(min_row=2, values_only=True))


async def test_forwarded_two_pdfs_correct_by_reply_confirm_gets_workbook(mail_settings, mailbox, smtp, tmp_path):
    inner = mail("billing@acme.test", "Your invoices", "Two invoices attached.",
                 pdfs={"RE-1.pdf": pdf_bytes(tmp_path, "RE-1"), "RE-2.pdf": pdf_bytes(tmp_path, "RE-2")})
    fwd = forwarded(ALICE, "Fwd: Your invoices", inner)
    async with running(mail_settings) as (app, _):
        mailbox.append(fwd)
        first, second = await smtp.wait_for(2)
        for sent in (first, second):
            assert sent["In-Reply-To"] == fwd["Message-ID"]
            assert fwd["Message-ID"] in sent["References"]
            assert sent["Subject"] == "Re: Fwd: Your invoices"
            assert sent["To"] == "alice@client.test"
            assert sent["Auto-Submitted"] == "auto-replied"
            assert "Reply with corrections" in text_of(sent)
            assert sent.get_body(preferencelist=("html",)) is not None
        assert first["Message-ID"] != second["Message-ID"]

        # Gmail style: the attribution line, then '>' quotes (which must not be read as corrections)
        gmail = reply_to(first, ALICE, "vendor Alpha GmbH\ntotal 119.00\n\n"
                                       "On Mon, 6 May 2024 at 10:00, Invoice Bot <bot@example.test>\nwrote:\n"
                                       "> vendor Quoted Wrong AG\n> Reply with corrections\n")
        mailbox.append(gmail)
        mails = await smtp.wait_for(3)
        answer_a = mails[2]
        assert answer_a["In-Reply-To"] == gmail["Message-ID"]
        assert "Updated: vendor_name, total." in text_of(answer_a)
        assert "Alpha GmbH" in text_of(answer_a) and "Quoted Wrong" not in text_of(answer_a)

        # Outlook style: a rule and a From/Sent/To header block above the old text
        outlook = reply_to(second, ALICE, "vendor Beta SA\r\n\r\n________________________________\r\n"
                                          "From: Invoice Bot <bot@example.test>\r\nSent: Monday, May 6, 2024 10:00\r\n"
                                          "To: Alice\r\nSubject: Re: Fwd: Your invoices\r\n\r\nvendor Quoted Wrong AG\r\n")
        mailbox.append(outlook)
        mails = await smtp.wait_for(4)
        answer_b = mails[3]
        assert "Updated: vendor_name." in text_of(answer_b) and "Beta SA" in text_of(answer_b)

        mailbox.append(reply_to(answer_b, ALICE, "confirm\n\n> Beta SA"))
        mails = await smtp.wait_for(6)  # the stored invoice with its workbook, then the next review
        confirmed, next_review = mails[4], mails[5]
        assert "Stored invoice #1. Your workbook: invoices-" in text_of(confirmed)
        assert ".xlsx (attached)" in text_of(confirmed) and mail_settings.data_dir not in text_of(confirmed)
        assert vendors(workbook_of(confirmed)) == ["Beta SA"]
        assert "Next invoice waiting for review" in text_of(next_review) and "Alpha GmbH" in text_of(next_review)

        mailbox.append(reply_to(next_review, ALICE, "confirm"))
        mails = await smtp.wait_for(7)
        assert "Stored invoice #2." in text_of(mails[6])
        assert vendors(workbook_of(mails[6])) == ["Alpha GmbH", "Beta SA"]
        tenant = "email:bot@example.test:alice@client.test"
        assert sorted(i.vendor_name for i in app.store.invoices(tenant)) == ["Alpha GmbH", "Beta SA"]
        assert [e[0] for e in smtp.envelopes] == ["bot@example.test"] * 7
        await until(lambda: all("\\Seen" in f for f in mailbox.flags().values()), "every mail marked seen")
    assert len(smtp.mails) == 7


async def test_idle_wakes_intake_without_polling(mail_settings, mailbox, smtp, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    assert mail_settings.email_poll_seconds == 3600  # only IDLE can bring this mail in
    async with running(mail_settings) as (app, channel):
        async with asyncio.timeout(30):
            await channel.idling.wait()
        assert channel.mode == "idle"
        sent = mail(ALICE, "Invoice", "attached", pdfs={"a.pdf": pdf_bytes(tmp_path, "RE-9")})
        mailbox.append(sent)
        [summary] = await smtp.wait_for(1)
        assert summary["In-Reply-To"] == sent["Message-ID"]
        assert "Reply with corrections" in text_of(summary)
    assert mail_settings.imap_password not in caplog.text and mail_settings.smtp_password not in caplog.text


async def test_robots_strangers_ourselves_are_never_answered(mail_settings, mailbox, smtp, tmp_path):
    settings = mail_settings.model_copy(update=dict(email_allowed_senders="@client.test, bob@other.test",
                                                    email_max_mb=0.2))
    pdf = {"invoice.pdf": pdf_bytes(tmp_path, "RE-5")}
    ignored = [
        mail(ALICE, "Out of office", "I am away.", pdfs=pdf, headers={"Auto-Submitted": "auto-replied"}),
        mail(ALICE, "Newsletter", "news", pdfs=pdf, headers={"List-Id": "<news.client.test>"}),
        mail(ALICE, "Holiday", "away", headers={"Precedence": "bulk"}),
        mail("MAILER-DAEMON@client.test", "Undelivered", "bounce", headers={"Return-Path": "<>"}),
        mail("Eve <eve@evil.test>", "Invoice", "attached", pdfs=pdf),
        mail("Invoice Bot <bot@example.test>", "Re: Invoice", "a loop", pdfs=pdf),
    ]
    big = mail(ALICE, "Big", "huge scan", pdfs={"scan.pdf": b"%PDF-1.4\n" + b"0" * 400_000})
    xml = mail(ALICE, "XRechnung", "e-invoice")
    xml.add_attachment(b"<?xml version='1.0'?><catalog/>", maintype="application", subtype="xml",
                       filename="../../etc/xrechnung.xml")
    good = mail("Bob <bob@other.test>", "Invoice", "attached", pdfs={"../../etc/passwd.pdf": pdf_bytes(tmp_path, "RE-6")})
    async with running(settings) as (app, _):
        for m in [*ignored, big, xml, good]:
            mailbox.append(m)
        answers = {a["In-Reply-To"]: a for a in await smtp.wait_for(3)}
        too_large, xml_answer, summary = (answers[m["Message-ID"]] for m in (big, xml, good))
        assert "too large" in text_of(too_large) and "the limit is 0.2 MB" in text_of(too_large)
        assert "an XML file other than an e-invoice" in text_of(xml_answer)  # read, and refused in plain words
        assert summary["In-Reply-To"] == good["Message-ID"] and summary["To"] == "bob@other.test"
        assert "Reply with corrections" in text_of(summary)
        for who in ("alice@client.test", "eve@evil.test", "bot@example.test", "mailer-daemon@client.test"):
            assert app.store.jobs(f"email:bot@example.test:{who}", ("queued", "running", "awaiting_review")) == []
        [job] = app.store.jobs("email:bot@example.test:bob@other.test", ("awaiting_review",))
        assert job.filename == "passwd.pdf"  # a display name only, never a path
        await until(lambda: all("\\Seen" in f for f in mailbox.flags().values()), "every mail marked seen")
        assert len(mailbox.flags()) == 9
    assert len(smtp.mails) == 3


async def test_server_restart_reconnects_and_nothing_is_processed_twice(mail_settings, mailbox, smtp, dovecot,
                                                                      tmp_path):
    first = mail(ALICE, "Invoice 1", "attached", pdfs={"1.pdf": pdf_bytes(tmp_path, "RE-1")})
    second = mail(ALICE, "Invoice 2", "attached", pdfs={"2.pdf": pdf_bytes(tmp_path, "RE-2")})
    async with running(mail_settings) as (app, channel):
        mailbox.append(first)
        await smtp.wait_for(1)
        dovecot.restart()
        mailbox.append(second)
        await smtp.wait_for(2)
        async with asyncio.timeout(30):
            await channel.connected.wait()
        mailbox.append(reply_to(smtp.mails[1], ALICE, "vendor Second GmbH"))
        await smtp.wait_for(3)
        assert [m["In-Reply-To"] for m in smtp.mails[:2]] == [first["Message-ID"], second["Message-ID"]]
        assert "Updated: vendor_name." in text_of(smtp.mails[2])
        tenant = "email:bot@example.test:alice@client.test"
        assert len(app.store.jobs(tenant, ("awaiting_review",))) == 2
    assert len(smtp.mails) == 3


async def test_killed_after_fetch_before_store_is_processed_after_restart(mail_settings, mailbox, smtp, tmp_path):
    sent = mail(ALICE, "Invoice", "attached", pdfs={"late.pdf": pdf_bytes(tmp_path, "RE-7")})
    mailbox.append(sent)
    s = mail_settings
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("IMAP_", "SMTP_", "EMAIL_"))},
           "IMAP_HOST": s.imap_host, "IMAP_PORT": str(s.imap_port), "IMAP_USER": s.imap_user,
           "IMAP_PASSWORD": s.imap_password, "IMAP_SSL": "false", "SMTP_HOST": s.smtp_host,
           "SMTP_PORT": str(s.smtp_port), "SMTP_STARTTLS": "false", "DATA_DIR": s.data_dir,
           "DATABASE_URL": s.database_url, "PYTHONPATH": str(ROOT)}
    marker = tmp_path / "fetched"
    proc = subprocess.Popen([sys.executable, "-m", "tests.fakes.stalled_mail", str(marker)], cwd=tmp_path, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        async with asyncio.timeout(60):
            while not marker.exists():
                assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
                await asyncio.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    assert marker.read_text() == "late.pdf"
    assert "\\Seen" not in mailbox.flags()[1]
    async with running(mail_settings) as (app, _):
        [summary] = await smtp.wait_for(1)
        assert summary["In-Reply-To"] == sent["Message-ID"]
        assert len(app.store.jobs("email:bot@example.test:alice@client.test", ("awaiting_review",))) == 1
        await until(lambda: "\\Seen" in mailbox.flags()[1], "the mail marked seen")


async def test_a_mail_body_that_is_a_receipt_is_read(mail_settings, mailbox, smtp):
    body = "Receipt\nCafé Central, Herrengasse 14, Wien\n2 x Melange 9,80\n1 x Strudel 5,20\nTotal EUR 15,00\nThank you!"
    sent = mail(ALICE, "Your receipt", body)
    async with running(mail_settings) as (app, _):
        mailbox.append(sent)
        [summary] = await smtp.wait_for(1)
        assert summary["In-Reply-To"] == sent["Message-ID"]
        assert "Reply with corrections" in text_of(summary)
        [job] = app.store.jobs("email:bot@example.test:alice@client.test", ("awaiting_review",))
        assert job.filename == "mail-body.pdf"


async def test_per_sender_rate_limit_one_notice_then_silence(mail_settings, mailbox, smtp):
    settings = mail_settings.model_copy(update=dict(email_per_sender_per_hour=2))
    async with running(settings) as (app, _):
        for i in range(4):
            mailbox.append(mail(ALICE, f"Question {i}", "/status"))
        mailbox.append(mail("carol@client.test", "Question", "/status"))  # another sender is not limited
        mails = await smtp.wait_for(4)
        texts = [text_of(m).strip() for m in mails]
        assert texts[0] == texts[1] == "No files in progress."
        assert "many mails in a short time" in texts[2]
        assert mails[3]["To"] == "carol@client.test" and texts[3] == "No files in progress."
        await until(lambda: all("\\Seen" in f for f in mailbox.flags().values()), "every mail marked seen")
    assert len(smtp.mails) == 4


async def test_a_mail_a_person_opened_first_is_still_read(mail_settings, mailbox, smtp):
    async with running(mail_settings) as (app, _):
        mailbox.append(mail(ALICE, "Hello", "/status"))
        await smtp.wait_for(1)
        mailbox.append(mail(ALICE, "Read by a person", "/list"), flags="\\Seen")
        mailbox.append(mail(ALICE, "Wake-up", "/status"))
        mails = await smtp.wait_for(3)
        assert "No invoices stored yet." in text_of(mails[1])


async def test_handled_mails_move_to_the_processed_folder(mail_settings, mailbox, smtp):
    settings = mail_settings.model_copy(update=dict(email_processed_folder="Invoices Done"))
    async with running(settings) as (app, _):
        mailbox.append(mail(ALICE, "Status", "/status"))
        mailbox.append(mail(ALICE, "Status again", "/status"))
        await smtp.wait_for(2)
        await until(lambda: mailbox.flags() == {}, "the inbox emptied")
        moved = mailbox.flags('"Invoices Done"')
        assert len(moved) == 2 and all("\\Seen" in f for f in moved.values())
    assert len(smtp.mails) == 2
