"""The second opinion: decide what to ask, call the model once, ground its answers and merge them. Only
flagged or missing fields change, and only to values the document shows; when the model cannot help,
the flagged fields say why."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from ..codec import AMOUNT_FIELDS
from ..errors import LlmUnavailable
from ..extract.ids import _valid_vat
from ..models import Document, Extraction, FieldValue
from ..validate import CENT, Thresholds, check_arithmetic, check_currency, check_dates
from . import prompt
from .ground import Grounder, follows, parse_answer
from .port import Image, LlmClient, LlmLedger

log = logging.getLogger(__name__)
MODES = ("off", "fallback", "always")
UNAVAILABLE = "the second opinion (LLM) was unavailable; this is the local reading"
OVER_BUDGET = "the second opinion (LLM) was skipped: today's token budget is used up"
UNUSABLE = "the second opinion (LLM) gave no usable answer"
SOFT = ("uncertain", "other candidates", "not found")  # reasons of doubt, not of a failed check


@dataclass(slots=True)
class Outcome:
    """What the tier did for one document (kept in the job result and logged)."""

    status: str  # not_needed | answered | cached | unavailable | over_budget | unusable
    asked: list[str] = field(default_factory=list)
    accepted: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    disagreed: list[str] = field(default_factory=list)  # settled fields where the model read otherwise
    tokens: int = 0
    calls: int = 0
    answer: dict | None = None  # the model's values as it gave them (`always`: for comparison)

    def to_json(self) -> dict:
        return {"status": self.status, "asked": self.asked, "accepted": self.accepted, "rejected": self.rejected,
                "disagreed": self.disagreed,
                "tokens": self.tokens, "calls": self.calls, "answer": self.answer}


class SecondOpinion:
    def __init__(self, client: LlmClient, mode: str = "fallback", ledger: LlmLedger | None = None, *,
                 daily_budget: int | None = None, tenant_budget: int | None = None, vision_below: float = 0.6,
                 today: Callable[[], dt.date] = lambda: dt.datetime.now(dt.UTC).date()) -> None:
        if mode not in MODES:
            raise ValueError(f"LLM mode must be one of {', '.join(MODES)}, not {mode!r}")
        self.client, self.mode, self.ledger = client, mode, ledger
        self.daily_budget, self.tenant_budget, self.vision_below = daily_budget, tenant_budget, vision_below
        self._today = today

    def review(self, document: Document, ex: Extraction, data: bytes | None = None, tenant: str = "-") -> Outcome:
        """Ask about `ex`'s uncertain fields and merge the grounded answers into it (in place)."""
        fields = prompt.fields_to_ask(ex, self.mode) if self.mode != "off" else []
        if not fields or not (document.text.strip() or data):
            return Outcome("not_needed")  # nothing uncertain, or no page to show (an XML-only e-invoice)
        key = hashlib.sha256("|".join([document.sha256, self.client.model, prompt.PROMPT_VERSION, self.mode,
                                       ",".join(fields)]).encode()).hexdigest()
        cached = self.ledger.cached(key) if self.ledger else None
        if cached is not None:
            out = Outcome("cached", fields, answer=cached)
        else:
            out = self._ask(document, ex, fields, data, tenant)
            if out.answer is not None and self.ledger:
                self.ledger.remember(key, out.answer)
        if out.answer is not None:
            self._merge(document, ex, out)
        else:
            note = {"unavailable": UNAVAILABLE, "over_budget": OVER_BUDGET}.get(out.status, UNUSABLE)
            for f in (ex.fields[n] for n in out.asked):
                if f.flagged and note not in f.reasons:
                    f.reasons.append(note)
        log.info("second opinion", extra={"data": {k: v for k, v in out.to_json().items() if k != "answer"}})
        return out

    def _ask(self, document: Document, ex: Extraction, fields: list[str], data: bytes | None, tenant: str) -> Outcome:
        day = self._today().isoformat()
        if self.ledger and (
                (self.daily_budget is not None and self.ledger.tokens_used(day) >= self.daily_budget)
                or (self.tenant_budget is not None and self.ledger.tokens_used(day, tenant) >= self.tenant_budget)):
            return Outcome("over_budget", fields)
        image = self._image(document, data)
        msgs = prompt.messages(document, fields, prompt.IMAGE_INSTEAD if image is not None else None)
        out = Outcome("unusable", fields)
        try:
            for _ in range(2):  # not JSON or not in the schema: asked once more, then ignored
                answer = self.client.complete(msgs, prompt.schema(fields), image)
                out.calls += 1
                out.tokens += answer.tokens
                values = parse_answer(answer.text, fields)
                if values is not None:
                    out.status, out.answer = "answered", values
                    break
        except LlmUnavailable as exc:
            log.warning("second opinion unavailable", extra={"data": {"error": str(exc)}})
            out.status = "unavailable"
        if self.ledger and out.tokens:
            self.ledger.record(day, tenant, out.tokens)
        return out

    def _image(self, document: Document, data: bytes | None) -> Image | None:
        """A poorly OCR'd photo goes as its (downscaled) image instead of relying on its text alone."""
        if data is None or not document.media_type.startswith("image/"):
            return None
        confs = [c for p in document.pages if (c := p.ocr_confidence) is not None]
        if not confs or min(confs) >= self.vision_below:
            return None
        from PIL import Image as PILImage

        with PILImage.open(io.BytesIO(data)) as im:
            im = im.convert("RGB")
            im.thumbnail((1536, 1536))
            buf = io.BytesIO()
            im.save(buf, "JPEG", quality=80)
        return Image(buf.getvalue(), "image/jpeg")

    def _merge(self, document: Document, ex: Extraction, out: Outcome) -> None:
        grounder = Grounder(document.text, ex.language)
        verdicts = {n: grounder.check(n, raw) for n, raw in (out.answer or {}).items()
                    if raw is not None and n in out.asked}
        known = {n: f.value for n, f in ex.fields.items()
                 if n in AMOUNT_FIELDS and isinstance(f.value, Decimal) and not f.flagged}
        known.update({n: v.value for n, v in verdicts.items() if v.accepted and n in AMOUNT_FIELDS})
        for name, v in verdicts.items():
            f = ex.fields[name]
            if not (f.flagged or f.value is None) or not prompt.ours(f):
                if v.value is not None and v.value != f.value:
                    out.disagreed.append(name)  # settled locally: compared, never overridden
                continue
            why = v.why
            if not v.accepted and isinstance(v.value, Decimal) and (how := follows(name, v.value, known)):
                why, v = how, v.__class__(v.value, True, how)
            if not v.accepted:
                out.rejected.append(name)
                note = f"the second opinion suggested {v.value if v.value is not None else 'a value'}, but {why}"
                if note not in f.reasons:
                    f.reasons.append(note)
                continue
            out.accepted.append(name)
            if f.value == v.value:
                f.confidence = max(f.confidence, 0.8)
                if all(r.startswith(SOFT) for r in f.reasons):  # a failed check is not cured by agreement
                    f.flagged = False
                f.reasons.append(f"confirmed by the second opinion ({why})")
            else:
                problem = _check_digits(name, v.value)
                reasons = [f"read by the second opinion ({why})"] + ([problem] if problem else [])
                if f.value is not None:
                    reasons.append(f"the rules read {_show(f.value)}")
                ex.fields[name] = FieldValue(v.value, 0.5 if problem else 0.8, bool(problem), reasons, "llm")
            if name in AMOUNT_FIELDS:
                known[name] = v.value
        if any(n in AMOUNT_FIELDS for n in out.accepted):
            _recheck_amounts(ex)
        check_dates(ex, Thresholds())
        check_currency(ex)


