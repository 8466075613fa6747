"""Who a mail is from, on the real Dovecot and aiosmtpd: data goes only to the one From address; forged,
ambiguous or unauthenticated senders and auto-replies get no answer at all."""

from __future__ import annotations

import logging

import pytest

from tests.channels.test_email import ALICE, pdf_bytes, running, until, vendors
from tests.fakes.mailbox import mail, reply_to, text_of, workbook_of

CAROL = "carol@client.test"  # a proper sender whose answer shows that the mails before hers were handled


async def answered_only_carol(mailbox, smtp, app) -> None:
    """Every mail handled (seen), and the only answer went to Carol; nobody else got a job or a tenant."""
    [answer] = await smtp.wait_for(1)
    await until(lambda: all("\\Seen" in f for f in mailbox.flags().values()), "every mail marked seen")
    assert answer["To"] == CAROL and text_of(answer).strip() == "No files in progress."
    assert [rcpts for _, rcpts in smtp.envelopes] == [[CAROL]]
    for who in ("alice@client.test", "mallory@evil.test"):
        assert app.store.jobs(f"email:bot@example.test:{who}", ("queued", "running", "awaiting_review")) == []


async def test_the_ledger_goes_to_the_from_address_never_to_reply_to(mail_settings, mailbox, smtp, tmp_path):
    async with running(mail_settings) as (app, _):
        mailbox.append(mail(ALICE, "Invoice", "attached", pdfs={"a.pdf": pdf_bytes(tmp_path, "RE-1")}))
        [summary] = await smtp.wait_for(1)
        mailbox.append(reply_to(summary, ALICE, "confirm"))
        stored = (await smtp.wait_for(2))[1]
        ledger = vendors(workbook_of(stored))
        assert len(ledger) == 1

        forged = mail(ALICE, "Export", "/export all", headers={"Reply-To": "Mallory <mallory@evil.test>"})
        mailbox.append(forged)
        export = (await smtp.wait_for(3))[2]
        assert export["In-Reply-To"] == forged["Message-ID"]
        assert export["To"] == "alice@client.test"
        assert vendors(workbook_of(export)) == ledger
        await until(lambda: all("\\Seen" in f for f in mailbox.flags().values()), "every mail marked seen")
    assert [rcpts for _, rcpts in smtp.envelopes] == [["alice@client.test"]] * 3
    assert all("mallory" not in str(m["To"]) + str(m["Cc"]) + str(m["Bcc"]) for m in smtp.mails)


async def test_a_display_name_that_looks_like_an_allowed_address_gets_nothing(mail_settings, mailbox, smtp, caplog):
    settings = mail_settings.model_copy(update=dict(email_allowed_senders="@client.test"))
    caplog.set_level(logging.INFO)
    async with running(settings) as (app, _):
        mailbox.append(mail("alice@client.test <mallory@evil.test>", "Export", "/status"))
        mailbox.append(mail('"alice@client.test" <mallory@evil.test>', "Export", "/status"))
        mailbox.append(mail(CAROL, "Status", "/status"))
        await answered_only_carol(mailbox, smtp, app)
    assert [r.data["reason"] for r in caplog.records if r.getMessage() in ("mail refused", "mail ignored")] \
        == ["malformed From header", "sender not allowed"]


@pytest.mark.parametrize("sender", [
    "alice@client.test, mallory@evil.test",
    "Mallory <mallory@evil.test>, Alice <alice@client.test>",
], ids=["alice-first", "mallory-first"])
async def test_two_from_addresses_get_no_answer(mail_settings, mailbox, smtp, caplog, sender):
    caplog.set_level(logging.INFO)
    async with running(mail_settings) as (app, _):  # no allow-list: anybody may write, but as one person
        mailbox.append(mail(sender, "Status", "/status"))
        mailbox.append(mail(CAROL, "Status", "/status"))
        await answered_only_carol(mailbox, smtp, app)
    assert [r.data["reason"] for r in caplog.records if r.getMessage() == "mail refused"] \
        == ["From holds a group or several addresses"]


@pytest.mark.parametrize("sender", [
    "Accounts: alice@client.test;",
    "Accounts: alice@client.test, mallory@evil.test;",
], ids=["one-member", "two-members"])
async def test_a_group_in_from_gets_no_answer(mail_settings, mailbox, smtp, sender):
    async with running(mail_settings) as (app, _):
        mailbox.append(mail(sender, "Status", "/status"))
        mailbox.append(mail(CAROL, "Status", "/status"))
        await answered_only_carol(mailbox, smtp, app)


