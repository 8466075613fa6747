"""Checks on an extraction: arithmetic, dates, tax rates, checksums; they set confidence, flags and reasons."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal

from .models import Extraction, FieldValue

CENT = Decimal("0.01")
PLAUSIBLE_RATES = tuple(Decimal(r) for r in (
    "0", "2.1", "2.5", "3", "4", "5", "5.5", "6", "7", "7.7", "8", "8.1", "9", "10", "12", "13", "14", "15", "16",
    "17", "18", "19", "20", "21", "22", "23", "24", "25", "27"))


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Where a field becomes flagged; callers pass their settings here."""

    flag_below: float = 0.6  # confidence under which a field is flagged
    ocr_weight: float = 0.5  # how much low OCR confidence lowers a field's confidence
    max_age_years: int = 15  # dates older than this are absurd
    max_future_days: int = 400


REQUIRED = ("vendor_name", "invoice_number", "invoice_date", "total", "currency")
REQUIRED_RECEIPT = ("vendor_name", "invoice_date", "total", "currency")


def _flag(f: FieldValue, reason: str, conf_cap: float | None = None) -> None:
    if reason not in f.reasons:
        f.reasons.append(reason)
    f.flagged = True
    if conf_cap is not None:
        f.confidence = min(f.confidence, conf_cap)


def _money(ex: Extraction, name: str) -> Decimal | None:
    v = ex.fields[name].value
    return v if isinstance(v, Decimal) else None


def check_arithmetic(ex: Extraction) -> None:
    """Line items against the subtotal, subtotal + tax against the total; boosts or flags the amounts."""
    f = ex.fields
    sub, tax, total = _money(ex, "subtotal"), _money(ex, "tax_total"), _money(ex, "total")
    derived = any(r.startswith("computed") for n in ("subtotal", "tax_total") for r in f[n].reasons)
    # a 'tax' larger than a third of the subtotal is another figure misread as one: no sum to check
    plausible = sub is not None and tax is not None and abs(tax) <= abs(sub) * Decimal("0.3")
    if sub is not None and tax is not None and total is not None and not derived and not plausible:
        _flag(f["tax_total"], f"tax {tax} cannot belong to subtotal {sub}", 0.5)
    elif sub is not None and tax is not None and total is not None and not derived:
        if abs(sub + tax - total) < CENT or (ex.document_type == "receipt" and abs(sub + tax - total) <= 5 * CENT):
            for n in ("subtotal", "tax_total", "total"):
                f[n].confidence = max(f[n].confidence, 0.97)
        else:
            msg = f"subtotal {sub} + tax {tax} = {sub + tax} but total reads {total}"
            # a total confirmed another way (cash minus change) stands; the other two are suspect
            suspects = ("subtotal", "tax_total") if f["total"].confidence >= 0.95 else ("subtotal", "tax_total", "total")
            for n in suspects:
                _flag(f[n], msg, 0.5)
    if ex.line_items and sub is not None:
        s = sum((li.line_total for li in ex.line_items if li.line_total is not None), Decimal(0))
        if abs(s - sub) < CENT:
            f["subtotal"].confidence = max(f["subtotal"].confidence, 0.97)
    if sub is not None and tax is not None and sub != 0:
        rate = (tax / sub * 100).quantize(Decimal("0.1"))
        if not any(abs(rate - r) <= Decimal("0.6") for r in PLAUSIBLE_RATES) and tax != 0:
            # a mix of rates is fine as long as it lies between the lowest and highest
            if not (Decimal(0) < rate < Decimal(27)):
                _flag(f["tax_total"], f"tax is {rate}% of the subtotal, not a usual VAT rate", 0.5)


def propose_missing(ex: Extraction) -> None:
    """Fill a missing subtotal or tax from the other two amounts (or the line items) and say so."""
    f = ex.fields
    sub, tax, total = _money(ex, "subtotal"), _money(ex, "tax_total"), _money(ex, "total")
    items = [li.line_total for li in ex.line_items if li.line_total is not None]
    if sub is None and items and total is not None:
        s = sum(items, Decimal(0))
        if tax is not None and abs(s + tax - total) < CENT or tax is None and 0 <= total - s <= s * Decimal("0.3"):
            sub = s
            f["subtotal"] = FieldValue(s, 0.7, False, ["computed as the sum of the line items"], f["total"].source)
    if total is not None and sub is not None and tax is None and 0 < total - sub <= abs(sub) * Decimal("0.3"):
        t = total - sub
        f["tax_total"] = FieldValue(t, 0.65, False, [f"computed as total {total} - subtotal {sub}"], f["total"].source)
    elif total is not None and tax is not None and sub is None and total != tax:
        s = total - tax
        f["subtotal"] = FieldValue(s, 0.65, False, [f"computed as total {total} - tax {tax}"], f["total"].source)


def check_dates(ex: Extraction, th: Thresholds, today: dt.date | None = None) -> None:
    today = today or dt.date.today()
    f = ex.fields
    for n in ("invoice_date", "due_date"):
        d = f[n].value
        if isinstance(d, dt.date):
            if d.year < today.year - th.max_age_years or (d - today).days > th.max_future_days:
                _flag(f[n], f"date {d.isoformat()} is implausible", 0.3)
    a, b = f["invoice_date"].value, f["due_date"].value
    if isinstance(a, dt.date) and isinstance(b, dt.date) and b < a:
        _flag(f["due_date"], f"due date {b.isoformat()} is before the invoice date {a.isoformat()}", 0.4)


def check_currency(ex: Extraction) -> None:
    from .extract.parse import ISO_4217  # here: core.extract imports this module

    f = ex.fields["currency"]
    if f.value is not None and f.value not in ISO_4217:
        _flag(f, f"{f.value} is not an ISO 4217 currency code", 0.2)


def finish(ex: Extraction, th: Thresholds) -> None:
    """Required fields present, confidence thresholds applied; run after the checks."""
    required = REQUIRED_RECEIPT if ex.document_type == "receipt" else REQUIRED
    for name, f in ex.fields.items():
        if name == "document_type":
            if f.confidence < th.flag_below:
                _flag(f, f"document type {ex.document_type} is uncertain")
            continue
        if f.value is None:
            f.confidence = 0.0
            if name in required:
                _flag(f, "not found on the document")
            continue
        if f.confidence < th.flag_below:
            # shown rounded down, so a value just under the threshold does not read as the threshold
            _flag(f, f"uncertain (confidence {math.floor(round(f.confidence * 100, 6)) / 100:.2f})")


def validate(ex: Extraction, th: Thresholds = Thresholds(), today: dt.date | None = None) -> Extraction:
    propose_missing(ex)
    check_arithmetic(ex)
    check_dates(ex, th, today)
    check_currency(ex)
    finish(ex, th)
    return ex
