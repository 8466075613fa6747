"""The daily number of documents per tenant (TENANT_DAILY_LIMIT), counted from the job table so that it
holds across processes, and the polite answer in the sender's language when it is reached."""

from __future__ import annotations

import datetime as dt

from core.errors import LimitReached
from storage.sql import SqlStore

TEXTS = {
    "en": "You have sent {sent} documents today; the daily limit is {limit}. "
          "Please send more tomorrow (after 00:00 UTC).",
    "de": "Sie haben heute {sent} Dokumente gesendet; das Tageslimit liegt bei {limit}. "
          "Bitte senden Sie weitere morgen (ab 00:00 UTC).",
    "fr": "Vous avez envoyé {sent} documents aujourd'hui ; la limite quotidienne est de {limit}. "
          "Merci d'envoyer les suivants demain (après 00:00 UTC).",
    "es": "Hoy ha enviado {sent} documentos; el límite diario es {limit}. "
          "Envíe más mañana (a partir de las 00:00 UTC).",
    "it": "Oggi ha inviato {sent} documenti; il limite giornaliero è {limit}. "
          "La preghiamo di inviarne altri domani (dopo le 00:00 UTC).",
    "nl": "U hebt vandaag {sent} documenten gestuurd; de daglimiet is {limit}. "
          "Stuur er morgen meer (na 00:00 UTC).",
    "pt": "Hoje enviou {sent} documentos; o limite diário é {limit}. "
          "Envie mais amanhã (depois das 00:00 UTC).",
}


def start_of_day(now: dt.datetime | None = None) -> dt.datetime:
    """00:00 UTC of the current day."""
    now = now or dt.datetime.now(dt.UTC)
    return now.astimezone(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def check(store: SqlStore, tenant: str, limit: int | None) -> None:
    """Raise LimitReached when the tenant has sent `limit` documents since 00:00 UTC (None: no limit)."""
    if limit is None:
        return
    sent = store.jobs_since(tenant, start_of_day())
    if sent >= limit:
        raise LimitReached(sent, limit)


def answer(language: str | None, exc: LimitReached) -> str:
    code = (language or "en").lower().replace("_", "-").split("-")[0]
    return (TEXTS.get(code) or TEXTS["en"]).format(sent=exc.sent, limit=exc.limit)