async def test_a_failing_authentication_result_of_our_server_gets_no_answer(mail_settings, mailbox, smtp):
    # EMAIL_AUTHSERV_ID unset: the IMAP host's name counts
    ours = mail_settings.imap_host
    async with running(mail_settings) as (app, _):
        mailbox.append(mail(ALICE, "Status", "/status", headers={
            "Authentication-Results": f"{ours}; spf=softfail smtp.mailfrom=evil.test; dkim=none; "
                                      "dmarc=fail (p=none) header.from=client.test"}))
        mailbox.append(mail(CAROL, "Status", "/status", headers={
            "Authentication-Results": f"{ours}; spf=pass smtp.mailfrom=bounces.client.test; "
                                      "dmarc=pass header.from=client.test"}))
        await answered_only_carol(mailbox, smtp, app)


async def test_only_the_configured_servers_authentication_results_count(mail_settings, mailbox, smtp):
    settings = mail_settings.model_copy(update=dict(email_authserv_id="mx.example.test"))
    async with running(settings) as (app, _):
        # a header the sender wrote under another server's name is ignored, in either direction
        mailbox.append(mail(ALICE, "Status", "/status", headers={
            "Authentication-Results": "mx.example.test; dkim=pass header.d=evil.test; dmarc=fail header.from=client.test",
        }))
        mailbox.append(mail("bob@other.test", "Status", "/status", headers={
            "Authentication-Results": f"{mail_settings.imap_host}; dmarc=fail header.from=other.test"}))
        answer = (await smtp.wait_for(1))[0]
        assert answer["To"] == "bob@other.test"
        mailbox.append(mail(CAROL, "Status", "/status", headers={
            "Authentication-Results": "MX.example.test 1; dkim=pass (good signature) header.d=client.test"}))
        mails = await smtp.wait_for(2)
        assert mails[1]["To"] == CAROL
        await until(lambda: all("\\Seen" in f for f in mailbox.flags().values()), "every mail marked seen")
    assert [rcpts for _, rcpts in smtp.envelopes] == [["bob@other.test"], [CAROL]]


async def test_auto_replies_are_answered_with_silence(mail_settings, mailbox, smtp):
    robots = [
        mail(ALICE, "Automatic reply: Re: Invoice", "/status"),
        mail(ALICE, "Auto: Re: Invoice", "/status"),
        mail(ALICE, "Out of Office: Re: Invoice", "/status"),
        mail(ALICE, "Abwesenheitsnotiz: Re: Rechnung", "/status"),
        mail(ALICE, "Réponse automatique : Re: Facture", "/status"),
        mail(ALICE, "Re: Invoice", "/status", headers={"X-Auto-Response-Suppress": "All"}),
        mail(ALICE, "Re: Invoice", "/status", headers={"Auto-Submitted": "auto-replied; owner-email=alice@client.test"}),
        mail(ALICE, "Re: Invoice", "/status", headers={"Precedence": "auto_reply"}),
    ]
    async with running(mail_settings) as (app, _):
        for m in robots:
            mailbox.append(m)
        mailbox.append(mail(CAROL, "Status", "/status"))
        await answered_only_carol(mailbox, smtp, app)


async def test_another_sender_answering_a_review_does_not_thread_the_owners_mails(mail_settings, mailbox, smtp,
                                                                                  tmp_path):
    sent = mail(ALICE, "Invoices", "attached", pdfs={"1.pdf": pdf_bytes(tmp_path, "RE-1"),
                                                     "2.pdf": pdf_bytes(tmp_path, "RE-2")})
    async with running(mail_settings) as (app, _):
        mailbox.append(sent)
        first, second = await smtp.wait_for(2)
        # Mallory got hold of the second summary and answers it, in her own name, with a subject of her own
        intruder = reply_to(second, "mallory@evil.test", "hello")
        intruder.replace_header("Subject", "Your account is locked, log in at evil.test")
        mailbox.append(intruder)
        to_mallory = (await smtp.wait_for(3))[2]
        assert to_mallory["To"] == "mallory@evil.test"
        assert text_of(to_mallory).startswith("There is no invoice waiting for review.")  # nothing of Alice's
        mailbox.append(reply_to(first, ALICE, "confirm"))
        mails = await smtp.wait_for(5)  # the stored invoice with the workbook, then the next review
        next_review = next(m for m in mails[3:] if "Next invoice waiting for review" in text_of(m))
        assert next_review["To"] == "alice@client.test"
        assert next_review["In-Reply-To"] != intruder["Message-ID"]
        assert "evil.test" not in next_review["Subject"] + next_review.get("References", "")
