"""Reading an incoming mail: who sent it, whether it is automatic, which parts are invoices, the new reply text."""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass, field
from email.message import EmailMessage, Message

from .mail_auth import sender_address
from .mail_text import body_is_document, html_to_text, new_text, text_pdf

OUR_ID = re.compile(r"<ib-([0-9a-f]{32})-[0-9a-f]+@[^>]+>")
DOC_TYPES = ("application/pdf",)
XML_TYPES = ("application/xml", "text/xml")
NOISE_TYPES = ("application/pkcs7-signature", "application/x-pkcs7-signature", "application/pgp-signature",
               "application/pgp-keys", "application/ms-tnef", "application/ics", "text/calendar", "text/vcard",
               "text/x-vcard", "application/pgp-encrypted")
MIN_ATTACHED_IMAGE = 8_000  # bytes; below: icons, tracking pixels
MIN_INLINE_IMAGE = 40_000  # inline pictures are mostly logos and signatures unless they are large
MIN_SIDE, MIN_INLINE_SIDE, MAX_ASPECT = 300, 500, 5.0
AUTO_PRECEDENCE = {"bulk", "junk", "list", "auto_reply", "auto-reply"}
SUPPRESS_REPLIES = {"all", "autoreply"}  # X-Auto-Response-Suppress values that forbid our answer
AUTO_SUBJECT = re.compile(  # the prefixes mail programs give out-of-office and other automatic answers
    r"\s*(automatic reply|auto[- ]?reply|autoreply|auto-response|auto:|out of (the )?office|"
    r"abwesenheitsnotiz|abwesend|automatische antwort|r[ée]ponse automatique|absence du bureau|"
    r"respuesta autom[áa]tica|fuera de la oficina|risposta automatica|fuori sede|automatisch antwoord|"
    r"afwezig|resposta autom[áa]tica|fora do escrit[óo]rio|autosvar|automaattinen vastaus|"
    r"automatyczna odpowied[źz])(?!\w)", re.I)
DAEMONS = ("mailer-daemon", "postmaster", "noreply", "no-reply", "donotreply", "do-not-reply")


@dataclass(frozen=True, slots=True)
class Document:
    filename: str
    data: bytes


@dataclass(slots=True)
class MailIn:
    """What the channel needs from one mail; every string here came from the sender and is untrusted."""

    sender: str  # the one address in From; replies and data go there only, never to Reply-To
    subject: str
    message_id: str
    references: list[str]
    refused: str | None = None  # why the sender cannot be told apart (no single valid From address)
    automatic: str | None = None  # why it must not be answered (bounce, auto-reply, list)
    auth_results: tuple[str, ...] = ()  # the Authentication-Results headers, judged by the channel
    documents: list[Document] = field(default_factory=list)
    text: str = ""  # the new text of a reply, above the quote
    review: str | None = None  # the job id of our message this mail answers
    language: str | None = None  # from Content-Language (Outlook and Apple Mail set it), e.g. "de"

    @property
    def is_reply_to_us(self) -> bool:
        return self.review is not None


def parse(raw: bytes, size_only: bool = False) -> MailIn:
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    sender, refused = sender_address(msg)
    refs = _ids(str(msg.get("References", ""))) + _ids(str(msg.get("In-Reply-To", "")))
    mail = MailIn(sender=sender, subject=_one_line(str(msg.get("Subject", "")))[:200],
                  message_id=(_ids(str(msg.get("Message-ID", ""))) or [""])[0], references=refs[-20:],
                  refused=refused, automatic=automatic(msg, sender),
                  auth_results=tuple(str(v) for v in msg.get_all("Authentication-Results") or ())[:20])
    if m := re.match(r"\s*([A-Za-z]{2})\b", str(msg.get("Content-Language", ""))):
        mail.language = m.group(1).lower()
    in_reply_to = _ids(str(msg.get("In-Reply-To", "")))
    for ref in in_reply_to + list(reversed(refs)):
        if m := OUR_ID.fullmatch(ref):
            mail.review = m.group(1)
            break
    if size_only:
        return mail
    _collect(msg, mail)
    plain, html = _bodies(msg)
    body = plain if plain.strip() else html_to_text(html, stop_at_quote=False)
    if not mail.documents and not mail.is_reply_to_us and body_is_document(body):
        mail.documents.append(Document("mail-body.pdf", text_pdf(body)))
    reply = plain if plain.strip() else html_to_text(html, stop_at_quote=True)
    mail.text = new_text(reply)
    return mail


