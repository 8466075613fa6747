"""Vendor memory: what a tenant's corrections taught about one vendor, and the port that keeps it.

A profile is found by what identifies the vendor (VAT ID, IBAN, normalised name); it holds the
canonical values and, per corrected field, where on the page the value sits and which label precedes it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Protocol

_LEGAL = re.compile(r"\b(gmbh|ag|kg|ohg|ug|mbh|co|ltd|limited|llc|inc|sa|sarl|sas|bv|nv|srl|spa|sl|lda|plc)\b")


def norm_name(name: str | None) -> str:
    """'Müller Bürobedarf GmbH & Co. KG' -> 'muller burobedarf': case, accents, punctuation, legal form gone."""
    if not name:
        return ""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    s = re.sub(r"[^a-z0-9]+", " ", s)
    return " ".join(_LEGAL.sub(" ", s).split())


def norm_id(value: str | None) -> str:
    return re.sub(r"[^0-9A-Z]", "", (value or "").upper())


@dataclass(frozen=True, slots=True)
class VendorKeys:
    """What identifies a vendor on an invoice; any one of them is enough."""

    vat_ids: frozenset[str] = frozenset()
    ibans: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()

    @classmethod
    def of(cls, vat_id: str | None = None, iban: str | None = None, *names: str | None) -> VendorKeys:
        return cls(frozenset(v for v in (norm_id(vat_id),) if v), frozenset(v for v in (norm_id(iban),) if v),
                   frozenset(n for n in map(norm_name, names) if n))

    def __or__(self, other: VendorKeys) -> VendorKeys:
        return VendorKeys(self.vat_ids | other.vat_ids, self.ibans | other.ibans, self.names | other.names)

    def matches(self, other: VendorKeys) -> int:
        """How strongly two key sets name the same vendor: 3 VAT ID, 2 IBAN, 1 name, 0 not at all.
        Different VAT IDs (or, without one, different IBANs) are different vendors whatever the names say:
        a name the rules misread (the customer's address, say) may be shared by many vendors."""
        if self.vat_ids & other.vat_ids:
            return 3
        if self.vat_ids and other.vat_ids:
            return 0
        if self.ibans & other.ibans:
            return 2
        if self.ibans and other.ibans:
            return 0
        return 1 if self.names & other.names else 0

    def empty(self) -> bool:
        return not (self.vat_ids or self.ibans or self.names)


@dataclass(frozen=True, slots=True)
class Hint:
    """Where a corrected field's value sat: page, box (fractions of the page), the label before it."""

    page: int
    box: tuple[float, float, float, float]
    label: str | None
    label_above: bool
    words: int
    learned: dt.date


@dataclass(slots=True)
class VendorProfile:
    keys: VendorKeys
    values: dict[str, Any] = field(default_factory=dict)  # canonical vendor_name, vendor_vat_id, iban, currency
    payment_days: int | None = None
    hints: dict[str, Hint] = field(default_factory=dict)
    learned: dt.date | None = None

    @property
    def name(self) -> str | None:
        return self.values.get("vendor_name")


class VendorMemory(Protocol):
    """Per-tenant vendor profiles; no call ever crosses tenants."""

    def recall(self, tenant: str, keys: VendorKeys) -> VendorProfile | None: ...

    def remember(self, tenant: str, profile: VendorProfile) -> None: ...

    def forget(self, tenant: str, keys: VendorKeys) -> int: ...


def to_dict(p: VendorProfile) -> dict:
    return {
        "keys": {k: sorted(getattr(p.keys, k)) for k in ("vat_ids", "ibans", "names")},
        "values": p.values, "payment_days": p.payment_days, "learned": p.learned.isoformat() if p.learned else None,
        "hints": {n: {"page": h.page, "box": list(h.box), "label": h.label, "label_above": h.label_above,
                      "words": h.words, "learned": h.learned.isoformat()} for n, h in p.hints.items()},
    }


def from_dict(d: dict) -> VendorProfile:
    k = d.get("keys") or {}
    keys = VendorKeys(*(frozenset(k.get(n) or ()) for n in ("vat_ids", "ibans", "names")))
    hints = {n: Hint(h["page"], tuple(h["box"]), h.get("label"), bool(h.get("label_above")), int(h.get("words") or 1),
                     dt.date.fromisoformat(h["learned"])) for n, h in (d.get("hints") or {}).items()}
    learned = dt.date.fromisoformat(d["learned"]) if d.get("learned") else None
    return VendorProfile(keys, dict(d.get("values") or {}), d.get("payment_days"), hints, learned)  # type: ignore[arg-type]
