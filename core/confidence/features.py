"""What the confidence model sees of one extracted field: its rules' verdict, its source, the shape of
its value and how the rest of the document holds together. The same function serves training and use."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import Decimal

from ..extract.labels import reads_as_label
from ..extract.partytext import LEGAL_FORM
from ..models import Document, Extraction, FieldValue

GROUPS = {
    "name": ("vendor_name", "customer_name", "vendor_address", "customer_address"),
    "id": ("invoice_number", "vendor_vat_id", "iban"),
    "date": ("invoice_date", "due_date"),
    "money": ("subtotal", "tax_total", "total", "amount_due"),
    "code": ("currency", "document_type"),
}
GROUP_OF = {name: group for group, names in GROUPS.items() for name in names}
GENERIC_REASON = "uncertain (confidence"  # the threshold's own flag, which the model replaces
CENT = Decimal("0.01")
_IBAN = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$")
_VAT = re.compile(r"^[A-Z]{2}[0-9A-Z]{6,14}$")

COMMON = ("conf", "rule_flag", "reasons", "src_ocr", "src_xml", "src_memory", "page_ocr_conf", "pages",
          "receipt", "credit_note", "english", "arith", "others_flagged", "items")
SHAPE = {
    "name": ("chars", "words", "digits", "upper", "legal_form", "label_like", "commas", "lines_in_doc"),
    "id": ("chars", "digits", "letters", "separators", "checksum", "iban_like", "vat_like", "in_text"),
    "date": ("years_off", "day_le_12", "future", "same_as_other", "in_month_range", "weekday", "is_first", "on_pages"),
    "money": ("log_amount", "integer", "negative", "is_max", "times_in_text", "equals_total", "cents_zero",
              "other_money"),
    "code": ("is_eur", "is_usd", "is_other", "from_symbol", "invoice", "receipt_t", "credit", "other_t"),
}


def names(group: str) -> tuple[str, ...]:
    """The feature names of a group, in vector order (the field itself is one-hot at the end)."""
    return COMMON + SHAPE[group] + tuple(f"is_{f}" for f in GROUPS[group])


@dataclass(frozen=True, slots=True)
class DocView:
    """What every field's features read of the document, worked out once per document."""

    text: str = ""
    compact: str = ""  # upper case, no white space
    lines: int = 0
    pages: int = 0
    ocr_confidence: float = 1.0

    @classmethod
    def of(cls, doc: Document | None) -> DocView:
        if doc is None:
            return cls()
        text = doc.text
        ocr = [c for p in doc.pages if (c := p.ocr_confidence) is not None]
        return cls(text, re.sub(r"\s", "", text.upper()), sum(len(p.lines) for p in doc.pages), len(doc.pages),
                   sum(ocr) / len(ocr) if ocr else 1.0)


def vector(name: str, ex: Extraction, doc: DocView, today: dt.date | None = None) -> list[float]:
    """The features of field `name` (which has a value) in vector order."""
    group = GROUP_OF[name]
    f = ex.fields[name]
    shape = _SHAPERS[group](name, f, ex, doc, today or dt.date.today())
    onehot = [1.0 if n == name else 0.0 for n in GROUPS[group]]
    return _common(f, ex, doc) + shape + onehot


def _common(f: FieldValue, ex: Extraction, doc: DocView) -> list[float]:
    specific = [r for r in f.reasons if not r.startswith(GENERIC_REASON)]
    flagged_others = sum(1 for v in ex.fields.values() if v is not f and v.flagged and v.value is not None)
    return [f.confidence, float(bool(specific) and f.flagged), float(len(f.reasons)), float(f.source == "ocr"),
            float(f.source == "xml"), float(f.source in ("memory", "llm")), doc.ocr_confidence,
            float(min(doc.pages, 10)), float(ex.document_type == "receipt"),
            float(ex.document_type == "credit_note"), float((ex.language or "en") == "en"), _arith(ex),
            float(flagged_others), float(min(len(ex.line_items), 30))]


