"""Field extraction from a read Document: rules over the layout, no model needed."""

from __future__ import annotations

import functools
import re
from decimal import Decimal

from ..models import Document, Extraction, FieldValue
from ..validate import Thresholds, validate
from .amounts import amounts_in, find_money, vat_breakdown
from .cells import Sheet
from .country import country_of, currency_for_sign
from .dates import due_date, invoice_date
from .doctype import document_type, till_roll
from .find import Candidate, confidence
from .ids import currency, iban, invoice_number, vat_ids
from .labels import detect_language, reads_as_label
from .line_items import line_items, receipt_items
from .parties import customer, vendor
from .partytext import LEGAL_FORM, POSTCODE_PLACE, clean_name


def _put(ex: Extraction, name: str, c: Candidate | None, th: Thresholds, rivals: list[Candidate] = (),
         note: str | None = None) -> None:
    if c is None or c.value == "":
        return
    conf, reason = confidence(c, rivals, th.ocr_weight, contested=th.flag_below - 0.05)
    reasons = [r for r in (note, reason) if r]
    ex.fields[name] = FieldValue(c.value, conf, False, reasons, c.source)  # type: ignore[arg-type]


_SLASH_DATE = re.compile(r"(?<![\d/.])(\d{1,2})[/.-](\d{1,2})[/.-](?:\d{4}|\d{2})(?![\d/])")


def _date_order(sheet: Sheet, lang: str, currency_code: str | None) -> str:
    """'en-US' (month first) when the document's own dates say so, or when undecided on a dollar invoice."""
    if lang != "en":
        return lang
    day_first = month_first = 0
    for m in _SLASH_DATE.finditer(sheet.text):
        a, b = int(m.group(1)), int(m.group(2))
        day_first += a > 12 >= b
        month_first += b > 12 >= a
    if day_first != month_first:
        return "en-US" if month_first > day_first else lang
    dollars = sheet.text.count("$") + sheet.text.count("USD")
    return "en-US" if currency_code == "USD" and dollars >= 2 else lang


def _check_breakdown(ex: Extraction, rows: list[tuple[Decimal, Decimal, Decimal]], sheet: Sheet, lang: str) -> None:
    """A printed per-rate VAT table must add up to the tax total."""
    if not rows:
        return
    f = ex.fields["tax_total"]
    taxes = sum((t for _, _, t in rows), Decimal(0))
    sub, total = ex.fields["subtotal"].value, ex.fields["total"].value
    fits = isinstance(sub, Decimal) and isinstance(total, Decimal) and abs(sub + taxes - total) < Decimal("0.01")
    if fits and f.value != taxes:
        # the breakdown pins the tax down; a different printed figure was misread or is wrong: say so
        note = f"the VAT breakdown gives {taxes}, which makes subtotal + tax = total"
        if f.value is not None:
            note += f", but the tax total reads {f.value}"
        ex.fields["tax_total"] = FieldValue(taxes, 0.9, f.value is not None, [note], f.source)
        return
    if f.value is None:
        ex.fields["tax_total"] = FieldValue(taxes, 0.7, False, ["computed from the VAT breakdown"], ex.fields["total"].source)
    elif abs(abs(f.value) - abs(taxes)) < Decimal("0.01"):
        f.confidence = max(f.confidence, 0.95)
    elif len(rows) > 1:
        base = sum((b for _, b, _ in rows), Decimal(0))
        printed = base + taxes if base + taxes != 0 and _lines_with(sheet, base + taxes, lang) else None
        if printed is not None and (sub, total) != (base, printed):
            # the amounts read were one rate's row; the breakdown's sums are confirmed by a printed total
            note = (f"the VAT breakdown gives subtotal {base} and tax {taxes}, whose sum {printed} is printed as a "
                    f"total; read were {sub}, {f.value} and {total}")
            due = ex.fields["amount_due"]
            if due.value == total and due.value is not None:
                ex.fields["amount_due"] = FieldValue(printed, due.confidence, due.flagged, due.reasons, due.source)
            for name, v in (("subtotal", base), ("tax_total", taxes), ("total", printed)):
                ex.fields[name] = FieldValue(v, 0.9, True, [note], ex.fields[name].source)
            return
        f.confidence = min(f.confidence, 0.5)
        f.reasons.append("the VAT breakdown adds up to " + format(taxes, "f") + ", not " + format(f.value, "f"))


def _larger_totals(ex: Extraction, money, totals: list[Candidate]) -> None:
    """A total far below another amount printed under a total label is suspect (a line or a rate)."""
    f, best = ex.fields["total"], money.total
    if best is None or money.consistent or f.value is None:
        return
    larger = [c for c in totals if c.value > abs(best.value) * Decimal("1.5") and c.score > best.score - 0.45]
    if larger:
        f.confidence = min(f.confidence, 0.5)
        f.reasons.append(f"a larger amount is also printed as a total: {larger[0].value}")


