"""Vendor and customer: name and address from party labels, legal forms, return-address lines and the letterhead."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cells import Cell, Sheet, make_cell, text_after
from .labels import CUSTOMER_ORDER, CUSTOMER_RE, FORM_WORDS, VENDOR_ORDER, VENDOR_RE
from .parse import parse_date

LEGAL_FORM = re.compile(
    r"(?<![a-z])(gmbh|ag|kg|ohg|ug|e\.?\s?k|sarl|sas|sasu|sa|eurl|s\.?a\.?r\.?l|ltd|limited|llc|inc|plc|corp|co\.|"
    r"s\.?l\.?u?|s\.?r\.?l|s\.?p\.?a|b\.?v|n\.?v|vof|lda|sdn\.? bhd|bhd|enterprise|trading|restaurant|"
    r"company|corporation|holding|gbr|mbh|s/b|sdn)(?![a-z])")
_NOISE = re.compile(r"@|www\.|https?:|(?<![a-z])(tel|phone|fax|telefon|iban|bic|swift|gst|ust|vat|tva|siret|siren|page"
                    r"|seite|invoice|\w*rechnung\w*|facture|factura|fattura|factuur|fatura|receipt|datum|date|stylesheet"
                    r"|gln|nummer|number)(?![a-z])|^\W*$|\d{1,2}[./]\d{1,2}[./]\d{2,4}")
_ADDRESS = re.compile(r"^(no|lot|unit|level)\b[\s.,]*\d|(?<![a-z])(jalan|jln|taman|street|road)(?![a-z])|\b\d{5}\b")
_STREET_OR_CITY = re.compile(r"^\d|\d{4,5}\b|strasse|str\.|street|rue|avenue|road|jalan|calle|via |straat|rua ")
_SUITE = re.compile(r"(?<![a-z])(suite|ste|building|bldg|floor|p\.?o\.? box|postfach|bp|apartado|casella postale)(?![a-z])")
_SEPARATORS = re.compile(r"\s[·•●|–∙]\s|\s-\s")
_LABELLISH = re.compile(r":\s*$|^[^:]{1,30}:\s")


@dataclass(frozen=True, slots=True)
class Party:
    name: str | None
    address: str | None
    name_cell: Cell | None
    score: float
    how: str
    rival: str | None = None  # another line that could as well be the name (a shop sign beside its company)


def _is_name(cell: Cell, sheet: Sheet | None = None) -> bool:
    letters = sum(ch.isalpha() for ch in cell.text)
    words = re.findall(r"[a-z]+", cell.norm)
    if words and all(w in FORM_WORDS for w in words):
        return False  # 'Agency Product Brand': form labels, not a name
    if sheet is not None and ":" in sheet.rows[cell.row].text:
        return False
    if " " not in cell.text.strip() and any(ch.isdigit() for ch in cell.text):
        return False  # an identifier, not a name
    return letters >= 2 and not _NOISE.search(cell.norm) and not _LABELLISH.search(cell.text) \
        and len(cell.text) <= 80


def _block_below(sheet: Sheet, start: Cell, max_rows: int = 6, first_gap: float = 1.6) -> list[Cell]:
    """Cells under start aligned on its left edge, stopping at a wide vertical gap."""
    out, last = [], start
    for r in sheet.rows[start.row + 1: start.row + 1 + max_rows * 2]:
        gap = first_gap if last is start else 1.6
        if r.page != start.page or r.box.y0 - last.box.y1 > gap * max(last.height, start.height):
            break
        for c in r.cells:
            if abs(c.box.x0 - start.box.x0) < 1.5 * start.height or (
                    c.box.x0 < start.box.cx < c.box.x1 and c.box.width < 3 * start.box.width):
                out.append(c)
                last = c
                break
        if len(out) >= max_rows:
            break
    return out


def _address(cells: list[Cell]) -> str | None:
    parts = []
    for c in cells:
        if re.search(r"@|www\.|tel|phone|fax|telefon|iban|ust|vat|tva|gst|siret|:", c.norm) and parts:
            break
        if re.search(r"@|www\.|tel\b|fax|:", c.norm):
            continue
        parts.append(c.text)
        if len(parts) >= 4:
            break
    return " ".join(parts) or None


_NOT_ADDRESS = re.compile(r"@|www\.|tel|phone|fax|gst|reg|co\.? ?no|company|invoice|receipt|date|cash|sales|counter"
                          r"|cashier|\d{1,2}[/-]\d{1,2}[/-]\d{2,4}|\d[.,]\d{2}\b|\brm\s?\d|hrs|open")
_ADDRESS_TAIL = re.compile(r"\s(?:tax\s?invoice|invoice|receipt)\b.*$", re.I)
_NOT_SHOP = re.compile(r"hours|(?<![a-z])(reg|co\.? ?n[o0]|company n[o0]|company reg|gst|sst|welcome|selamat)(?![a-z])"
                       r"|^\d+-")
_NAME_WORDS = {"name", "trade", "company", "nom", "firma", "details", "information", "commercial", "legal"}
_TRAILING_LABEL = re.compile(r"\s(invoice|rechnung|facture|factura|date|datum|total|order|contract|estimate|page)\b",
                             re.I)
_NAME_LABEL = re.compile(r"^(name|firma|company|company name|nom|raison sociale|nombre|razon social|nome|"
                         r"ragione sociale|denominazione|naam|bedrijfsnaam|empresa|firmenname)\s*:")
_SHORT = {"an", "to", "from", "station", "client", "kunde", "customer", "cliente", "klant"}


def _name_from_rows(sheet: Sheet, head: Cell) -> tuple[Cell, list[Cell]] | None:
    """Under a party heading: a 'Name:' row's value, else the first row that reads as a name."""
    rows = [r for r in sheet.rows[head.row + 1: head.row + 12] if r.page == head.page]
    last_y = head.box.y1
    for i, r in enumerate(rows):
        if r.box.y0 - last_y > 3.5 * head.height:
            break
        last_y = r.box.y1
        cells = [c for c in r.cells if c.box.x1 > head.box.x0 - 2 * head.height]
        if not cells:
            continue
        first = cells[0]
        if abs(first.box.x0 - head.box.x0) > 4 * head.height and i > 0:
            continue
        if _NAME_LABEL.match(first.norm):
            rest = re.sub(r"^[^:]*:\s*", "", first.text)
            target = first if rest else (cells[1] if len(cells) > 1 else None)
            if target is not None:
                return (target if not rest else first), _block_below(sheet, target)
        if _is_name(first, sheet) and not _LABELLISH.search(r.text):
            return first, _block_below(sheet, first)
    return None


