"""Reply texts: acknowledgements, progress, the phone-sized summary with flags, invoice lists."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from core.models import Extraction

from .i18n import lang, t

DASH = "–"
HEADERS = {"receipt": "header_receipt", "credit_note": "header_credit_note"}


def money(value: Decimal | None, language: str | None) -> str:
    if value is None:
        return DASH
    text = f"{value:,.2f}"
    if lang(language) in ("de", "es"):
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    elif lang(language) == "fr":
        text = text.replace(",", "\u202f").replace(".", ",")
    return text


def day(value: dt.date | None, language: str | None) -> str:
    if value is None:
        return DASH
    if lang(language) == "en":
        return value.isoformat()
    return value.strftime("%d.%m.%Y") if lang(language) == "de" else value.strftime("%d/%m/%Y")


def clean(text: object, limit: int = 60) -> str:
    """User or document text shown in a reply: one line, no control characters, bounded."""
    s = "".join(ch if ch.isprintable() else " " for ch in str(text)).strip()
    return s if len(s) <= limit else s[: limit - 1] + "…"


def summary(ex: Extraction, language: str | None, duplicate: tuple[dt.datetime, str, str] | None = None) -> str:
    f = ex.fields
    cur = f["currency"].value or ""
    mark = {n: " ⚠" if fv.flagged else "" for n, fv in f.items()}
    lines = [
        t(language, HEADERS.get(ex.document_type, "header"), number=clean(f["invoice_number"].value or DASH) + mark["invoice_number"],
          vendor=clean(f["vendor_name"].value or DASH) + mark["vendor_name"]),
        t(language, "dates", date=day(f["invoice_date"].value, language) + mark["invoice_date"],
          due=day(f["due_date"].value, language) + mark["due_date"]),
        t(language, "amounts", net=money(f["subtotal"].value, language) + mark["subtotal"],
          tax=money(f["tax_total"].value, language) + mark["tax_total"],
          total=f"{money(f['total'].value, language)} {cur}".strip()
          + (" ⚠" if f["total"].flagged or f["currency"].flagged else "")),
        t(language, "lines", n=len(ex.line_items)),
    ]
    flagged = [(n, fv) for n, fv in f.items() if fv.flagged]
    if flagged:
        lines.append(t(language, "check"))
        lines += [f"• {n}: {clean('; '.join(fv.reasons) or '?', 120)}" for n, fv in flagged]
    if duplicate:
        when, vendor, number = duplicate
        lines.append("⚠ " + t(language, "duplicate", date=day(when.date(), language), vendor=clean(vendor or ""),
                                number=clean(number or "")))
    lines.append(t(language, "prompt"))
    return "\n".join(lines)


def invoice_line(inv, language: str | None) -> str:
    total = f"{money(inv.total, language)} {inv.currency or ''}".strip()
    return (f"#{inv.id} {day(inv.invoice_date, language)} {clean(inv.vendor_name or DASH, 30)} "
            f"{clean(inv.invoice_number or DASH, 20)} {total}")


def all_fields(ex: Extraction, language: str | None) -> str:
    """Every field with its value, a mark where it is flagged, and the line items."""
    lines = [t(language, "fields_head")]
    for name, fv in ex.fields.items():
        value = fv.value
        if isinstance(value, Decimal):
            shown = money(value, language)
        elif isinstance(value, dt.date):
            shown = day(value, language)
        else:
            shown = clean(value if value is not None else DASH, 80)
        reasons = f" ({clean('; '.join(fv.reasons), 80)})" if fv.flagged and fv.reasons else ""
        lines.append(f"{name}: {shown}{' ⚠' if fv.flagged else ''}{reasons}")
    if ex.line_items:
        lines.append(t(language, "fields_lines"))
        for i, li in enumerate(ex.line_items, 1):
            lines.append(f"{i}. {clean(li.description or DASH, 50)} · {li.quantity if li.quantity is not None else DASH}"
                         f" × {money(li.unit_price, language)} = {money(li.line_total, language)}")
    return "\n".join(lines)