def automatic(msg: Message, sender: str) -> str | None:
    """Why a mail must never be answered, or None: bounces, auto-replies, mailing lists, bulk mail."""
    auto = str(msg.get("Auto-Submitted", "no")).split(";", 1)[0].strip().lower()
    if auto and auto != "no":
        return "auto-submitted"
    suppress = {v.strip().lower() for v in str(msg.get("X-Auto-Response-Suppress", "")).split(",")}
    if suppress & SUPPRESS_REPLIES:
        return "auto-response suppressed"
    if str(msg.get("Precedence", "")).strip().lower() in AUTO_PRECEDENCE:
        return "precedence"
    if AUTO_SUBJECT.match(_one_line(str(msg.get("Subject", "")))):
        return "auto-reply"
    if str(msg.get("Return-Path", "x")).strip() in ("<>", ""):
        return "bounce"
    if msg.get("List-Id") or msg.get("List-Unsubscribe") or msg.get("List-Post"):
        return "mailing list"
    if msg.get("X-Autoreply") or msg.get("X-Autorespond"):
        return "auto-reply"
    if msg.get_content_type() == "multipart/report":
        return "delivery report"
    if not sender or sender.split("@", 1)[0] in DAEMONS:
        return "no sender" if not sender else "daemon"
    return None


def _collect(msg: Message, mail: MailIn) -> None:
    """Every part that is an invoice, also inside forwarded messages (message/rfc822)."""
    for part in msg.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        name = _one_line(part.get_filename() or "")[:120]
        disposition = (part.get_content_disposition() or "").lower()
        if ctype in ("text/plain", "text/html") and disposition != "attachment":
            continue
        try:
            data = part.get_payload(decode=True) or b""
        except (ValueError, LookupError):
            continue
        lname = name.lower()
        if ctype in XML_TYPES or lname.endswith(".xml"):  # e-invoices are read exactly by the pipeline
            mail.documents.append(Document(name or "invoice.xml", data))
        elif ctype in DOC_TYPES or lname.endswith(".pdf") or data[:1024].find(b"%PDF-") >= 0:
            mail.documents.append(Document(name or "invoice.pdf", data))
        elif ctype.startswith("image/"):
            if _is_invoice_image(data, inline=disposition != "attachment"):
                mail.documents.append(Document(name or f"image.{ctype.split('/')[1][:8]}", data))
        elif disposition == "attachment" and ctype not in NOISE_TYPES and not ctype.startswith("text/"):
            mail.documents.append(Document(name or "attachment", data))  # the pipeline says what it is


def _is_invoice_image(data: bytes, inline: bool) -> bool:
    """Logos, signatures and tracking pixels are small or banner-shaped; photos of receipts are not."""
    if len(data) < (MIN_INLINE_IMAGE if inline else MIN_ATTACHED_IMAGE):
        return False
    try:
        from io import BytesIO

        from PIL import Image

        with Image.open(BytesIO(data)) as img:
            w, h = img.size
    except Exception:  # noqa: BLE001 - an image Pillow cannot open goes to the pipeline, which explains
        return not inline
    side = MIN_INLINE_SIDE if inline else MIN_SIDE
    return min(w, h) >= side and max(w, h) / max(1, min(w, h)) <= MAX_ASPECT


def _bodies(msg: Message) -> tuple[str, str]:
    """The top-level text and HTML bodies (not those of forwarded messages' attachments)."""
    plain = html = ""
    if isinstance(msg, EmailMessage):
        for kind in ("plain", "html"):
            part = msg.get_body(preferencelist=(kind,))
            if part is None:
                continue
            try:
                content = part.get_content()
            except (LookupError, ValueError):
                content = (part.get_payload(decode=True) or b"").decode("utf-8", "replace")
            if kind == "plain":
                plain = content
            else:
                html = content
    return plain, html


def _ids(value: str) -> list[str]:
    return re.findall(r"<[^<>\s]{1,250}>", value)


def _one_line(text: str) -> str:
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
