"""Vendor memory in the conversation: recalled when a result is shown, learned on confirm, /forget vendor."""

from __future__ import annotations

import datetime as dt
import logging

from core.chat import JobInfo
from core.codec import from_json, to_json
from core.memory import VendorKeys, VendorMemory
from core.memory.learn import keys_of, learn, recall
from core.models import Extraction

from .i18n import lang

log = logging.getLogger(__name__)

TEXTS = {
    "en": {"forgot": "Forgot {n} vendor(s): I will read their next invoices afresh.",
           "forgot_none": "I have nothing learned about that vendor.",
           "forget_which": "Which vendor? Send /forget vendor NAME, or use it while its invoice is under review."},
    "de": {"forgot": "{n} Lieferant(en) vergessen: die nächsten Rechnungen lese ich wieder ohne Vorwissen.",
           "forgot_none": "Über diesen Lieferanten habe ich nichts gelernt.",
           "forget_which": "Welcher Lieferant? Senden Sie /forget vendor NAME, oder während seine Rechnung geprüft wird."},
}


def text(language: str | None, key: str, **kw: object) -> str:
    return (TEXTS.get(lang(language)) or TEXTS["en"])[key].format(**kw)


def recalled(memory: VendorMemory | None, tenant: str, result: dict) -> dict:
    """The job result with what this tenant's memory knows about the vendor applied (source 'memory')."""
    if memory is None or not result.get("extraction"):
        return result
    ex = from_json(result["extraction"])
    try:
        profile = memory.recall(tenant, keys_of(ex))
        if profile is None or not recall(ex, profile, result.get("layout") or [], ex.language):
            return result
    except Exception:  # memory is a help; a failure must never hide the result
        log.exception("vendor memory not applied")
        return result
    return {**result, "extraction": to_json(ex)}


def learn_from(memory: VendorMemory | None, tenant: str, job: JobInfo, confirmed: Extraction, draft: dict,
               today: dt.date | None = None) -> bool:
    """After confirm: remember the vendor when the user corrected fields of this invoice."""
    corrected = {n for n in (draft.get("fields") or {}) if n in confirmed.fields}
    result = job.result or {}
    if memory is None or not corrected or not result.get("extraction"):
        return False
    try:
        extracted = from_json(result["extraction"])
        known = memory.recall(tenant, keys_of(confirmed) | keys_of(extracted))
        profile = learn(confirmed, extracted, corrected, result.get("layout") or [], extracted.language,
                        today or dt.date.today(), known)
        if profile.keys.empty():
            return False
        memory.remember(tenant, profile)
    except Exception:  # the invoice is stored already; not learning must not turn that into an error
        log.exception("vendor memory not updated")
        return False
    return True


def forget(memory: VendorMemory | None, tenant: str, arg: str, pending: Extraction | None,
           language: str | None) -> str:
    """`/forget vendor [NAME]`: the named vendor, else the vendor of the invoice under review."""
    words = arg.split(None, 1)
    name = words[1].strip() if len(words) > 1 and words[0].lower() in ("vendor", "lieferant") else arg.strip()
    if name.lower() in ("vendor", "lieferant"):
        name = ""
    if name:  # a name, a VAT ID or an IBAN
        ident = VendorKeys.of(name)
        candidates = [VendorKeys.of(None, None, name), ident, VendorKeys(ibans=ident.vat_ids)]
    elif pending is not None:
        candidates = [keys_of(pending)]
    else:
        return text(language, "forget_which")
    n = sum(memory.forget(tenant, k) for k in candidates if not k.empty()) if memory is not None else 0
    return text(language, "forgot", n=n) if n else text(language, "forgot_none")
