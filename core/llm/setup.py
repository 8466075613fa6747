"""Plain configuration of the LLM tier for worker processes, and the guarded call used after process()."""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from ..models import Document, Extraction
from .port import DEFAULT_MODEL, LlmLedger
from .second_opinion import SecondOpinion

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class LlmConfig:
    """Picklable: it travels to spawned workers. `ledger` is a factory (e.g. a partial over a DB URL)."""

    mode: str = "off"
    api_key: str | None = field(default=None, repr=False)
    base_url: str | None = None
    model: str = DEFAULT_MODEL
    timeout: float = 30.0
    daily_token_budget: int | None = None
    tenant_daily_token_budget: int | None = None
    ledger: Callable[[], LlmLedger] | None = None


def build(config: LlmConfig) -> SecondOpinion | None:
    """The second opinion, or None when off (or when there is neither a key nor a self-hosted server)."""
    if config.mode == "off" or not (config.api_key or config.base_url):
        return None
    from .groq_client import GroqLlm  # here: the SDK is only loaded when the tier is on

    client = GroqLlm(config.api_key, config.model, config.base_url, timeout=config.timeout)
    return SecondOpinion(client, config.mode, config.ledger() if config.ledger else None,
                         daily_budget=config.daily_token_budget, tenant_budget=config.tenant_daily_token_budget)


def second_opinion(op: SecondOpinion | None, job_id: str | None, document: Document, extraction: Extraction,
                   data: bytes | None = None) -> tuple[Extraction, dict | None]:
    """The reviewed extraction and what the tier did; a failure of the tier itself keeps the local result."""
    if op is None:
        return extraction, None
    try:
        tenant = (op.ledger.tenant_of(job_id) if op.ledger is not None and job_id else None) or "-"
        reviewed = copy.deepcopy(extraction)
        outcome = op.review(document, reviewed, data, tenant)
        return reviewed, outcome.to_json()
    except Exception:  # the second opinion must never cost the user the first one
        log.exception("second opinion failed")
        return extraction, {"status": "error"}
