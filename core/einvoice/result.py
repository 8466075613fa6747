"""What both e-invoice syntaxes read into, and how it becomes an Extraction with source "xml"."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..models import Extraction, FieldValue, LineItem, VatLine

CENT = Decimal("0.01")
# UNTDID 1001 document type codes (EN 16931 uses a subset); anything else reads as an invoice
CREDIT_CODES = frozenset({"81", "83", "261", "262", "296", "308", "381", "396", "420", "458", "532"})

# the seller's country says more about the language than anything else in the XML
_COUNTRY_LANGUAGE = {
    "DE": "de", "AT": "de", "CH": "de", "LI": "de", "FR": "fr", "BE": "fr", "LU": "fr", "MC": "fr",
    "ES": "es", "IT": "it", "NL": "nl", "PT": "pt", "GB": "en", "IE": "en", "US": "en",
}


def document_type(type_code: str | None) -> str:
    return "credit_note" if type_code in CREDIT_CODES else "invoice"


def language(country: str | None) -> str | None:
    return _COUNTRY_LANGUAGE.get((country or "").upper())


@dataclass(slots=True)
class EInvoice:
    """The values read from the XML; field names follow core.models.FIELD_NAMES."""

    values: dict[str, Any] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)  # field -> how it was derived, when not read as is
    line_items: list[LineItem] = field(default_factory=list)
    vat_breakdown: list[VatLine] = field(default_factory=list)
    payment_terms: str | None = None
    document_type: str = "invoice"
    language: str | None = None
    profile: str | None = None
    syntax: str = "CII"

    def to_extraction(self) -> Extraction:
        ex = Extraction.empty()
        for name, value in self.values.items():
            if value is None or value == "" or name not in ex.fields:
                continue
            if isinstance(value, Decimal) and value.as_tuple().exponent > -2:  # type: ignore[operator]
                value = value.quantize(CENT)  # 300 -> 300.00; more decimals stay as stated
            note = self.notes.get(name)
            ex.fields[name] = FieldValue(value, 1.0, False, [note] if note else [], "xml")
        ex.document_type = self.document_type
        ex.fields["document_type"] = FieldValue(self.document_type, 1.0, False, [], "xml")
        ex.line_items = self.line_items
        ex.vat_breakdown = self.vat_breakdown
        ex.language = self.language
        ex.payment_terms = self.payment_terms
        return ex
