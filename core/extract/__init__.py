"""Field extraction from a read Document: rules over the layout, no model needed."""

from __future__ import annotations

from ..models import Document, Extraction

REQUIRED = ("vendor_name", "invoice_number", "invoice_date", "total", "currency")


def extract(document: Document) -> Extraction:
    """Every field of the contract; fields not found are None and flagged when required."""
    result = Extraction.empty()
    for name in REQUIRED:
        f = result.fields[name]
        f.flagged = True
        f.reasons.append("not found on the document")
    return result
