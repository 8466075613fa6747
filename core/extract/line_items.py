"""Line items: find the table header (one or more rows), take its columns by x position, read rows to the totals."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from itertools import takewhile

from ..models import LineItem
from .amounts import amounts_in
from .cells import Cell, Row, Sheet, make_cell, norm

HEADERS: dict[str, tuple[str, ...]] = {
    "line_total": ("amount", "total", "line total", "betrag", "gesamt", "gesamtpreis", "gesamtbetrag", "entgelt",
                   "nettowert", "nettobetrag", "wert", "summe", "montant", "total ht", "prix ht", "montant ht",
                   "importe", "importo", "totale", "bedrag", "totaal", "valor", "net amount", "amount (net)",
                   "line amount", "extension", "ext"),
    "unit_price": ("unit price", "price", "preis", "einzelpreis", "nettopreis", "stuckpreis", "e-preis", "ep",
                   "prix unitaire", "prix", "p.u.", "pu", "precio", "precio unitario", "prezzo", "prezzo unitario",
                   "prijs", "stukprijs", "preco", "preco unitario", "rate", "unit cost", "tarif", "unitaire",
                   "unit", "each"),
    "quantity": ("qty", "quantity", "menge", "anzahl", "quantite", "qte", "qt", "cantidad", "cant", "quantita",
                 "qta", "aantal", "quantidade", "qtd", "stk", "units", "hrs", "hours", "stunden"),
    "description": ("description", "beschreibung", "bezeichnung", "artikelbezeichnung", "artikelbeschreibung",
                    "artikel", "produkt", "leistung", "designation", "libelle", "descripcion", "concepto",
                    "descrizione", "omschrijving", "descricao", "item", "items", "product", "article", "articulo",
                    "articolo", "produit", "prestation", "dienstleistung", "service", "servicio", "servizio",
                    "nom", "name", "text"),
}
_HEAD_RX = {k: re.compile(r"(?<![a-z])(?:" + "|".join(sorted(map(re.escape, v), key=len, reverse=True)) + r")(?![a-z])")
            for k, v in HEADERS.items()}
_STOP = re.compile(r"(?<![a-z])(sub ?total|zwischensumme|summe|totale|total|gesamt|nettobetrag|montant ht|base imponible|"
                   r"imponibile|subtotaal|totaal|belegsummen|steueraufschlusselung|zahlungsbedingungen|payment terms|"
                   r"conditions de paiement|tax rate|vat rate|ust\.? satz|taxe|base|umsatzsteuer|mehrwertsteuer|"
                   r"rechnungssumme|zu- und abschlage|steuerbasisbetrag|allowances|charges|tva|vat|iva|btw|mwst)(?![a-z])")
_CODE = re.compile(r"^(art|gtin|ean|sku|ref|code|id|pzn|lot|gln|nr)\b[\w\-. ]{0,15}:")
_PRIMARY_DESC = re.compile(r"descri|beschreib|bezeichnung|designation|libelle|omschrijving|concepto|leistung")
_HEADER_WORD = re.compile(r"\s*-?\s*\b(description|designation|désignation|beschreibung)$", re.I)
_DATE = re.compile(r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}")
_KEY_VALUE = re.compile(r"^#|^[^:]{1,20}:\s*\S{1,20}$")
_STOP_STRONG = re.compile(r"(?<![a-z])(sub ?total|zwischensumme|rechnungssumme|gesamtbetrag|grand total|total ht|"
                          r"total ttc|nettobetrag|bruttobetrag|subtotaal|imponibile)(?![a-z])")
_POS = re.compile(r"^\d{1,3}[.)]?\s+(?=\D)")


@dataclass
class _Col:
    kind: str
    x0: float
    x1: float
    texts: list[str] = field(default_factory=list)

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2


def _kind(norm: str) -> str | None:
    for kind, rx in _HEAD_RX.items():
        if rx.search(norm):
            return kind
    return None


def item_table_header(sheet: Sheet) -> Row | None:
    """The item table's header row (its column headings), if the page has one."""
    found = _header(sheet)
    return found[0] if found is not None else None


