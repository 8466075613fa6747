"""Identifiers: invoice number, vendor VAT ID and IBAN (checked with stdnum / schwifty), currency."""

from __future__ import annotations

import re
from collections import Counter

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from .cells import Cell, Sheet, text_after
from .find import Candidate, labelled
from .parse import CURRENCY_SYMBOLS, ISO_CURRENCIES
from .vatid import check as _valid_vat
from .vatid import vies_prefix

_NUMBER_TOKEN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-/_.]*$")
_CUSTOMER_CTX = re.compile(r"client|kunde|customer|buyer|acheteur|kaufer|cliente|klant|afnemer|comprador|destinat"
                           r"|\b(ihre|your|votre|vuestro|vostra|uw)\b")
_VAT_CTX = re.compile(r"vat|ust|mwst|tva|iva|btw|steuer|tax|nif|cif|p\.?\s?iva|partita|mva|uid|gst")
# a VAT ID starts with its country code: the EU's (and CHE) may go on with a letter; any other country
# stdnum knows (NO, ...) with a digit
_VAT = re.compile(r"\b(?:(?:GB|ATU|BE|BG|CY|CZ|DE|DK|EE|EL|GR|ES|FI|FR|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK"
                  r"|XI|CHE)[\s\-.]?[0-9A-Z]|[A-Z]{2}[\s\-.]?[0-9])[0-9A-Z .\-]{6,16}")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){10,30}")
_DATE_LIKE = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{2,4}$")


def number_parser(text: str) -> str | None:
    """An invoice number: the first token (of two) holding a digit that is not a date or a price."""
    toks = text.split()
    if len(toks) >= 2 and re.fullmatch(r"[A-Z]{1,4}", toks[0]) and sum(ch.isdigit() for ch in toks[1]) >= 2 \
            and not _DATE_LIKE.match(toks[1]):
        return f"{toks[0]} {toks[1].strip(',;:()[]')}"  # series prefix: 'FT 2024/512'
    for tok in toks[:2]:
        if tok.startswith("("):
            continue
        tok = tok.strip(",;:()[]")
        if not any(ch.isdigit() for ch in tok) or not _NUMBER_TOKEN.match(tok) or len(tok) > 30:
            continue
        if _DATE_LIKE.match(tok) or re.fullmatch(r"\d+[.,]\d{2}", tok):
            return None
        return tok.rstrip(".")
    return None


_TITLE_NUMBER = re.compile(
    r"(?:\w*rechnung\w*|invoice|facture|factura|fattura|factuur|fatura|avoir|gutschrift|credit note)"
    r"[^:]{0,24}?(?<![a-z])(?:nr|no|n°|nº|number|nummer|numero|num|#)\.?\s*:?\s*(?=\S*\d)")


_TITLE_HINT = re.compile(r"(?i)rechnung|invoice|factur|fattur|fatura|avoir|gutschrift|credit")
_OTHER_DOC = re.compile(r"bestell|order|commande|pedido|ordine|bestel|liefer|delivery|livraison|kunde|customer|client")


def invoice_number(sheet: Sheet) -> list[Candidate]:
    """Candidates for the invoice number, best first."""
    cands = [c for c in labelled(sheet, "invoice_number", number_parser, rivals=("invoice_date", "due_date"),
                                     strict=True)
             if not _CUSTOMER_CTX.search(c.anchor.norm if c.anchor else "")]
    for row in sheet.rows[:150]:
        if not _TITLE_HINT.search(row.text):
            continue
        cell = sheet.row_cell(row)
        m = _TITLE_NUMBER.search(cell.norm)
        if m and not _OTHER_DOC.search(m.group(0)):
            v = number_parser(text_after(cell, m.end()))
            if v:
                cands.append(Candidate(v, 0.9, cell, "title", "inline", cell.source, cell.conf, cell))
    # an id high on the first page beats one further down
    ranked = [Candidate(c.value, c.score - 0.2 * min(sheet.rel_y(c.cell) + c.cell.page, 2), c.cell, c.label,
                        c.how, c.source, c.conf, c.anchor) for c in cands]
    return sorted(ranked, key=lambda c: -c.score)