_SHORT_NUMBER_END = re.compile(r"(?<![\d\-/])\d{1,2}\W*$")  # '..., BATU 4': an address ends in its place
_LONG_NUMBER = re.compile(r"\d(?:-?\d){9,}")  # ten digits and more: no house number or postcode is that long
_FORM_TITLE = re.compile(r"\b(?:tax|invoice|receipt|cash|bill|order|table|total|welcome|thank)", re.I)


def _read_name(f: FieldValue, words) -> None:
    """An OCR'd letterhead name: several whole, confidently read words stand; a fragment or a form title does not."""
    if f.value is None:
        return
    text = str(f.value)
    words = [w for w in words if any(ch.isalpha() for ch in w.text)]
    whole = [w for w in words if sum(ch.isalpha() for ch in w.text) >= 3 and w.conf >= 0.8]
    forms = list(LEGAL_FORM.finditer(text.lower()))
    if _FORM_TITLE.search(text) and not forms:
        f.confidence = min(f.confidence, 0.45)
        f.reasons.append("reads like a heading, not a name")
    elif forms and len(re.findall(r"[^\W\d_]{3,}", text[forms[-1].end():])) >= 2:
        # a shop sign and its mall on one line ('EIGHT OUNCE COFFEE CO. THE GARDENS MALL'): the name ends at its form
        rest = text[forms[-1].end():].strip(" ,;-")
        f.value = text[:forms[-1].end()].rstrip(" ,;-")
        f.confidence = min(f.confidence, 0.55)
        f.reasons.append(f"the line goes on after the legal form ('{rest}'), left out")
    elif len(whole) >= 2 and len(whole) >= 0.6 * len(words):
        f.confidence = max(f.confidence, 0.62)
    elif len(whole) < 2:
        f.confidence = min(f.confidence, 0.45)
        f.reasons.append("only part of a name could be read")


def _lines_with(sheet: Sheet, value: Decimal, lang: str | None) -> int:
    """On how many lines the amount is read."""
    return sum(any(a.value == value for a in amounts_in(r.text, lang)) for r in sheet.rows)


def _doubtful_scan_total(ex: Extraction, money, totals: list[Candidate], sheet: Sheet, lang: str | None) -> None:
    """An OCR'd total that no sum or payment confirms is doubtful when read poorly (unless the same amount is
    read on another line too) or contradicted by another total."""
    f, best = ex.fields["total"], money.total
    if best is None or f.value is None or best.source != "ocr" or money.consistent or money.confirmed:
        return
    others = {c.value for c in (money.subtotal, money.tax_total) if c is not None}
    # a larger amount under a total label, beyond rounding (smaller ones are parts: a tax summary, a rate's total)
    rival = next((c for c in totals if c.how in ("inline", "right") and c.score >= 0.45
                  and c.value > best.value + Decimal("0.05") and c.value not in others), None)
    if rival is not None:
        f.confidence = min(f.confidence, 0.55)
        f.reasons.append(f"another total reads {rival.value}")
    elif best.conf < 0.75 and best.how != "computed" and _lines_with(sheet, best.value, lang) < 2:
        f.confidence = min(f.confidence, 0.55)
        f.reasons.append(f"poorly read (OCR confidence {best.conf:.2f})")


def _second_reading(f: FieldValue, cell, th: Thresholds) -> None:
    """A value whose words a closer look read differently is doubtful; the other reading is the reason."""
    others = sorted({w.alt for w in cell.words if w.alt})
    if f.value is None or not others:
        return
    f.confidence = min(f.confidence, th.flag_below - 0.05)
    f.reasons.append("read again closer, another reading gives " + " or ".join(others))


# words any company may carry; a name needs one of its own ('INTERNATIONAL SDN BHD' lost its first word)
_GENERIC = {"international", "trading", "enterprise", "enterprises", "company", "holding", "holdings", "group",
            "services", "service", "marketing", "industries", "industry", "handel", "gesellschaft", "groupe",
            "societe", "société", "comercial", "servizi", "the", "and", "of", "und", "et", "m", "s", "b"}


def _name_doubts(f: FieldValue) -> None:
    """A 'name' made mostly of form words ('Billing Calendar') or holding a date ('ORDR 9/30') is another cell."""
    if f.value is None:
        return
    text = str(f.value)
    reason = None
    if reads_as_label(text):
        reason = "reads like a label, not a name"
    elif re.search(r"(?<!\d)\d{1,2}/\d{1,2}(?!\d)", text):
        reason = "holds a date, not a name"
    elif LEGAL_FORM.search(text.lower()) and all(w in _GENERIC for w in re.findall(r"[^\W\d_]+", LEGAL_FORM.sub(
            " ", text.lower()))):
        reason = "nothing but a legal form and generic words: the name's own word may be missing"
    if reason is not None:
        f.confidence = min(f.confidence, 0.5)
        f.reasons.append(reason)