def _label_cells(sheet: Sheet, rx: re.Pattern[str], order: dict[str, int]) -> list[tuple[Cell, re.Match[str]]]:
    """Cells starting (or ending) with a party label, the most telling labels first."""
    hits = []
    for cell in sheet.cells:
        if len(cell.norm) > 80:
            continue
        for m in rx.finditer(cell.norm):
            tail = cell.norm[m.end():].strip()
            if m.start() == 0 or tail in ("", ":"):
                hits.append((order.get(m.group(0), 99), cell.page, cell.row, cell, m))
                break
    hits.sort(key=lambda h: h[:3])
    return [(h[3], h[4]) for h in hits]


def _from_label(sheet: Sheet, rx: re.Pattern[str], order: dict[str, int]) -> Party | None:
    for cell, m in _label_cells(sheet, rx, order):
        after = cell.norm[m.end():].strip()
        if m.group(0) in _SHORT and not after.startswith(":"):
            continue
        rest = text_after(cell, m.end()).lstrip(" :") if after.startswith(":") else ""
        if rest and _is_name_text(rest):
            start = cell.words[len(cell.words) - len(rest.split())]
            return Party(_wrapped(sheet, cell, start.box.x0, rest), _address(_block_below(sheet, cell)), cell, 0.85,
                         "inline")
        if after and not after.startswith(":") and not all(w in _NAME_WORDS for w in after.split()):
            continue  # the label word starts some other phrase
        right = sheet.right_of(cell, 3)
        edge, limit = cell.box.x1, 10 * cell.height
        while right and (_LABELLISH.search(right[0].text) or _NAME_LABEL.match(right[0].norm + ":")) \
                and right[0].box.x0 - edge < limit:
            edge, limit = right[0].box.x1, 20 * cell.height
            right = right[1:]
        if right and right[0].box.x0 - edge < limit and not rx.match(right[0].norm):
            value = right[0]
            cut = _TRAILING_LABEL.search(value.text)
            if cut and cut.start() > 3:  # another label glued to the value: 'ACME Corp Invoice Date'
                value = make_cell(value.words[:len(value.text[:cut.start()].split())], value.page, value.row)
            if _is_name(value):
                # a label found at the end of a run of words is weaker evidence than one heading a cell
                return Party(_wrapped(sheet, value, value.box.x0, value.text), _address(_block_below(sheet, right[0])),
                             value,
                             0.85 if m.start() == 0 else 0.5, "right")
        if m.start() > 0:
            continue
        found = _name_from_rows(sheet, cell)
        if found:
            name_cell, below = found
            text = re.sub(r"^[^:]*:\s*", "", name_cell.text) if _NAME_LABEL.match(name_cell.norm) else name_cell.text
            return Party(text, _address(below), name_cell, 0.8, "below")
    return None