def _show(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else format(value, "f") if isinstance(value, Decimal) \
        else str(value)


def _check_digits(name: str, value: object) -> str | None:
    """The same check digits the rules apply, for an IBAN or VAT ID the model read."""
    if name == "iban":
        try:
            IBAN(str(value))
        except (SchwiftyException, ValueError):
            return "IBAN fails its check digits"
    if name == "vendor_vat_id":
        found = _valid_vat(re.sub(r"[\s.-]", "", str(value)).upper())
        if found is not None and found[1] is False:
            return "VAT ID fails its check digits"
    return None


def _recheck_amounts(ex: Extraction) -> None:
    """Subtotal + tax against the total again, now that amounts changed; stale sum flags go when it holds."""
    f = ex.fields
    sub, tax, total = (f[n].value for n in ("subtotal", "tax_total", "total"))
    if all(isinstance(v, Decimal) for v in (sub, tax, total)) and abs(sub + tax - total) < CENT:
        for n in ("subtotal", "tax_total", "total"):
            f[n].reasons = [r for r in f[n].reasons if " but total reads " not in r]
            if f[n].flagged and not any(r.startswith(("not found", "uncertain")) for r in f[n].reasons):
                f[n].flagged = False
            f[n].confidence = max(f[n].confidence, 0.9)
        return
    check_arithmetic(ex)
