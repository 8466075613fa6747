"""Document type (invoice, receipt, credit note, other) from title words and receipt markers."""

from __future__ import annotations

import re

from .cells import Sheet

_CREDIT = re.compile(r"(?<![a-z])(credit ?note|gutschrift|stornorechnung|avoir|facture d'avoir|"
                     r"nota de credito|nota di credito|nota credito|creditnota|creditfactuur|nota de credito)(?![a-z])")
_RECEIPT = re.compile(r"(?<![a-z])(receipt|kassenbon|kassenbeleg|quittung|ticket de caisse|recu|recibo|ricevuta|"
                      r"scontrino|kassabon|bon de caisse|cash ?receipt|official receipt)(?![a-z])")
_CASH = re.compile(r"(?<![a-z])(cash|change|tunai|bargeld|ruckgeld|wechselgeld|rendu|cambio|resto|wisselgeld|troco|"
                   r"tendered|rounding|come again|goods sold|cashier|kasse|caissier|cajero|cassiere|kassier|"
                   r"for shopping|gst summary|caisse)(?![a-z])")
# a title that makes a page something else: an order, a contract, a quote
_OTHER = re.compile(r"(?<![a-z])(contract|order confirmation|purchase order|insertion order|quotation|quote|estimate|"
                    r"auftragsbestatigung|bestellung|angebot|vertrag|bon de commande|devis|contrat|pedido|presupuesto|"
                    r"contrato|ordine|preventivo|contratto|bestelling|offerte|opdrachtbevestiging|encomenda|orcamento)"
                    r"(?![a-z])")
_INVOICE = re.compile(r"(?<![a-z])(invoice|\w*rechnung\w*|facture|factura|fattura|factuur|fatura|bill)(?![a-z])")


def till_roll(sheet: Sheet) -> bool:
    """The first page is long and narrow, as a till slip is."""
    w, h = sheet.page_sizes[0]
    return h / max(w, 1) > 1.6


def document_type(sheet: Sheet) -> tuple[str, float]:
    """The type and how sure the words make it (0..1)."""
    head = [c for c in sheet.cells if c.page == 0 and sheet.rel_y(c) < 0.45]
    head_text = " ".join(c.norm for c in head)
    all_text = " ".join(c.norm for c in sheet.cells[:600])
    if _CREDIT.search(head_text):
        return "credit_note", 0.85
    if _OTHER.search(head_text) and not _INVOICE.search(head_text) and not _RECEIPT.search(head_text):
        return "other", 0.7
    cash = len(set(_CASH.findall(all_text)))
    slip = till_roll(sheet)
    scanned = any(c.source == "ocr" for c in sheet.cells[:20])
    if _RECEIPT.search(head_text) or cash >= 2 or (cash and (slip or scanned)):
        return "receipt", 0.85 if cash >= 2 else 0.7
    if _INVOICE.search(all_text):
        # an invoice that talks of cash, or is printed on a till roll, may be a till receipt
        return "invoice", 0.55 if cash or slip else 0.9
    if cash:
        return "receipt", 0.55
    return "other", 0.5
