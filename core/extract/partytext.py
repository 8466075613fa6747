"""What party names and addresses look like, shared by the label and the letterhead finders."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cells import Cell

LEGAL_FORM = re.compile(
    r"(?<![a-z])(gmbh|ag|kg|ohg|ug|e\.?\s?k|sarl|sas|sasu|sa|eurl|s\.?a\.?r\.?l|ltd|limited|llc|inc|plc|corp|co\.|"
    r"s\.?l\.?u?|s\.?r\.?l|s\.?p\.?a|b\.?v|n\.?v|vof|lda|sdn\.? bhd|bhd|enterprise|trading|restaurant|"
    r"company|corporation|holding|gbr|mbh|s/b|sdn)(?![a-z])")
NOISE = re.compile(r"@|www\.|https?:|(?<![a-z])(tel|phone|fax|telefon|iban|bic|swift|gst|ust|vat|tva|siret|siren|page"
                   r"|seite|invoice|\w*rechnung\w*|facture|factura|fattura|factuur|fatura|receipt|datum|date|stylesheet"
                   r"|gln|nummer|number)(?![a-z])|^\W*$|\d{1,2}[./]\d{1,2}[./]\d{2,4}")
# a postcode followed by its place ('10115 Berlin', '53200, KUALA LUMPUR'), not a lot or registration number
POSTCODE_PLACE = re.compile(r"(?<![\d\-./])\d{4,5},?\s+[^\W\d_]{2,}")
ADDRESS = re.compile(r"^(no|lot|unit|level)\b[\s.,]*\d|(?<![a-z])(jalan|jln|taman|street|road)(?![a-z])|\b\d{5}\b")
NOT_ADDRESS = re.compile(r"@|www\.|tel|phone|fax|gst|reg|co\.? ?no|company|invoice|receipt|date|cash|sales|counter"
                         r"|cashier|\d{1,2}[/-]\d{1,2}[/-]\d{2,4}|\d[.,]\d{2}\b|\brm\s?\d|hrs|open")
ADDRESS_TAIL = re.compile(r"\s(?:tax\s?invoice|invoice|receipt)\b.*$", re.I)
NOT_SHOP = re.compile(r"hours|(?<![a-z])(reg|co\.? ?n[o0]|company n[o0]|company reg|gst|sst|welcome|selamat)(?![a-z])"
                      r"|^\d+-")


@dataclass(frozen=True, slots=True)
class Party:
    name: str | None
    address: str | None
    name_cell: Cell | None
    score: float
    how: str
    rival: str | None = None  # another line that could as well be the name (a shop sign beside its company)


def clean_name(text: str) -> str:
    """A name without logo placeholders and trailing punctuation."""
    text = re.sub(r"\s*\([^()]*\d{3,}[^()]*\)?\s*$", "", text.strip(" ,;:-"))  # a trailing account/registration number
    text = re.sub(r"^(?:[|#*~\-–_.,:;'\"]+\s*|#?\d{4,}\s+)+", "", text)  # scan specks, a leading serial number
    return re.sub(r"^(logo)\s+", "", text, flags=re.I)