def _header(sheet: Sheet) -> tuple[Row, list[_Col], int] | None:
    """The header row, its columns (merged from neighbouring header rows) and the last header row index."""
    for row in sheet.rows:
        kinds = {_kind(c.norm) for c in row.cells if len(c.norm) <= 40 and not amounts_in(c.text, None)}
        kinds.discard(None)
        if len(kinds) < 2 or not ({"line_total", "unit_price"} & kinds) or len(row.cells) < 2:
            continue
        h = max(row.box.height, 1.0)
        # neighbouring header rows, up to the first row that is not one (an item row right under the header)
        near = partial(_header_row, row, h)
        above = list(takewhile(near, reversed(sheet.rows[max(0, row.index - 3): row.index])))
        below = list(takewhile(near, sheet.rows[row.index + 1: row.index + 4]))
        band = [*reversed(above), row, *below]
        cols: list[_Col] = []
        for r in (row, *above, *below):  # the header row's own cells set the columns first
            for c in (_split_heads(r.cells) if r is row else r.cells):
                hit = [col for col in cols if min(col.x1, c.box.x1) - max(col.x0, c.box.x0) > 0]
                if len(hit) > 1 and r is not row:
                    continue  # a line of another row reaching over two header columns joins neither
                if hit:
                    hit[0].x0, hit[0].x1 = min(hit[0].x0, c.box.x0), max(hit[0].x1, c.box.x1)
                    hit[0].texts.append(c.norm)
                else:
                    cols.append(_Col("other", c.box.x0, c.box.x1, [c.norm]))
        for col in cols:
            found = [k for k in (_kind(" ".join(col.texts)), *map(_kind, col.texts)) if k]
            col.kind = found[0] if found else "other"
        # one column per kind: keep the rightmost line total, the leftmost description
        seen: set[str] = set()
        for col in sorted(cols, key=_precedence):
            if col.kind in seen:
                col.kind = "other"
            seen.add(col.kind)
        cols.sort(key=lambda c: c.x0)
        return row, cols, max(r.index for r in band)
    return None


def _header_row(head: Row, h: float, r: Row) -> bool:
    """r is close to the header row and holds no amounts that are not header words: another line of the header."""
    return r.page == head.page and abs(r.box.cy - head.box.cy) < 2.6 * h \
        and not any(amounts_in(c.text, None) and not _kind(c.norm) for c in r.cells)


def _split_heads(cells: tuple[Cell, ...]) -> list[Cell]:
    """Header cells, one per word where a cell's words name different columns ('Menge Produkt' run together)."""
    out: list[Cell] = []
    for c in cells:
        kinds = [_kind(norm(w.text)) for w in c.words]
        if len({k for k in kinds if k}) >= 2 and all(kinds):
            out.extend(make_cell((w,), c.page, c.row) for w in c.words)
        else:
            out.append(c)
    return out


def _precedence(col: _Col) -> tuple:
    """Which column keeps a kind when several claim it: the rightmost total, the named description."""
    if col.kind == "line_total":
        return col.kind, -col.x0
    if col.kind == "description":
        return col.kind, not _PRIMARY_DESC.search(" ".join(col.texts)), col.x0
    return col.kind, col.x0


def _col_of(cols: list[_Col], cell: Cell) -> _Col:
    for x in (cell.box.cx, cell.box.x0, cell.box.x1):
        inside = [c for c in cols if c.x0 - 2 <= x <= c.x1 + 2]
        if inside:
            return inside[0]
    # numbers align on the right edge, text on the left
    return min(cols, key=lambda col: min(abs(cell.box.x1 - col.x1), abs(cell.box.x0 - col.x0),
                                         abs(cell.box.cx - col.cx)))


def _in_desc(cols: list[_Col], desc_col: _Col, cell: Cell) -> bool:
    """cell is in the description column, or reaches across it from a narrow one (a quantity run into the
    description: '1 L McChicken' under 'QTY ITEM')."""
    return _col_of(cols, cell) is desc_col or (cell.box.x0 < desc_col.x0 and cell.box.x1 > desc_col.x1)