# a name does not end on a word that joins it to more: the rest wrapped to the next line of its column
_DANGLING = re.compile(r"\s(for|of|and|&|the|für|und|der|des|pour|et|de|du|per|di|del|e|van|voor|en|para|y|do|da)$",
                       re.I)


def _wrapped(sheet: Sheet, cell: Cell, x: float, text: str) -> str:
    """text with the part wrapped under it ('Beth Parlato for' / 'Congress - NY CD-27' -> '... for Congress'):
    the next row's cell starting where the value starts, up to a separator."""
    if not _DANGLING.search(text) or cell.row + 1 >= len(sheet.rows):
        return text
    below = sheet.rows[cell.row + 1]
    if below.page != cell.page:
        return text
    cont = next((c for c in below.cells if abs(c.box.x0 - x) < 1.5 * cell.height and ":" not in c.text), None)
    if cont is None:
        return text
    return f"{text} {_SEPARATORS.split(cont.text)[0].strip()}"


def _is_name_text(text: str) -> bool:
    return sum(ch.isalpha() for ch in text) >= 2 and len(text) <= 80


def _return_address(sheet: Sheet) -> Cell | None:
    """The first cell of a small 'Name · Street · City' line in the top part of page one."""
    for r in sheet.rows:
        if r.page > 0 or r.box.y0 / sheet.page_sizes[0][1] > 0.4:
            break
        if len(_SEPARATORS.split(r.text)) >= 3:
            return r.cells[0]
    return None


def clean_name(text: str) -> str:
    """A name without logo placeholders and trailing punctuation."""
    text = re.sub(r"\s*\([^()]*\d{3,}[^()]*\)?\s*$", "", text.strip(" ,;:-"))  # a trailing account/registration number
    text = re.sub(r"^(?:[|#*~\-–_.,:;'\"]+\s*|#?\d{4,}\s+)+", "", text)  # scan specks, a leading serial number
    return re.sub(r"^(logo)\s+", "", text, flags=re.I)


def vendor(sheet: Sheet, customer_cell: Cell | None, slip: bool = False) -> Party | None:
    """The seller: a labelled party block, a return-address line, a legal form at the top, or the letterhead."""
    p = _from_label(sheet, VENDOR_RE, VENDOR_ORDER)
    if p:
        return p
    # a return-address line above the recipient: "Name · Street · City"
    ret = _return_address(sheet)
    if ret is not None:
        name = _SEPARATORS.split(sheet.rows[ret.row].text)[0].strip()
        if sum(ch.isalpha() for ch in name) >= 3 and not _NOISE.search(name.lower()):
            return Party(name, None, ret, 0.7, "return-address")
    if slip or any(c.source == "ocr" for c in sheet.cells[:5]):
        return _letterhead_rows(sheet)
    first_page = [c for c in sheet.cells if c.page == 0]
    # a line with a legal form in the letterhead
    for c in first_page:
        if sheet.rel_y(c) > 0.45:
            break
        if customer_cell is not None and c.page == customer_cell.page and 0 <= c.row - customer_cell.row <= 3 \
                and abs(c.box.x0 - customer_cell.box.x0) < 20:
            continue
        if LEGAL_FORM.search(c.norm) and _is_name(c, sheet):
            return Party(c.text, _address(_block_below(sheet, c)), c, 0.7, "legal-form")
    # otherwise the most prominent line at the top
    top = [c for c in first_page if sheet.rel_y(c) < 0.3 and _is_name(c, sheet) and sum(ch.isalpha() for ch in c.text) >= 3
           and not _STREET_OR_CITY.search(c.norm) and not _SUITE.search(c.norm)]  # not a line of an address
    if not top:
        return None
    best = max(top[:8], key=lambda c: c.height * (1.2 if c is top[0] else 1.0))
    return Party(best.text, _address(_block_below(sheet, best)), best, 0.45, "letterhead")


