"""Find the e-invoice XML embedded in a PDF/A-3 (Factur-X, ZUGFeRD, XRechnung) via pypdfium2."""

from __future__ import annotations

import pypdfium2 as pdfium

from .xmltree import MAX_XML_BYTES

# the names the standards give the embedded file, in order of preference (compared case-insensitively)
KNOWN_NAMES = ("factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml", "order-x.xml")
_ROOT_MARKERS = (b"CrossIndustryInvoice", b"CrossIndustryDocument", b"<Invoice", b":Invoice", b"<CreditNote",
                 b":CreditNote")


def embedded_xml(data: bytes) -> tuple[str, bytes] | None:
    """(file name, XML bytes) of the embedded e-invoice, or None when the PDF carries none."""
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return None
    try:
        found: list[tuple[int, str, bytes]] = []
        for i in range(doc.count_attachments()):
            att = doc.get_attachment(i)
            name = att.get_name() or ""
            if not name.lower().endswith(".xml"):
                continue
            try:
                payload = bytes(att.get_data())
            except pdfium.PdfiumError:
                continue
            if len(payload) > MAX_XML_BYTES or not any(m in payload[:65536] for m in _ROOT_MARKERS):
                continue
            rank = KNOWN_NAMES.index(name.lower()) if name.lower() in KNOWN_NAMES else len(KNOWN_NAMES)
            found.append((rank, name, payload))
        if not found:
            return None
        _, name, payload = min(found, key=lambda f: f[0])
        return name, payload
    finally:
        doc.close()
