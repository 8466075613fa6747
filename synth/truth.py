"""The label record of a document in the datasets' truth.jsonl format, and the printed form of each
labelled value, so that a document can be checked to show every value it is labelled with."""

from __future__ import annotations

from synth.model import Doc
from synth.money import SYMBOLS, amount_text


def _dec(x) -> str:
    return f"{x.normalize():f}" if x == x.to_integral_value() else f"{x:f}"


def description(ln) -> str:
    return f"{ln.description} {ln.detail}".strip()


def record(doc: Doc, extra: dict | None = None) -> dict:
    """{"id", "file", "fields", "line_items"} plus a "synth" key with how the document was made."""
    receipt = doc.kind == "receipt"
    fields = {
        "vendor_name": doc.vendor.name,
        "customer_name": doc.customer.name if doc.customer else None,
        "vendor_address": doc.vendor.address,
        "invoice_number": doc.number,
        "invoice_date": doc.issue.isoformat(),
        "due_date": doc.due.isoformat() if doc.due else None,
        "currency": doc.currency,
        "subtotal": amount_text(doc.subtotal),
        "tax_total": amount_text(doc.tax_total),
        "total": amount_text(doc.total),
        "amount_due": None if receipt else amount_text(doc.amount_due),
        "vendor_vat_id": doc.vendor.vat,
        "iban": doc.iban_print,
        "document_type": doc.kind,
        "language": doc.lang,
        "rendering": "till-slip" if doc.family.startswith("till_") else "designed-layout",
    }
    items = [{"description": description(ln), "quantity": _dec(ln.qty), "unit_price": f"{ln.unit_price:f}",
              "line_total": amount_text(ln.total)} for ln in doc.lines]
    synth = {"family": doc.family, "locale": doc.locale, "country": doc.country, **(extra or {})}
    return {"id": doc.id, "file": f"docs/{doc.id}.pdf", "fields": fields, "line_items": items, "synth": synth}


def printed(doc: Doc) -> dict[str, list[tuple[str, ...]]]:
    """For each labelled field the strings that must appear on the page; a tuple holds alternatives."""
    req: dict[str, list[tuple[str, ...]]] = {
        "vendor_name": [(doc.vendor.name,)],
        "vendor_address": [(doc.vendor.street,), (doc.vendor.city_line,)],
        "invoice_number": [(doc.number,)],
        "invoice_date": [(doc.date(doc.issue),)],
        "currency": [(doc.currency, SYMBOLS[doc.currency])],
        "subtotal": [(doc.num(doc.subtotal),)],
        "tax_total": [(doc.num(doc.tax_total),)],
        "total": [(doc.num(doc.total),)],
    }
    if doc.kind != "receipt":
        req["amount_due"] = [(doc.num(doc.amount_due),)]
    if doc.customer:
        req["customer_name"] = [(doc.customer.name,)]
    if doc.due:
        req["due_date"] = [(doc.date(doc.due),)]
    if doc.vendor.vat:
        req["vendor_vat_id"] = [(doc.vendor.vat_print,)]
    if doc.iban_print:
        req["iban"] = [(doc.iban_print,)]
    for i, ln in enumerate(doc.lines):
        req[f"line{i}.description"] = [(w,) for w in description(ln).split()]
        req[f"line{i}.line_total"] = [(doc.num(ln.total),)]
    return req


def squash(text: str) -> str:
    return " ".join(text.casefold().split())


def missing(doc: Doc, text: str) -> list[str]:
    """Fields whose printed form is not in text (compared case-blind, whitespace folded)."""
    hay = squash(text)
    return [name for name, needs in printed(doc).items()
            if not all(any(squash(alt) in hay for alt in alts) for alts in needs)]