def _letterhead_rows(sheet: Sheet) -> Party | None:
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
        if letters < 4 or letters < 0.5 * len(text.replace(" ", "")) or _NOISE.search(low) or _ADDRESS.search(low) \
                or _NOT_SHOP.search(low):
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
    words = [w for c in best.cells for w in c.words]
    bare = LEGAL_FORM.sub("", " ".join(c.norm for c in best.cells))
    if sum(ch.isalpha() for ch in bare) < 3 and best.index > 0 and sheet.rows[best.index - 1].page == 0:
        words = [w for c in sheet.rows[best.index - 1].cells for w in c.words] + words  # 'NAME' / 'SDN BHD'
    elif best.text.lstrip(" |").startswith("&") and best.index > 0 and sheet.rows[best.index - 1].page == 0:
        words = [w for c in sheet.rows[best.index - 1].cells for w in c.words] + words  # 'NAME' / '& SONS SDN BHD'
    elif best.index + 1 < len(sheet.rows):
        nxt = sheet.rows[best.index + 1]
        rest = LEGAL_FORM.sub("", " ".join(c.norm for c in nxt.cells))
        if LEGAL_FORM.search(" ".join(c.norm for c in nxt.cells)) and sum(ch.isalpha() for ch in rest) < 3:
            words += [w for c in nxt.cells for w in c.words]
            best = nxt
    name_cell = make_cell(words, best.page, best.index)
    how = "legal-form" if LEGAL_FORM.search(name_cell.norm) else "letterhead"
    address = _address_rows(sheet, best)
    if name_cell.source == "ocr" and (address is None or not _POSTCODE.search(address.lower())):
        # a scanned slip whose name was not above its address, or was misread
        address = _postcode_rows(sheet, rows) or address
    # a rival is another line of the letterhead: not part of the name or its address, not under the title
    used = {id(w) for w in words}
    rivals = [(sc, r) for sc, r in scored if sc >= best_score - RIVAL_MARGIN and r.index < title and _whole_name(r)
              and not any(id(w) in used for c in r.cells for w in c.words)
              and (address or "").find(clean_name(r.text)) <= 0]  # its address's first line may be a name
    rival = clean_name(max(rivals, key=lambda x: x[0])[1].text).lstrip(" -—–|=.:") if rivals else None
    return Party(name_cell.text, address, name_cell, 0.7 if how == "legal-form" else 0.5, how, rival)


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
                    or not (_ADDRESS.search(ulow) or re.search(r"\d|,", ulow)):
                break
            parts.insert(0, up)
        nxt = sheet.rows[r.index + 1] if r.index + 1 < len(sheet.rows) else None
        if nxt is not None and re.fullmatch(r"[a-z .]{3,30}", nxt.text.lower().strip()) \
                and not _NOT_ADDRESS.search(nxt.text.lower()):
            parts.append(nxt)
        lines = (_ADDRESS_TAIL.split(p.text)[0] for p in parts)
        return " ".join(_REGISTRATION_HEAD.sub("", t).strip(" |") for t in lines)
    return None


def _address_rows(sheet: Sheet, name_row) -> str | None:
    """The lines under the shop's name up to the postcode line (and a state name after it)."""
    parts: list[str] = []
    for r in sheet.rows[name_row.index + 1: name_row.index + 7]:
        low = " ".join(c.norm for c in r.cells)
        text = _ADDRESS_TAIL.split(r.text)[0].strip()
        if _NOT_ADDRESS.search(low) or parse_date(r.text) is not None or not text:
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
                    and not _NOT_ADDRESS.search(nxt.text.lower()) and len(parts) < 4:
                parts.append(nxt.text.strip())
            break
    return " ".join(parts) or None


def customer(sheet: Sheet) -> Party | None:
    p = _from_label(sheet, CUSTOMER_RE, CUSTOMER_ORDER)
    if p:
        return p
    # the first line under a return-address line is the recipient
    c = _return_address(sheet)
    if c is not None:
        block = _block_below(sheet, c, first_gap=4.0)
        names = [b for b in block if _is_name(b, sheet)]
        if names:
            i = block.index(names[0])
            return Party(names[0].text, _address(block[i + 1:]), names[0], 0.6, "window")
    return None