def line_items(sheet: Sheet, language: str | None) -> list[LineItem]:
    found = _header(sheet)
    if found is None:
        return []
    head, cols, last_head = found
    h = max(head.box.height, 1.0)
    desc_col = next((c for c in cols if c.kind == "description"), None)
    total_col = next((c for c in cols if c.kind == "line_total"), None)
    items: list[LineItem] = []
    prev = head
    desc_y = head.box.y1
    pending: list[tuple[str, float]] = []  # description lines (and their bottom) above an item row without one
    for row in sheet.rows[last_head + 1:]:
        if row.page == prev.page and row.box.y0 - prev.box.y1 > 12 * h:
            break
        if row.page != prev.page and not items:
            break
        prev = row
        first = row.cells[0].norm
        words_only = " ".join(c.norm for c in row.cells if not amounts_in(c.text, language))
        amount_cells = [(c, a) for c in row.cells for a in amounts_in(c.text, language)[-1:]
                        if a.decimals >= 1 or a.currency]
        # a cell of several numbers run together ('2 1550 31.00') ends in the column of its last one
        in_total = [(c, a) for c, a in amount_cells if total_col is None or _col_of(cols, c) is total_col
                    or len(c.words) > 1 and total_col.x0 - 2 <= c.box.x1 <= total_col.x1 + 2]
        if _STOP.search(first) and (len(first) < 40 or not in_total) or (items and (_STOP.match(words_only) or _STOP_STRONG.search(words_only))
                                                                         and len(words_only) < 60):
            if items:
                break
            continue
        if re.match(r"^[^:]{1,30}\s:\s", row.text):
            continue  # 'Remise : ...' lines qualify the item above
        if in_total:
            cell_total, amount = in_total[-1]
            texts = [c for c in row.cells if c is not cell_total and sum(ch.isalpha() for ch in c.text) >= 2
                     and (desc_col is None or _in_desc(cols, desc_col, c) or _col_of(cols, c).kind == "other")]
            if not texts and desc_col is not None and all(c.box.x0 > desc_col.x1 for c in row.cells) and items \
                    and len(amount_cells) <= 1:
                break  # a lone amount right of the descriptions: the totals block
            item = LineItem(line_total=amount.value)
            for c, a in amount_cells:
                col = _col_of(cols, c)
                if c is cell_total:
                    continue
                if col.kind == "unit_price" and item.unit_price is None:
                    item.unit_price = a.value
            for c in row.cells:
                if _col_of(cols, c).kind == "quantity" and item.quantity is None:
                    q = amounts_in(c.text, language)
                    if q:
                        item.quantity = q[0].value
            usable = [c for c in texts if not re.fullmatch(r"[\d\s%.,()A-Z]{0,6}", c.text) and not _CODE.match(c.norm)
                      and not re.search(r"\d\s?%", c.text) and not _KEY_VALUE.match(c.text)]
            in_desc = [c for c in usable if desc_col is not None and _in_desc(cols, desc_col, c)]
            desc = " ".join(c.text for c in in_desc or usable)
            if not desc.strip() or _CODE.match(desc.lower()) or desc.startswith("#"):
                desc = " ".join([t for t, y in pending if row.box.y0 - y < 5 * h][-2:])
            pending = []
            desc = _HEADER_WORD.sub("", _POS.sub("", desc)).strip()
            item.description = desc or None
            items.append(item)
            desc_y = row.box.y1
        elif desc_col is not None:
            numbered = re.fullmatch(r"\d{1,3}\.?", row.cells[0].text) is not None and len(row.cells) > 1
            extra = [c.text for c in row.cells if _col_of(cols, c) is desc_col and not numbered
                     and ":" not in row.text and not _DATE.search(row.text)]
            if not any(any(ch.isalpha() for ch in t) for t in extra):
                if extra and items and row.box.y0 - desc_y < 1.2 * h:
                    items[-1].description = " ".join(filter(None, [items[-1].description, *extra]))
                    desc_y = row.box.y1
                continue
            if extra and not amounts_in(row.text, language):
                pending = [] if row.box.y0 - desc_y > 3 * h and not pending else pending
                pending.append((" ".join(extra), row.box.y1))
            if not items:
                continue
            gap = 3 * h if not items[-1].description else 1.2 * h
            if extra and len(row.cells) <= 2 and row.box.y0 - desc_y < gap and (
                    items[-1].description is None or len(items[-1].description) < 60):
                pending = []
                items[-1].description = " ".join(filter(None, [items[-1].description, *extra]))
                desc_y = row.box.y1
    return items


def items_total(items: list[LineItem]) -> Decimal:
    return sum((i.line_total for i in items if i.line_total is not None), Decimal(0))


_QTY_X = re.compile(r"^(\d+(?:[.,]\d+)?)\s?[x×*]\s+", re.I)
_NOT_ITEM = re.compile(r"(?<![a-z])(date|datum|fecha|data|no\.?|nr|n°|tel|gst|tax|vat|iva|tva|btw|mwst|invoice|"
                       r"receipt|cashier|table|ticket)(?![a-z])")


def receipt_items(sheet: Sheet, language: str | None) -> list[LineItem]:
    """A slip without a header row: 'qty x name ... amount' lines above the first total."""
    items: list[LineItem] = []
    for row in sheet.rows:
        words = " ".join(c.norm for c in row.cells if not amounts_in(c.text, language) or _QTY_X.match(c.text))
        if _STOP.search(words) or re.search(r"(?<![a-z])(cash|change|paid|tunai)(?![a-z])", words):
            if items:
                break
            continue
        last = row.cells[-1]
        amount = [a for a in amounts_in(last.text, language) if a.decimals == 2]
        texts = [c for c in row.cells[:-1] if sum(ch.isalpha() for ch in c.text) >= 2] if len(row.cells) > 1 else []
        if not amount or not texts or _NOT_ITEM.search(" ".join(c.norm for c in texts)):
            continue
        desc = " ".join(c.text for c in texts)
        item = LineItem(line_total=amount[-1].value)
        m = _QTY_X.match(desc)
        if m:
            item.quantity = amounts_in(m.group(1), language)[0].value
            desc = desc[m.end():]
        item.description = desc.strip() or None
        items.append(item)
    return items