def _arith(ex: Extraction) -> float:
    """1 when subtotal + tax = total, -1 when they disagree, 0 when one is missing."""
    sub, tax, total = (ex.fields[n].value for n in ("subtotal", "tax_total", "total"))
    if not all(isinstance(v, Decimal) for v in (sub, tax, total)):
        return 0.0
    return 1.0 if abs(sub + tax - total) <= 2 * CENT else -1.0


def _text_shape(name: str, f: FieldValue, ex: Extraction, doc: DocView, today: dt.date) -> list[float]:
    s = str(f.value)
    letters = [c for c in s if c.isalpha()]
    lines = doc.lines
    return [math.log1p(len(s)), float(len(s.split())), _share(s, str.isdigit), _share("".join(letters), str.isupper),
            float(bool(LEGAL_FORM.search(s.lower()))), float(reads_as_label(s)), float(s.count(",")),
            math.log1p(lines)]


def _id_shape(name: str, f: FieldValue, ex: Extraction, doc: DocView, today: dt.date) -> list[float]:
    s = str(f.value)
    compact = re.sub(r"[\s.\-/]", "", s.upper())
    text = doc.compact
    return [math.log1p(len(s)), _share(s, str.isdigit), _share(s, str.isalpha),
            float(sum(c in "-/. " for c in s)), _checksum(name, compact), float(bool(_IBAN.match(compact))),
            float(bool(_VAT.match(compact))), float(compact in text) if text else 1.0]


def _date_shape(name: str, f: FieldValue, ex: Extraction, doc: DocView, today: dt.date) -> list[float]:
    d = f.value
    if not isinstance(d, dt.date):
        return [0.0] * len(SHAPE["date"])
    other = ex.fields["due_date" if name == "invoice_date" else "invoice_date"].value
    years = abs((today - d).days) / 365.25
    return [min(years, 30.0), float(d.day <= 12), float(d > today), float(other == d),
            float(1 <= d.month <= 12 and d.day <= 28), float(d.weekday() >= 5), float(d.day == 1),
            float(min(doc.pages, 10))]


def _money_shape(name: str, f: FieldValue, ex: Extraction, doc: DocView, today: dt.date) -> list[float]:
    v = f.value
    if not isinstance(v, Decimal):
        return [0.0] * len(SHAPE["money"])
    amounts = [x.value for n, x in ex.fields.items() if n in GROUPS["money"] and isinstance(x.value, Decimal)]
    text = doc.text
    printed = f"{abs(v):.2f}"
    times = text.count(printed) + text.count(printed.replace(".", ","))
    total = ex.fields["total"].value
    return [math.log10(float(abs(v)) + 1), float(v == v.to_integral_value()), float(v < 0),
            float(abs(v) >= max(abs(a) for a in amounts)), float(min(times, 5)),
            float(isinstance(total, Decimal) and name != "total" and v == total), float(v % 1 == 0),
            float(len(amounts) - 1)]


def _code_shape(name: str, f: FieldValue, ex: Extraction, doc: DocView, today: dt.date) -> list[float]:
    v = str(f.value)
    return [float(v == "EUR"), float(v == "USD"), float(name == "currency" and v not in ("EUR", "USD")),
            float(any("symbol" in r for r in f.reasons)), float(ex.document_type == "invoice"),
            float(ex.document_type == "receipt"), float(ex.document_type == "credit_note"),
            float(ex.document_type == "other")]


def _checksum(name: str, compact: str) -> float:
    """1 valid, -1 invalid, 0 where no checksum applies."""
    if name == "iban":
        from schwifty import IBAN

        try:
            IBAN(compact)
            return 1.0
        except Exception:  # any way of failing is 'invalid'
            return -1.0
    if name == "vendor_vat_id":
        from stdnum import vatin

        try:
            return 1.0 if vatin.is_valid(compact) else -1.0
        except Exception:  # an unknown country prefix
            return 0.0
    return 0.0


def _share(s: str, test) -> float:
    return sum(1 for c in s if test(c)) / len(s) if s else 0.0


_SHAPERS = {"name": _text_shape, "id": _id_shape, "date": _date_shape, "money": _money_shape, "code": _code_shape}
