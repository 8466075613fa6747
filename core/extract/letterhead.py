"""A scanned slip's shop: the strongest line of its letterhead, a line that could as well be the name, and
the address under the name or up from the postcode line."""

from __future__ import annotations

import re

from .cells import Sheet, make_cell
from .parse import parse_date
from .partytext import ADDRESS, ADDRESS_TAIL, LEGAL_FORM, NOISE, NOT_ADDRESS, NOT_SHOP, Party, clean_name


def letterhead(sheet: Sheet) -> Party | None:
    """A scanned slip: whole lines at the top; a legal form or a large, upper-case line is the shop."""
    rows = [r for r in sheet.rows if r.page == 0 and r.box.y0 / sheet.page_sizes[0][1] < 0.35]
    if not rows:
        return None
    heights = sorted(r.box.height for r in rows)
    median = heights[len(heights) // 2] or 1.0
    best, best_score, scored = None, 0.0, []
    title = next((r.index for r in rows if _TITLE.search(" ".join(c.norm for c in r.cells))), len(sheet.rows))
    for i, r in enumerate(rows[:12]):
        text = clean_name(r.text)
        low = " ".join(c.norm for c in r.cells)
        letters = sum(ch.isalpha() for ch in text)
        if letters < 4 or letters < 0.5 * len(text.replace(" ", "")) or NOISE.search(low) or ADDRESS.search(low) \
                or NOT_SHOP.search(low):
            continue
        if r.index > title and best is not None and best.index < title:
            continue  # a name under the title is the customer's, once the letterhead above it has one
        upper = sum(ch.isupper() for ch in text) / letters
        words = [w for c in r.cells for w in c.words if any(ch.isalpha() for ch in w.text)]
        read = sum(w.conf for w in words) / len(words) if words else 0.0
        # a line read poorly is often a logo taken for letters
        score = 1.0 + (1.5 if LEGAL_FORM.search(low) else 0) + min(r.box.height / median, 2) + upper - 0.08 * i \
            - max(0.0, 0.8 - read) * 1.25
        scored.append((score, r))
        if score > best_score:
            best, best_score = r, score
    if best is None:
        return None
    words, best = _name_words(sheet, best)
    name_cell = make_cell(words, best.page, best.index)
    how = "legal-form" if LEGAL_FORM.search(name_cell.norm) else "letterhead"
    address = _address_rows(sheet, best)
    if name_cell.source == "ocr" and (address is None or not _POSTCODE.search(address.lower())):
        # a scanned slip whose name was not above its address, or was misread
        address = _postcode_rows(sheet, rows) or address
    close = [r for sc, r in sorted(scored, key=lambda x: -x[0]) if sc >= best_score - RIVAL_MARGIN and r.index < title]
    return Party(name_cell.text, address, name_cell, 0.7 if how == "legal-form" else 0.5, how,
                 _rival(close, words, address))


def _name_words(sheet: Sheet, best):
    """The name line's words, with the line above ('NAME' / 'SDN BHD', 'NAME' / '& SONS') or the legal form
    under it joined; and the row the name ends on."""
    words = [w for c in best.cells for w in c.words]
    bare = LEGAL_FORM.sub("", " ".join(c.norm for c in best.cells))
    above = sheet.rows[best.index - 1] if best.index > 0 and sheet.rows[best.index - 1].page == 0 else None
    if above is not None and (sum(ch.isalpha() for ch in bare) < 3 or best.text.lstrip(" |").startswith("&")):
        return [w for c in above.cells for w in c.words] + words, best
    if best.index + 1 < len(sheet.rows):
        nxt = sheet.rows[best.index + 1]
        rest = LEGAL_FORM.sub("", " ".join(c.norm for c in nxt.cells))
        if LEGAL_FORM.search(" ".join(c.norm for c in nxt.cells)) and sum(ch.isalpha() for ch in rest) < 3:
            return words + [w for c in nxt.cells for w in c.words], nxt
    return words, best


def _rival(close, words, address: str | None) -> str | None:
    """The best of the letterhead lines scoring close to the name (best first) that is a whole name of its
    own: not part of the name, nor a later line of its address (its first line may be a name)."""
    used = {id(w) for w in words}
    for r in close:
        if _whole_name(r) and not any(id(w) in used for c in r.cells for w in c.words) \
                and (address or "").find(clean_name(r.text)) <= 0:
            return clean_name(r.text).lstrip(" -—–|=.:")
    return None


_TITLE = re.compile(r"(?<![a-z])(invoice|receipt|rechnung|quittung|facture|recu|factura|recibo|fattura|ricevuta"
                    r"|factuur|bon|fatura)(?![a-z])|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}")
RIVAL_MARGIN = 0.5  # a line scoring this close to the chosen one could as well be the shop's name


def _whole_name(row) -> bool:
    """A line of at least two clearly read words, not starting with a number (a street or a lot)."""
    words = [w for c in row.cells for w in c.words if any(ch.isalpha() for ch in w.text)]
    whole = [w for w in words if sum(ch.isalpha() for ch in w.text) >= 3 and w.conf >= 0.8]
    return len(whole) >= 2 and len(whole) >= 0.6 * len(words) and not row.text.lstrip(" |-=.").startswith(
        tuple("0123456789"))


_POSTCODE = re.compile(r"(?<![\d.\-/])(?<!no )(?<!no\. )(?<!lot )\d{5}(?![\d.\-/])")
_REGISTRATION = re.compile(r"[\W\d\s]*\(?[\w\s-]*\d[\w\s-]*\)?[\W\s]*")
_REGISTRATION_HEAD = re.compile(r"^\s*\(\s*\d[\w\s-]*\)\s*")  # '(81109-A) NO 290, JALAN ...'


def _is_registration(low: str) -> bool:
    """A line holding only a registration number ('(867388-U)'), no word."""
    return bool(_REGISTRATION.fullmatch(low)) and not re.search(r"[a-z]{3}", low)


_NOT_STREET = re.compile(r"@|www\.|tel|phone|fax|gst|reg|co\.? ?no|company|invoice|receipt|date|cashier"
                         r"|\d{1,2}[/-]\d{1,2}[/-]\d{2,4}|\d{10}")


def _postcode_rows(sheet: Sheet, rows) -> str | None:
    """The first postcode line of the letterhead with the street lines right above it (and a state after);
    rows of stray marks between them ('|', '.') are passed over."""
    for r in rows:
        low = " ".join(c.norm for c in r.cells)
        if not _POSTCODE.search(low) or _NOT_STREET.search(low):
            continue
        parts = [r]
        for up in reversed(sheet.rows[max(0, r.index - 6): r.index]):
            ulow = " ".join(c.norm for c in up.cells)
            if sum(ch.isalnum() for ch in ulow) < 3:
                continue
            if up.page != r.page or len(parts) >= 4 or _NOT_STREET.search(ulow) or LEGAL_FORM.search(ulow) \
                    or parse_date(up.text) is not None or _is_registration(ulow) \
                    or not (ADDRESS.search(ulow) or re.search(r"\d|,", ulow)):
                break
            parts.insert(0, up)
        nxt = sheet.rows[r.index + 1] if r.index + 1 < len(sheet.rows) else None
        if nxt is not None and re.fullmatch(r"[a-z .]{3,30}", nxt.text.lower().strip()) \
                and not NOT_ADDRESS.search(nxt.text.lower()):
            parts.append(nxt)
        lines = (ADDRESS_TAIL.split(p.text)[0] for p in parts)
        return " ".join(_REGISTRATION_HEAD.sub("", t).strip(" |") for t in lines)
    return None


def _address_rows(sheet: Sheet, name_row) -> str | None:
    """The lines under the shop's name up to the postcode line (and a state name after it)."""
    parts: list[str] = []
    for r in sheet.rows[name_row.index + 1: name_row.index + 7]:
        low = " ".join(c.norm for c in r.cells)
        text = ADDRESS_TAIL.split(r.text)[0].strip()
        if NOT_ADDRESS.search(low) or parse_date(r.text) is not None or not text:
            if parts:
                break
            continue
        if _is_registration(low):
            continue
        if re.search(r"formerly|licensee|^\(", low) or (not parts and LEGAL_FORM.search(low)):
            continue  # the company's full name or history
        parts.append(text)
        if re.search(r"\b\d{5}\b", low) or len(parts) >= 4:
            nxt = sheet.rows[r.index + 1] if r.index + 1 < len(sheet.rows) else None
            if nxt is not None and re.fullmatch(r"[a-z .]{3,30}", nxt.text.lower().strip()) \
                    and not NOT_ADDRESS.search(nxt.text.lower()) and len(parts) < 4:
                parts.append(nxt.text.strip())
            break
    return " ".join(parts) or None
