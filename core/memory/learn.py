"""Learning a vendor from a confirmed, corrected invoice, and using what was learned on the next one."""

from __future__ import annotations

import datetime as dt

from ..models import Extraction, FieldValue
from ..validate import check_arithmetic
from . import VendorKeys, VendorProfile
from .layout import AMOUNTS, Layout, find, locate

CANONICAL = ("vendor_name", "vendor_vat_id", "iban", "currency")
MEMORY_CONFIDENCE = 0.9


def keys_of(ex: Extraction) -> VendorKeys:
    f = ex.fields
    return VendorKeys.of(f["vendor_vat_id"].value, f["iban"].value, f["vendor_name"].value)


def learn(confirmed: Extraction, extracted: Extraction, corrected: set[str], layout: Layout,
          language: str | None, today: dt.date, known: VendorProfile | None = None) -> VendorProfile:
    """The profile after this confirmation: keys from both the extracted and the confirmed values (so the
    vendor is recognised by what the rules read next time too), canonical values, payment terms, hints."""
    keys = keys_of(confirmed) | keys_of(extracted) | (known.keys if known else VendorKeys())
    profile = VendorProfile(keys, dict(known.values) if known else {}, known.payment_days if known else None,
                            dict(known.hints) if known else {}, today)
    f = confirmed.fields
    for name in CANONICAL:
        if f[name].value is not None:
            profile.values[name] = str(f[name].value)
    issued, due = f["invoice_date"].value, f["due_date"].value
    if isinstance(issued, dt.date) and isinstance(due, dt.date) and 0 <= (due - issued).days <= 180:
        profile.payment_days = (due - issued).days
    for name in sorted(corrected):
        hint = locate(layout, name, f[name].value, language, today) if name in f else None
        if hint is not None:
            profile.hints[name] = hint
    return profile


def _put(ex: Extraction, name: str, value: object, reason: str) -> bool:
    old = ex.fields[name]
    if old.source == "user" or (old.value == value and not old.flagged):
        return False
    ex.fields[name] = FieldValue(value, MEMORY_CONFIDENCE, False, [reason], "memory")
    return True


def recall(ex: Extraction, profile: VendorProfile, layout: Layout, language: str | None) -> list[str]:
    """Fill ex from the profile: learned places first, then canonical values and usual payment terms.
    Returns the names of the fields changed; values read from an e-invoice are never touched."""
    changed: list[str] = []
    for name, hint in profile.hints.items():
        if ex.fields[name].source in ("xml", "user"):
            continue
        value = find(layout, name, hint, language)
        if value is not None and _put(ex, name, value, f"read where your correction of {hint.learned} found it"):
            changed.append(name)
    when = profile.learned.isoformat() if profile.learned else "an earlier invoice"
    for name in CANONICAL:
        known, f = profile.values.get(name), ex.fields[name]
        if known is None or f.source in ("xml", "user"):
            continue
        if name == "iban" and f.value is not None and f.value != known:
            f.flagged = True
            f.reasons.append(f"this vendor's invoices of {when} gave the IBAN {known}")
        elif f.value is None or (name == "vendor_name" and f.value != known):
            if _put(ex, name, known, f"learned from your correction on {when}"):
                changed.append(name)
    issued = ex.fields["invoice_date"].value
    if ex.fields["due_date"].value is None and profile.payment_days is not None and isinstance(issued, dt.date):
        due = issued + dt.timedelta(days=profile.payment_days)
        if _put(ex, "due_date", due, f"this vendor's usual {profile.payment_days} days (learned {when})"):
            changed.append("due_date")
    if AMOUNTS & set(changed):
        _recheck_amounts(ex)
    return changed


def _recheck_amounts(ex: Extraction) -> None:
    """Arithmetic doubts raised about the old amounts no longer hold; check the new ones."""
    for name in ("subtotal", "tax_total", "total"):
        f = ex.fields[name]
        stale = [r for r in f.reasons if " but total reads " in r]
        if stale:
            f.reasons = [r for r in f.reasons if r not in stale]
            f.flagged = f.value is None
    check_arithmetic(ex)
