"""VAT IDs of every country python-stdnum knows: EU ones (and GB) by the VIES rules of stdnum.eu.vat,
the others (CH, NO, ...) by stdnum.vatin, each with its country prefix and any suffix (MWST, MVA).
"""

from __future__ import annotations

import functools
import re

from stdnum import vatin
from stdnum.ch import uid as ch_uid
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import InvalidChecksum, ValidationError
from stdnum.gb import vat as gb_vat
from stdnum.util import get_cc_module

# EU member states as VIES writes them (EL for Greece, XI for Northern Ireland), and GB
VIES_PREFIXES = frozenset(cc.upper() for cc in eu_vat.MEMBER_STATES) | {"EL", "GB"}
_SUFFIX = re.compile(r"\d[A-Z]{2,4}$")  # a printed VAT suffix: MWST, TVA, IVA, MVA


def vies_prefix(value: str) -> bool:
    """Whether a VAT ID belongs to the EU (or GB), where a bare checksum-valid pattern is trusted."""
    return value[:2] in VIES_PREFIXES


@functools.cache
def _known(cc: str) -> bool:
    try:
        return get_cc_module(cc.lower(), "vat") is not None
    except ValueError:
        return False


def check(raw: str) -> tuple[str, bool | None] | None:
    """For a compact, upper-case VAT-ID-looking string as found on a page: (number, checksum passes;
    None when even the format is off), or None when it is no VAT ID. Words read after the number
    are left out; an EU one may carry OCR noise."""
    if vies_prefix(raw):
        return _vies(raw)
    if not _known(raw[:2]):
        return None
    bad = None
    for end in range(len(raw), 7, -1):  # the longest leading part that is a number of its country
        try:
            return vatin.validate(raw[:end]), True
        except InvalidChecksum:
            bad = bad or raw[:end]
        except ValidationError:
            continue
    if raw.startswith("CHE") and len(raw) >= 12:  # the Swiss UID printed without its MWST/TVA/IVA
        try:
            return ch_uid.validate(raw[:12]), True
        except InvalidChecksum:
            bad = bad or raw[:12]
        except ValidationError:
            pass
    # a wrong check digit counts only with the country's suffix beside it ('... 673 MVA') or for the
    # Swiss UID, else it is as likely a page's other number
    return (bad, False) if bad and (_SUFFIX.search(bad) or bad.startswith("CHE")) else None


def _vies(raw: str) -> tuple[str, bool | None] | None:
    module = gb_vat if raw.startswith("GB") else eu_vat
    s = raw[:2] + re.sub(r"[A-Z]+$", "", raw[2:]) if raw[2:3].isdigit() else raw
    try:
        value = module.validate(s)
        return (value if value.startswith(s[:2]) else s[:2] + value), True
    except InvalidChecksum:
        return s, False
    except ValidationError:
        return (s, None) if sum(ch.isdigit() for ch in s) >= 8 else None


def parse(text: str) -> str | None:
    """A VAT ID as a person types it ('CHE-116.281.710 MWST', 'gb 980 7806 84'), compact, or None
    when it fails its country's format or check digits."""
    compact = re.sub(r"[\s.\-/]", "", text).upper()
    if len(compact) < 4:
        return None
    try:
        if vies_prefix(compact):
            value = (gb_vat if compact.startswith("GB") else eu_vat).validate(compact)
            return value if value.startswith(compact[:2]) else compact[:2] + value
        if compact.startswith("CHE") and len(compact) == 12:
            return ch_uid.validate(compact)
        return vatin.validate(compact) if _known(compact[:2]) else None
    except ValidationError:
        return None
