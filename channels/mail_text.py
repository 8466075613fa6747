"""Mail text: the new text of a reply above the quote (Gmail, Outlook, Apple Mail, Thunderbird styles),
HTML to text, and a mail body that is itself a receipt turned into a small PDF for the pipeline."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_ATTRIBUTION = r"(wrote|schrieb|a écrit|escribió|ha scritto|escreveu|schreef)[^\n]{0,80}:"
QUOTE_STARTS = [
    re.compile(r"^\s*>", re.M),
    re.compile(r"^[ \t]*(On|Am|Le|El|Il|Em|Op)\s[^\n]{0,300}(\n[^\n]{0,300})?" + _ATTRIBUTION + r"[ \t]*$", re.M | re.I),
    re.compile(r"^[ \t]*-{2,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original|"
               r"Forwarded message|Weitergeleitete Nachricht)\s*-{2,}", re.M | re.I),
    re.compile(r"^[ \t]*_{10,}[ \t]*$", re.M),
    re.compile(r"^[ \t]*\*?(From|Von|De|Da|Van)\s*:\*?[^\n]*\n[ \t]*\*?(Sent|Gesendet|Envoyé|Enviado|Inviato|"
               r"Verzonden|Date|Datum|To|An)\s*:", re.M | re.I),
    re.compile(r"^-- ?$", re.M),  # signature delimiter
]
INVOICE_WORDS = re.compile(r"\b(invoice|receipt|rechnung|quittung|beleg|facture|reçu|factura|recibo|fattura|"
                           r"ricevuta|factuur|bon|total|gesamt|summe|betrag|montant|importe|totale|totaal)\b", re.I)
AMOUNT = re.compile(r"\d[\d.,' ]*[.,]\d{2}\b")


def new_text(body: str) -> str:
    """Only what the sender wrote above the quoted message."""
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    cut = min((m.start() for p in QUOTE_STARTS if (m := p.search(body))), default=len(body))
    lines = body[:cut].rstrip().split("\n")
    if cut < len(body) and lines and lines[-1].rstrip().endswith(":") and len(lines) > 1:
        lines.pop()  # an attribution line of a style not listed above ("X schrieb am ...:")
    return "\n".join(lines).strip()


def body_is_document(body: str) -> bool:
    """A mail body that is itself a receipt or invoice: several lines, several amounts and an invoice word."""
    lines = [ln for ln in body.splitlines() if ln.strip()]
    return len(lines) >= 4 and len(AMOUNT.findall(body)) >= 2 and bool(INVOICE_WORDS.search(body))


class _Text(HTMLParser):
    SKIP = {"style", "script", "head", "title"}
    BLOCK = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "table", "hr"}
    QUOTE_MARKS = ("gmail_quote", "divrplyfwdmsg", "appendonsend", "moz-cite-prefix", "yahoo_quoted", "protonmail_quote")

    def __init__(self, stop_at_quote: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.stop_at_quote, self.out, self.skip, self.stopped = stop_at_quote, [], 0, False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if self.stopped:
            return
        marks = " ".join(str(v or "") for k, v in attrs if k in ("class", "id", "type")).lower()
        if self.stop_at_quote and (tag == "blockquote" or any(q in marks for q in self.QUOTE_MARKS)):
            self.stopped = True
            return
        if tag in self.SKIP:
            self.skip += 1
        if tag in self.BLOCK:
            self.out.append("\n")
        elif tag in ("td", "th"):
            self.out.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skip:
            self.skip -= 1
        if tag in self.BLOCK and not self.stopped:
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip and not self.stopped:
            self.out.append(data)


def html_to_text(html: str, stop_at_quote: bool) -> str:
    if not html:
        return ""
    parser = _Text(stop_at_quote)
    parser.feed(html)
    parser.close()
    lines = (" ".join(ln.replace("\xa0", " ").split()) for ln in "".join(parser.out).splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def text_pdf(text: str, max_lines: int = 60) -> bytes:
    """A one-page PDF with a text layer (Helvetica, WinAnsi) so the pipeline reads a mail body like a file."""
    lines = [ln.rstrip()[:110] for ln in text.replace("\r", "").split("\n")][:max_lines]
    ops = ["BT", "/F1 10 Tf", "12 TL", "40 800 Td"]
    for ln in lines:
        raw = ln.encode("cp1252", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        ops.append("(" + raw.decode("latin-1") + ") Tj T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
