"""The email channel end to end: a real Dovecot IMAP server, aiosmtpd for replies, the real pipeline."""

from __future__ import annotations

import asyncio
import contextlib
import io

import openpyxl

from bot import bootstrap
from tests.fakes.docs import invoice_pdf
from tests.fakes.mailbox import forwarded, mail, reply_to, text_of, workbook_of

ALICE = "Alice Example <alice@client.test>"


def pdf_bytes(tmp_path, number: str) -> bytes:
    path = invoice_pdf(tmp_path / f"{number}.pdf", [
        "ACME GmbH, Hauptstraße 1, 10115 Berlin", f"Rechnung Nr. {number}", "Rechnungsdatum: 03.05.2024",
        "Netto 100,00 EUR", "MwSt 19 % 19,00 EUR", "Gesamtbetrag 119,00 EUR"])
    return path.read_bytes()


@contextlib.asynccontextmanager
async def running(settings):
    """The bot as `invoicebot run` serves it, in this event loop."""
    channel = bootstrap.email_channel(settings)
    app = bootstrap.build(settings, [channel])
    stop = asyncio.Event()
    task = asyncio.create_task(bootstrap.serve(app, stop))
    try:
        async with asyncio.timeout(30):
            await channel.connected.wait()
        yield app, channel
    finally:
        stop.set()
        await task


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
        assert "Stored invoice #1." in text_of(confirmed)
        assert vendors(workbook_of(confirmed)) == ["Beta SA"]
        assert "Next invoice waiting for review" in text_of(next_review) and "Alpha GmbH" in text_of(next_review)

        mailbox.append(reply_to(next_review, ALICE, "confirm"))
        mails = await smtp.wait_for(7)
        assert "Stored invoice #2." in text_of(mails[6])
        assert vendors(workbook_of(mails[6])) == ["Alpha GmbH", "Beta SA"]
        tenant = "email:bot@example.test:alice@client.test"
        assert sorted(i.vendor_name for i in app.store.invoices(tenant)) == ["Alpha GmbH", "Beta SA"]
        assert [e[0] for e in smtp.envelopes] == ["bot@example.test"] * 7
    assert len(smtp.mails) == 7
    assert all("\\Seen" in flags for flags in mailbox.flags().values())
