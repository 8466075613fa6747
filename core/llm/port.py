"""What the second opinion needs from outside: a chat model (LlmClient) and a cache + token ledger."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

DEFAULT_MODEL = "meta-llama/llama-4-scout-17b-16e-instruct"


@dataclass(frozen=True, slots=True)
class LlmAnswer:
    """The model's reply text and what it cost."""

    text: str
    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


@dataclass(frozen=True, slots=True)
class Image:
    """A page image sent instead of the text when OCR read poorly."""

    data: bytes
    media_type: str = "image/jpeg"


class LlmClient(Protocol):
    """A chat-completions model; raises core.errors.LlmUnavailable when it cannot answer."""

    model: str

    def complete(self, messages: list[dict], schema: dict, image: Image | None = None) -> LlmAnswer: ...


class LlmLedger(Protocol):
    """Answers cached by key, tokens counted per tenant and day (persisted: workers are processes)."""

    def cached(self, key: str) -> dict | None: ...

    def remember(self, key: str, answer: dict) -> None: ...

    def tokens_used(self, day: str, tenant: str | None = None) -> int: ...

    def record(self, day: str, tenant: str, tokens: int) -> None: ...

    def tenant_of(self, job_id: str) -> str | None: ...
