"""Invoice and due dates from labels, the date nearest the top, and payment terms ('30 days net')."""

from __future__ import annotations

import datetime as dt
import re

from .cells import Cell, Sheet
from .find import Candidate, labelled
from .parse import parse_date

# "30 days net", "zahlbar innerhalb 14 Tagen", "à 30 jours", "a 30 días", "30 giorni", "binnen 30 dagen"
_TERMS = re.compile(
    r"(?:within|in|net|innerhalb(?: von)?|binnen|a|à|entro|em|dentro de|sous|zahlbar in)?\s*(\d{1,3})\s*"
    r"(?:days?|tagen?|tage|jours?|dias|días|giorni|dagen|dage|d\b)", re.I)
_TERMS_NET = re.compile(r"\bnet\s*(\d{1,3})\b", re.I)
_DUE_HINT = re.compile(
    r"zahlbar|zahlung|payment|payable|due|terms|paiement|reglement|echeance|pago|pagamento|betaling|vencim"
    r"|netto|net\b|scadenza|conditions|betalen|pagar|pagare|payer|zahlen|pay\b", re.I)
_NOT_INVOICE_DATE = re.compile(
    r"due|fallig|zahlbar|echeance|vencim|scadenza|verval|liefer|leistung|delivery|livraison|entrega|consegna"
    r"|order|bestell|commande|pedido|ordine|bestel|period|skonto|print|flight|start|end|associ|debut|fin de|related"
    r"|reklamation|ursprung|contract|vertrag|contrat|valid|gultig|birth|geburt|prestation", re.I)


_HARD_NOT = re.compile(r"associ|related|ursprung|reklamation|version|stylesheet|correction|original|previous|vorherig")
_INVOICE_WORD = re.compile(r"rechnung|invoice|factur|fattur|factuur|fatura")
_TIME_OF_DAY = re.compile(r"(?<![\d.:])(?:[01]?\d|2[0-3]):[0-5]\d(?![\d.,])")
_PREPOSITIONS = {"vom", "du", "dated", "del", "van", "de"}
_TITLE = re.compile(r"rechnung|invoice|factur|fattur|factuur|fatura|avoir|gutschrift|\bnr\b|\bno\b|n°|nº")


def _row_norm(sheet: Sheet, c: Candidate) -> str:
    cell = c.anchor or c.cell
    return " ".join(x.norm for x in sheet.rows[cell.row].cells if x.box.x0 <= cell.box.x0)


def date_parser(language: str | None):
    def parse(text: str) -> dt.date | None:
        d = parse_date(text, language)
        if d is None or not (1990 <= d.year <= dt.date.today().year + 5):
            return None
        return d
    return parse


def _read_conf(cell: Cell, parse) -> float:
    """How well the date itself was read: its own word's OCR confidence, not that of the cell's other words."""
    own = [w.conf for w in cell.words if parse(w.text) is not None]
    return min(own) if own else cell.conf


def invoice_date(sheet: Sheet, language: str | None) -> list[Candidate]:
    """Candidates for the invoice date, best first."""
    parse = date_parser(language)
    cands = [c for c in labelled(sheet, "invoice_date", parse, rivals=("due_date",))
             if not _HARD_NOT.search(c.anchor.norm if c.anchor else "")
             and (not _NOT_INVOICE_DATE.search(c.anchor.norm if c.anchor else "") or _INVOICE_WORD.search(c.label or ""))
             and (c.label not in _PREPOSITIONS or _TITLE.search(_row_norm(sheet, c)))]
    if cands:
        # the invoice's own date sits high on the first page
        ranked = [Candidate(c.value, c.score - 0.25 * min(sheet.rel_y(c.cell) + c.cell.page, 2), c.cell, c.label,
                            c.how, c.source, _read_conf(c.cell, parse), c.anchor) for c in cands]
        return sorted(ranked, key=lambda c: -c.score)
    # no label: the first date on the first page that is not a due or delivery date; on a slip, the first
    # printed with a time of day (the sale's own stamp, not a validity or reference date)
    found = []
    for cell in sheet.cells:
        if cell.page > 0:
            break
        d = parse(cell.text)
        if d is not None and not _NOT_INVOICE_DATE.search(cell.norm) and not re.search(
                r"version|stylesheet|print|gedruckt|imprime|tel|phone|fax", sheet.rows[cell.row].text.lower()):
            found.append(Candidate(d, 0.45, cell, None, "pattern", cell.source, _read_conf(cell, parse)))
    stamped = [c for c in found if _TIME_OF_DAY.search(sheet.rows[c.cell.row].text)]
    return (stamped or found)[:1]


def due_date(sheet: Sheet, language: str | None, issued: dt.date | None) -> Candidate | None:
    parse = date_parser(language)
    cands = labelled(sheet, "due_date", parse)
    if cands:
        return cands[0]
    # payment terms give a number of days after the invoice date
    if issued is None:
        return None
    for cell in sheet.cells:
        if not _DUE_HINT.search(cell.norm):
            continue
        d = parse(cell.text)
        if d is not None and d >= issued:
            return Candidate(d, 0.6, cell, None, "pattern", cell.source, cell.conf)
        m = _TERMS.search(cell.norm) or _TERMS_NET.search(cell.norm)
        if m and "skonto" not in cell.norm and "escompte" not in cell.norm:
            days = int(m.group(1))
            if 0 <= days <= 180:
                return Candidate(issued + dt.timedelta(days=days), 0.6, cell, None, "computed",
                                 cell.source, cell.conf)
    for cell in sheet.cells:
        if re.search(r"immediate|sofort|immediat|inmediato|immediato|onmiddellijk|imediato|upon receipt|on receipt",
                     cell.norm) and _DUE_HINT.search(cell.norm):
            return Candidate(issued, 0.55, cell, None, "computed", cell.source, cell.conf)
    return None