def vat_ids(sheet: Sheet, customer: Cell | None = None) -> list[Candidate]:
    """Valid VAT IDs of the document, the vendor's (not labelled as, or placed with, the customer's) first."""
    out = []
    for row in sheet.rows:
        for cell in row.cells:
            for m in _VAT.finditer(cell.text.upper()):
                raw = re.sub(r"[^0-9A-Z]", "", m.group(0))
                if sum(ch.isdigit() for ch in raw) < 8:
                    continue
                found = _valid_vat(raw)
                if found is None:
                    continue
                value, checksum_ok = found
                ctx = " ".join(c.norm for c in row.cells if c.box.x0 <= cell.box.x0)
                labelled_vat = bool(_VAT_CTX.search(ctx) or _VAT_CTX.search(_heading_above(sheet, cell)))
                if not labelled_vat and (not checksum_ok or not vies_prefix(value)):
                    continue  # outside the EU only a labelled one: 'NO 123456785' may be an invoice number
                score = (0.9 if labelled_vat else 0.75) - (0 if checksum_ok else 0.35 if checksum_ok is False else 0.45)
                in_block = customer is not None and 0 <= cell.row - customer.row <= 8 and \
                    abs(cell.box.x0 - customer.box.x0) < 6 * customer.height
                if _CUSTOMER_CTX.search(ctx) or in_block:
                    score -= 0.5
                how = ("checked" if labelled_vat else "pattern") if checksum_ok else "bad-checksum"
                out.append(Candidate(value, score, cell, None, how, cell.source, cell.conf))
    out.sort(key=lambda c: -c.score)
    return out


def _heading_above(sheet: Sheet, cell: Cell) -> str:
    """The cell over this one on the line above, as in a footer's columns ('USt-IdNr' over 'DE123456789')."""
    for r in reversed(sheet.rows[max(0, cell.row - 2): cell.row]):
        if r.page != cell.page or cell.box.y0 - r.box.y1 > 2 * cell.height:
            break
        for c in r.cells:
            if min(c.box.x1, cell.box.x1) - max(c.box.x0, cell.box.x0) > 0:
                return c.norm
    return ""


def _ocr_iban(up: str) -> str:
    """An IBAN's digit groups with O read for 0 repaired ('DEO8 7009 O100' -> 'DE08 7009 0100'); the check digits
    then decide whether the reading holds."""
    up = re.sub(r"\b([A-Z]{2})([0-9O]{2})(?= ?[0-9A-Z]{4})", lambda m: m.group(1) + m.group(2).replace("O", "0"), up)
    return re.sub(r"\b(?=[0-9O]*\d)[0-9O]{4}\b", lambda m: m.group(0).replace("O", "0"), up)


def iban(sheet: Sheet) -> Candidate | None:
    """The first IBAN with valid check digits; else one printed after 'IBAN' (to be flagged)."""
    bad = None
    for row in sheet.rows:
        for cell in row.cells:
            up = cell.text.upper() if cell.source == "text" else _ocr_iban(cell.text.upper())
            if not re.search(r"[A-Z]{2}\d{2}", up):
                continue
            for m in _IBAN.finditer(up):
                raw = m.group(0).replace(" ", "")
                for end in range(len(raw), 14, -1):
                    try:
                        value = IBAN(raw[:end]).compact
                    except (SchwiftyException, ValueError):
                        continue
                    return Candidate(value, 0.95, cell, None, "checked", cell.source, cell.conf)
                if "iban" in sheet.rows[cell.row].text.lower() and bad is None:
                    bad = Candidate(raw, 0.5, cell, "iban", "bad-checksum", cell.source, cell.conf)
    return bad


_SYMBOLS = sorted(CURRENCY_SYMBOLS, key=len, reverse=True)
_CURRENCY_RX = re.compile(
    r"(?<![A-Za-z])(?P<code>[A-Z]{3})(?![A-Za-z])|(?P<sym>"
    + "|".join(rf"(?<![A-Za-z]){re.escape(s)}(?![A-Za-z])" if s[-1].isalpha() else re.escape(s) for s in _SYMBOLS)
    + ")")


def currency(sheet: Sheet, sign_currency=lambda sign, default: default) -> Candidate | None:
    """The ISO code named most often (codes count double), or the symbol used most; sign_currency settles
    what a sign shared by several currencies ('kr') stands for on this page."""
    votes: Counter[str] = Counter()
    where: dict[str, Cell] = {}
    for row in sheet.rows:
        text = row.text
        if not _CURRENCY_RX.search(text):
            continue
        for cell in row.cells:
            for m in _CURRENCY_RX.finditer(cell.text):
                if m.group("code"):
                    if m.group("code") not in ISO_CURRENCIES:
                        continue
                    code, weight = m.group("code"), 2
                else:
                    sign = m.group("sym")
                    code, weight = sign_currency(sign, CURRENCY_SYMBOLS[sign]), 1
                votes[code] += weight
                where.setdefault(code, cell)
    if not votes:
        return None
    code, n = votes.most_common(1)[0]
    cell = where[code]
    return Candidate(code, min(0.98, 0.7 + 0.05 * n), cell, None, "pattern", cell.source, cell.conf)