def extract(document: Document, thresholds: Thresholds | None = None) -> Extraction:
    """Every field of the contract; fields not found are None and flagged when required."""
    th = thresholds or Thresholds()
    ex = Extraction.empty()
    sheet = Sheet(document)
    if not sheet.cells:
        return validate(ex, th)
    lang = detect_language(sheet.text)
    ex.language = lang
    doc_type, type_conf = document_type(sheet)
    ex.document_type = doc_type
    ex.fields["document_type"] = FieldValue(doc_type, type_conf, False, [], document.source)

    money, money_cands = find_money(sheet, lang)
    for name in ("subtotal", "tax_total", "total", "amount_due"):
        rivals = [] if (money.consistent and name != "amount_due") or (money.confirmed and name == "total") \
            else money_cands[name]
        _put(ex, name, getattr(money, name), th, rivals, (money.notes or {}).get(name))
    if money.confirmed:
        ex.fields["total"].confidence = max(ex.fields["total"].confidence, 0.95)
    _larger_totals(ex, money, money_cands["total"])
    _doubtful_scan_total(ex, money, money_cands["total"], sheet, lang)
    _check_breakdown(ex, vat_breakdown(sheet, lang), sheet, lang)
    if doc_type == "credit_note":
        for name in ("subtotal", "tax_total", "total", "amount_due"):
            v = ex.fields[name].value
            if isinstance(v, Decimal):
                ex.fields[name].value = abs(v)

    found_iban = iban(sheet)
    country = functools.cache(lambda: country_of(sheet, found_iban))  # looked up once, if a shared sign asks
    found_currency = currency(sheet, lambda sign, default: currency_for_sign(sign, default, country))
    date_lang = _date_order(sheet, lang, found_currency.value if found_currency else None)
    dates = invoice_date(sheet, date_lang)
    issued = dates[0] if dates else None
    _put(ex, "invoice_date", issued, th, dates)
    if issued is not None:
        _second_reading(ex.fields["invoice_date"], issued.cell, th)
    _put(ex, "due_date", due_date(sheet, date_lang, issued.value if issued else None), th)
    numbers = invoice_number(sheet)
    _put(ex, "invoice_number", numbers[0] if numbers else None, th, numbers)
    _put(ex, "iban", found_iban, th)
    if found_iban is not None and found_iban.how == "bad-checksum":
        ex.fields["iban"].reasons.append("IBAN fails its check digits")
    _put(ex, "currency", found_currency, th)

    slip = doc_type == "receipt" or till_roll(sheet)
    cust = customer(sheet, slip)
    vend = vendor(sheet, cust.name_cell if cust else None, slip)
    vats = [c for c in vat_ids(sheet, cust.name_cell if cust else None) if c.score > 0.3]
    _put(ex, "vendor_vat_id", vats[0] if vats else None, th)
    if vats and vats[0].how == "bad-checksum":
        ex.fields["vendor_vat_id"].reasons.append("VAT ID fails its check digits")
    for prefix, party in (("vendor", vend), ("customer", cust)):
        if party is None or party.name_cell is None:
            continue
        c = party.name_cell
        how = "weak-label" if party.how == "right" and party.score <= 0.5 else party.how
        _put(ex, f"{prefix}_name", Candidate(clean_name(party.name), party.score, c, None, how, c.source, c.mean_conf),
             th)
        if c.source == "ocr" and how in ("letterhead", "legal-form"):
            _read_name(ex.fields[f"{prefix}_name"], c.words)
        if party.rival:
            f = ex.fields[f"{prefix}_name"]
            f.confidence = min(f.confidence, th.flag_below - 0.05)
            f.reasons.append(f"another line could be the name: {party.rival}")
        _name_doubts(ex.fields[f"{prefix}_name"])
        if party.how == "ship-to":
            ex.fields[f"{prefix}_name"].reasons.append("taken from the delivery address: no billing party is named")
        if party.address:
            # an address that reaches its postcode line is complete; without one it is a guess
            complete = any(m.start() >= 0.35 * len(party.address) for m in POSTCODE_PLACE.finditer(party.address))
            conf = 0.7 if complete else 0.4
            reasons = [] if complete else ["no postcode and place at its end: it may be cut short"]
            if complete and _SHORT_NUMBER_END.search(party.address):
                conf = min(conf, 0.45)
                reasons.append("ends in a short number, not a place: it may be cut short")
            if c.source == "ocr":
                conf *= 1 - th.ocr_weight * (1 - c.conf) * 0.5
                if complete and conf < th.flag_below:
                    reasons.append(f"poorly read (OCR confidence {c.conf:.2f})")
            if _LONG_NUMBER.search(party.address):
                conf = min(conf, 0.4)
                reasons.append("holds a long number (a registration or phone number?), not only an address")
            ex.fields[f"{prefix}_address"] = FieldValue(party.address, round(conf, 3), False, reasons,
                                                        c.source)  # type: ignore[arg-type]

    ex.line_items = line_items(sheet, lang)
    if not ex.line_items and doc_type == "receipt":
        ex.line_items = receipt_items(sheet, lang)
    if doc_type == "credit_note":
        for li in ex.line_items:
            li.line_total = abs(li.line_total) if li.line_total is not None else None
    return validate(ex, th)
