"""Document types in the conversation: a document that is no invoice, receipt or credit note is answered
as such and never goes to review (nothing can be stored from it)."""

from __future__ import annotations

from core.models import Extraction

from .i18n import lang

TEXTS = {
    "en": "{name} does not look like an invoice, a receipt or a credit note (no such title, no total, no number),"
          " so I stored nothing. If it is one, please send a clearer PDF or photo.",
    "de": "{name} sieht nicht nach einer Rechnung, Quittung oder Gutschrift aus (kein solcher Titel, keine Summe,"
          " keine Nummer); ich habe nichts gespeichert. Falls doch, senden Sie bitte ein deutlicheres PDF oder Foto.",
    "fr": "{name} ne ressemble pas à une facture, un reçu ou un avoir (ni titre, ni total, ni numéro) ;"
          " rien n'a été enregistré. Si c'en est un, envoyez un PDF ou une photo plus nette.",
    "es": "{name} no parece una factura, un recibo ni una nota de crédito (sin título, total ni número);"
          " no he guardado nada. Si lo es, envíe un PDF o una foto más clara.",
}


def not_an_invoice(ex: Extraction) -> bool:
    """Read from the page (not an e-invoice), typed 'other', and neither a total nor a number found."""
    f = ex.fields
    return (ex.document_type == "other" and f["document_type"].source in ("text", "ocr")
            and f["total"].value is None and f["invoice_number"].value is None)


def answer(language: str | None, name: str) -> str:
    return (TEXTS.get(lang(language)) or TEXTS["en"]).format(name=name)
