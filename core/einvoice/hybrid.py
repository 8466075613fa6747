"""A hybrid PDF (Factur-X, ZUGFeRD): the embedded XML wins, and every field where the visible page
says something else is flagged, since the XML of a PDF can describe another invoice."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from ..models import Extraction

# fields worth comparing; addresses are laid out too differently on a page to compare as text
COMPARED = ("invoice_number", "invoice_date", "due_date", "currency", "subtotal", "tax_total", "total",
            "amount_due", "vendor_vat_id", "iban")
MIN_PAGE_CONFIDENCE = 0.6  # a page value the rules were unsure of is no evidence of a disagreement


def _norm(name: str, value: object) -> object:
    if isinstance(value, Decimal):
        return abs(value).quantize(Decimal("0.01"))  # credit notes print positive what the XML makes negative
    if isinstance(value, dt.date):
        return value
    return re.sub(r"[^0-9A-Z]", "", str(value).upper())


def _show(value: object) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def disagreements(xml: Extraction, page: Extraction) -> dict[str, str]:
    """field -> reason, for every field both sides state with confidence and state differently."""
    found: dict[str, str] = {}
    for name in COMPARED:
        x, p = xml.fields[name], page.fields[name]
        if x.value is None or p.value is None or p.confidence < MIN_PAGE_CONFIDENCE:
            continue
        a, b = _norm(name, x.value), _norm(name, p.value)
        if isinstance(a, str) and isinstance(b, str) and name == "invoice_number" and b and (a in b or b in a):
            continue  # "210111" on the page for "210111 mit LV" in the XML: the same number, differently cut
        if a != b:
            found[name] = f"the page shows {_show(p.value)} but the embedded XML says {_show(x.value)}"
    return found


def merge(xml: Extraction, page: Extraction) -> Extraction:
    """The XML's extraction, with the disagreements with the page flagged and the page's language; what a
    small profile (MINIMUM, BASIC WL) leaves out, such as line items or the IBAN, comes from the page."""
    for name, reason in disagreements(xml, page).items():
        f = xml.fields[name]
        f.flagged = True
        f.reasons.append(reason)
    for name, f in page.fields.items():
        if name in xml.fields and xml.fields[name].value is None and f.value is not None:
            xml.fields[name] = f
    if not xml.line_items:
        xml.line_items = page.line_items
    xml.language = page.language or xml.language
    return xml
