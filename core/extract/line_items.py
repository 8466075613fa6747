"""Line items: find the table header, take its columns by x position, read rows until the totals."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..models import LineItem
from .amounts import amounts_in
from .cells import Cell, Row, Sheet

HEADERS: dict[str, tuple[str, ...]] = {
    "description": ("description", "beschreibung", "bezeichnung", "artikelbezeichnung", "artikel", "produkt",
                    "leistung", "designation", "libelle", "descripcion", "concepto", "descrizione", "omschrijving",
                    "descricao", "item", "items", "product", "article", "articulo", "articolo", "artikel",
                    "produit", "prestation", "dienstleistung", "service", "servicio", "servizio"),
    "quantity": ("qty", "quantity", "menge", "anzahl", "quantite", "qte", "qt", "cantidad", "cant", "quantita",
                 "qta", "aantal", "quantidade", "qtd", "stk", "units", "hrs", "hours", "stunden"),
    "unit_price": ("unit price", "price", "preis", "einzelpreis", "nettopreis", "stuckpreis", "ep", "prix unitaire",
                   "prix", "p.u.", "pu", "precio", "precio unitario", "prezzo", "prezzo unitario", "prijs",
                   "stukprijs", "preco", "preco unitario", "rate", "unit cost", "tarif", "unitaire"),
    "line_total": ("amount", "total", "line total", "betrag", "gesamt", "gesamtpreis", "gesamtbetrag",
                   "positionsbetrag", "positions- betrag", "summe", "montant", "total ht", "prix ht", "montant ht",
                   "importe", "importo", "totale", "bedrag", "totaal", "valor", "net", "netto", "amount (net)"),
}
_HEAD_RX = {k: re.compile(r"(?<![a-z])(?:" + "|".join(sorted(map(re.escape, v), key=len, reverse=True)) + r")(?![a-z])")
            for k, v in HEADERS.items()}
_STOP = re.compile(r"(?<![a-z])(sub ?total|zwischensumme|summe|total|gesamt|nettobetrag|montant ht|base imponible|"
                   r"imponibile|subtotaal|totaal|steuer|tax|vat|mwst|ust\b|tva|iva|btw|belegsummen|"
                   r"zahlungsbedingungen|payment terms|conditions de paiement)")
_QTY = re.compile(r"^-?\d+(?:[.,]\d+)?(?:\s*[a-z.()]{0,10})?$", re.I)


@dataclass
class _Col:
    kind: str
    x0: float
    x1: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2


def _header(sheet: Sheet) -> tuple[Row, list[_Col]] | None:
    for row in sheet.rows:
        kinds: dict[str, Cell] = {}
        for c in row.cells:
            if len(c.norm) > 40 or amounts_in(c.text, None) and not _HEAD_RX["quantity"].search(c.norm):
                continue
            for kind, rx in _HEAD_RX.items():
                if kind not in kinds and rx.search(c.norm):
                    kinds[kind] = c
                    break
        if len(kinds) >= 2 and ("line_total" in kinds or "unit_price" in kinds):
            cols = [_Col(k, c.box.x0, c.box.x1) for k, c in kinds.items()]
            # other header cells (unknown kinds) still bound the columns
            cols += [_Col("other", c.box.x0, c.box.x1) for c in row.cells if c not in kinds.values()]
            cols.sort(key=lambda col: col.x0)
            return row, cols
    return None


def _col_of(cols: list[_Col], cell: Cell) -> _Col:
    return min(cols, key=lambda col: 0 if col.x0 - 2 <= cell.box.cx <= col.x1 + 2 else
               min(abs(cell.box.cx - col.cx), abs(cell.box.x1 - col.x1), abs(cell.box.x0 - col.x0)))


def line_items(sheet: Sheet, language: str | None) -> list[LineItem]:
    found = _header(sheet)
    if found is None:
        return []
    head, cols = found
    kinds = {c.kind for c in cols}
    items: list[LineItem] = []
    last_y = head.box.y1
    for row in sheet.rows[head.index + 1:]:
        if row.page == head.page and row.box.y0 - last_y > 8 * head.box.height and items:
            break
        first = norm_first = row.cells[0].norm
        if _STOP.search(first) and not _amount_cells(row, language, cols, "line_total", kinds) and items:
            break
        if _STOP.match(norm_first) and items:
            break
        totals = _amount_cells(row, language, cols, "line_total", kinds)
        if totals:
            item = LineItem(line_total=totals[-1][1])
            desc = []
            for c in row.cells:
                col = _col_of(cols, c)
                if c is totals[-1][0]:
                    continue
                if col.kind == "quantity" and item.quantity is None:
                    a = amounts_in(c.text, language)
                    if a:
                        item.quantity = a[0].value
                        continue
                if col.kind == "unit_price" and item.unit_price is None:
                    a = amounts_in(c.text, language)
                    if a:
                        item.unit_price = a[0].value
                        continue
                if col.kind in ("description", "other") and sum(ch.isalpha() for ch in c.text) >= 2:
                    desc.append(c.text)
            item.description = " ".join(desc) or None
            items.append(item)
            last_y = row.box.y1
        elif items:
            extra = [c.text for c in row.cells if _col_of(cols, c).kind == "description"
                     and sum(ch.isalpha() for ch in c.text) >= 2 and ":" not in c.text]
            if extra and row.box.y0 - last_y < 2.5 * head.box.height:
                prev = items[-1]
                prev.description = " ".join(filter(None, [prev.description, *extra]))
                last_y = row.box.y1
    return [it for it in items if it.line_total is not None]


def _amount_cells(row: Row, language: str | None, cols: list[_Col], kind: str,
                  kinds: set[str]) -> list[tuple[Cell, Decimal]]:
    target = next((c for c in cols if c.kind == kind), None) or next(c for c in cols if c.kind == "unit_price")
    out = []
    for c in row.cells:
        if _col_of(cols, c) is not target:
            continue
        a = [x for x in amounts_in(c.text, language) if x.decimals >= 1 or x.currency]
        if a:
            out.append((c, a[-1].value))
    return out
