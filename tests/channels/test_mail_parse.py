"""Reading mails without servers: quoting styles, robots, which parts are invoices, composing replies."""

from __future__ import annotations

import email.policy
import io
from email.message import EmailMessage

import pytest
from PIL import Image

from channels.mail_parse import parse
from channels.mail_reply import Thread, compose, subject
from channels.mail_text import html_to_text, new_text

OUR = "<ib-0123456789abcdef0123456789abcdef-00ff00ff00ff00ff@example.test>"


def raw(msg: EmailMessage) -> bytes:
    return msg.as_bytes(policy=email.policy.SMTP)


def base(body: str = "hello", **headers: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "Alice <Alice@Client.test>"
    msg["To"] = "bot@example.test"
    msg["Subject"] = "Re: Invoice"
    msg["Message-ID"] = "<m1@client.test>"
    msg.set_content(body)  # before the headers: it drops every Content-* header
    for k, v in headers.items():
        msg[k.replace("_", "-")] = v
    return msg


def png(w: int, h: int, noisy: bool = True) -> bytes:
    img = Image.effect_noise((w, h), 80).convert("RGB") if noisy else Image.new("RGB", (w, h), "white")
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize("body", [
    # Gmail
    "total 137.50\n\nOn Tue, 7 May 2024 at 09:12, Invoice Bot <bot@example.test> wrote:\n> total 999\n",
    # Gmail, attribution wrapped over two lines
    "total 137.50\r\n\r\nOn Tue, 7 May 2024 at 09:12, Invoice Bot <\r\nbot@example.test> wrote:\r\n\r\n> x\r\n",
    # Outlook desktop
    "total 137.50\n\n-----Original Message-----\nFrom: Invoice Bot\nSent: Tuesday\ntotal 999\n",
    # Outlook web / new Outlook
    "total 137.50\n\n________________________________\nFrom: Invoice Bot <bot@example.test>\nSent: Tuesday\n",
    # Outlook in German
    "total 137.50\n\nVon: Invoice Bot <bot@example.test>\nGesendet: Dienstag, 7. Mai 2024 09:12\nAn: Alice\n",
    # Thunderbird in German
    "total 137.50\n\nAm 07.05.24 um 09:12 schrieb Invoice Bot:\n> total 999\n",
    # Apple Mail
    "total 137.50\n\n> On 7 May 2024, at 09:12, Invoice Bot <bot@example.test> wrote:\n> \n> total 999\n",
    # French
    "total 137.50\n\nLe mar. 7 mai 2024 à 09:12, Invoice Bot <bot@example.test> a écrit :\n> total 999\n",
    # signature
    "total 137.50\n-- \nAlice Example\nphone 123\n",
])
def test_only_the_new_text_above_the_quote_is_read(body):
    assert new_text(body) == "total 137.50"


def test_html_only_replies_stop_at_the_quote():
    gmail = ('<div dir="ltr">vendor ACME &amp; Co<br>total 10.00</div><br><div class="gmail_quote">'
             '<div class="gmail_attr">On Tue ... wrote:</div><blockquote>total 999</blockquote></div>')
    outlook = ('<html><head><style>p{color:red}</style></head><body><p>confirm</p>'
               '<div id="appendonsend"></div><hr><div id="divRplyFwdMsg"><b>From:</b> Bot</div>total 999</body></html>')
    assert new_text(html_to_text(gmail, stop_at_quote=True)) == "vendor ACME & Co\ntotal 10.00"
    assert new_text(html_to_text(outlook, stop_at_quote=True)) == "confirm"


def test_a_reply_names_the_review_it_answers():
    mail = parse(raw(base("confirm\n> old", In_Reply_To=OUR, References=f"<m0@client.test> {OUR}")))
    assert mail.review == "0123456789abcdef0123456789abcdef"
    assert mail.text == "confirm" and mail.documents == []
    assert mail.sender == "alice@client.test" and mail.refused is None
    other = parse(raw(base("hi", In_Reply_To="<x@elsewhere.test>", Reply_To="Books <books@client.test>")))
    assert other.review is None and other.sender == "alice@client.test"  # Reply-To is never where data goes


@pytest.mark.parametrize("headers,reason", [
    ({"Auto_Submitted": "auto-replied"}, "auto-submitted"),
    ({"Auto_Submitted": "auto-generated"}, "auto-submitted"),
    ({"Precedence": "bulk"}, "precedence"),
    ({"Precedence": "list"}, "precedence"),
    ({"Return_Path": "<>"}, "bounce"),
    ({"List_Id": "<team.client.test>"}, "mailing list"),
    ({"List_Unsubscribe": "<mailto:u@client.test>"}, "mailing list"),
    ({"X_Autoreply": "yes"}, "auto-reply"),
    ({"Auto_Submitted": "no"}, None),
    ({"Auto_Submitted": "auto-replied; owner-email=alice@client.test"}, "auto-submitted"),
    ({"X_Auto_Response_Suppress": "All"}, "auto-response suppressed"),
    ({"X_Auto_Response_Suppress": "DR, AutoReply"}, "auto-response suppressed"),
    ({"X_Auto_Response_Suppress": "OOF"}, None),  # only out-of-office answers are unwanted, ours is none
    ({"Precedence": "auto_reply"}, "precedence"),
    ({"Precedence": "junk"}, "precedence"),
])
def test_robots_are_recognised(headers, reason):
    assert parse(raw(base("x", **headers))).automatic == reason


def test_bounces_from_daemons_and_reports():
    daemon = base("x")
    daemon.replace_header("From", "MAILER-DAEMON@client.test")
    assert parse(raw(daemon)).automatic == "daemon"
    report = EmailMessage()
    report["From"] = "alice@client.test"
    report.set_type("multipart/report")
    assert parse(raw(report)).automatic == "delivery report"


def test_invoices_are_found_and_logos_pixels_signatures_skipped():
    msg = base("see attached")
    msg.add_alternative('<p>see attached</p><img src="cid:logo"><img src="https://t.example/pixel.gif">',
                        subtype="html")
    html_part = msg.get_payload()[1]
    html_part.add_related(png(120, 40), maintype="image", subtype="png", cid="<logo>")  # signature logo
    msg.add_attachment(b"%PDF-1.4 one", maintype="application", subtype="pdf", filename="a.pdf")
    msg.add_attachment(b"%PDF-1.4 two", maintype="application", subtype="octet-stream", filename="B.PDF")
    msg.add_attachment(png(1, 1, noisy=False), maintype="image", subtype="png", filename="pixel.png")
    msg.add_attachment(png(1200, 90), maintype="image", subtype="png", filename="banner.png")
    msg.add_attachment(png(800, 1100), maintype="image", subtype="png", filename="receipt.png")
    msg.add_attachment(b"BEGIN:VCARD\r\nEND:VCARD\r\n", maintype="text", subtype="vcard", filename="me.vcf")
    msg.add_attachment(b"<?xml version='1.0'?><x/>", maintype="application", subtype="xml", filename="e.xml")
    inner = base("forwarded")
    inner.add_attachment(b"%PDF-1.4 three", maintype="application", subtype="pdf", filename="c.pdf")
    msg.add_attachment(inner)
    mail = parse(raw(msg))
    assert [d.filename for d in mail.documents] == ["a.pdf", "B.PDF", "receipt.png", "e.xml", "c.pdf"]


def test_a_plain_message_is_not_a_document():
    mail = parse(raw(base("/list")))
    assert mail.documents == [] and mail.text == "/list"


def test_reply_is_threaded_escaped_and_attached(tmp_path):
    book = tmp_path / "invoices-1.xlsx"
    book.write_bytes(b"PK\x03\x04 workbook")
    thread = Thread("alice@client.test", "Invoice\r\nBcc: victim@x.test", "<m2@client.test>", ("<m1@client.test>",))
    msg = compose(thread, "Invoice Bot <bot@example.test>", "Vendor <script>alert(1)</script> ⚠\n• total: missing",
                  job_id="0123456789abcdef0123456789abcdef", attachment=book)
    assert msg["Subject"] == "Re: Invoice Bcc: victim@x.test" and msg["Bcc"] is None
    assert msg["In-Reply-To"] == "<m2@client.test>"
    assert msg["References"] == "<m1@client.test> <m2@client.test>"
    assert msg["Message-ID"].startswith("<ib-0123456789abcdef0123456789abcdef-")
    html = msg.get_body(preferencelist=("html",)).get_content()
    assert "&lt;script&gt;" in html and "<script>" not in html
    [att] = list(msg.iter_attachments())
    assert att.get_filename() == "invoices-1.xlsx" and att.get_payload(decode=True) == b"PK\x03\x04 workbook"
    assert parse(raw(msg)).automatic == "auto-submitted"  # our own replies are never answered by us


def test_subject_prefix_is_not_doubled():
    assert subject("Re: Invoice") == "Re: Invoice"
    assert subject("AW: Rechnung") == "AW: Rechnung"
    assert subject("Invoice 17") == "Re: Invoice 17"
    assert subject("") == "Re: your invoice"


def test_a_body_is_a_document_only_when_it_looks_like_one():
    receipt = "Receipt\nShop GmbH\n2 x Coffee 5,00\nTotal 5,00 EUR\nThank you"
    question = "Hello,\nwhat happened to my invoice?\nThe total was 119.00.\nAlice"
    assert [d.filename for d in parse(raw(base(receipt))).documents] == ["mail-body.pdf"]
    assert parse(raw(base(question))).documents == []
    assert parse(raw(base(receipt, In_Reply_To=OUR))).documents == []  # a reply to us is a correction


def test_the_reply_language_comes_from_content_language():
    assert parse(raw(base("bestätigen", Content_Language="de-DE"))).language == "de"
    assert parse(raw(base("confirm"))).language is None


@pytest.mark.parametrize("title,reason", [
    ("Automatic reply: Re: Invoice", "auto-reply"),
    ("Autoreply: Invoice", "auto-reply"),
    ("Out of the office until Monday", "auto-reply"),
    ("Abwesenheitsnotiz: Rechnung", "auto-reply"),
    ("Automatische Antwort: Rechnung", "auto-reply"),
    ("Réponse automatique : Facture", "auto-reply"),
    ("Respuesta automática: Factura", "auto-reply"),
    ("Autohaus Müller Rechnung 17", None),
    ("Automobile parts invoice", None),
    ("Re: Invoice", None),
])
def test_auto_reply_subjects_are_recognised(title, reason):
    msg = base("x")
    msg.replace_header("Subject", title)
    assert parse(raw(msg)).automatic == reason
