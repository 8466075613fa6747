"""The LlmClient adapter on the official groq SDK, for Groq or any OpenAI-compatible server (base URL
ending in /v1: vLLM, llama.cpp server, Ollama). Retries honour Retry-After; a circuit breaker stops
calling during an outage."""

from __future__ import annotations

import base64
import logging
import time
from collections.abc import Callable

import groq
from groq.types.chat import ChatCompletion

from ..errors import LlmUnavailable
from .breaker import CircuitBreaker
from .port import DEFAULT_MODEL, Image, LlmAnswer

log = logging.getLogger(__name__)

_RETRYABLE = (groq.RateLimitError, groq.InternalServerError, groq.APITimeoutError, groq.APIConnectionError)


class GroqLlm:
    def __init__(self, api_key: str | None, model: str = DEFAULT_MODEL, base_url: str | None = None, *,
                 timeout: float = 30.0, retries: int = 2, backoff: float = 0.5, max_wait: float = 30.0,
                 breaker: CircuitBreaker | None = None, sleep: Callable[[float], None] = time.sleep) -> None:
        # the SDK's own retries are off: ours honour Retry-After up to max_wait and feed the breaker
        self._client = groq.Groq(api_key=api_key or "unused", base_url=base_url, timeout=timeout, max_retries=0)
        self.model = model
        self._openai_path = bool(base_url) and base_url.rstrip("/").endswith("/v1")
        self.retries, self.backoff, self.max_wait = retries, backoff, max_wait
        self.breaker = breaker or CircuitBreaker()
        self._sleep = sleep
        self.json_schema = True  # off once the server says it cannot: JSON mode, the schema still in the prompt

    def complete(self, messages: list[dict], schema: dict, image: Image | None = None) -> LlmAnswer:
        if not self.breaker.allow():
            raise LlmUnavailable("the model failed repeatedly; not asking it for a while")
        body = {
            "model": self.model,
            "messages": _with_image(messages, image) if image is not None else messages,
            "temperature": 0,
        }
        try:
            try:
                completion = self._call(body | {"response_format": self._format(schema)})
            except _NoJsonSchema:
                self.json_schema = False
                completion = self._call(body | {"response_format": self._format(schema)})
        except _Refused:
            raise  # about this request, not an outage: the breaker is not moved
        except LlmUnavailable:
            self.breaker.failure()
            raise
        self.breaker.success()
        usage = completion.usage
        text = completion.choices[0].message.content if completion.choices else None
        return LlmAnswer(text or "", getattr(usage, "prompt_tokens", 0) or 0,
                         getattr(usage, "completion_tokens", 0) or 0)

    def _format(self, schema: dict) -> dict:
        if self.json_schema:
            return {"type": "json_schema", "json_schema": {"name": "invoice_fields", "schema": schema}}
        return {"type": "json_object"}

    def _call(self, body: dict) -> ChatCompletion:
        attempt = 0
        while True:
            try:
                if self._openai_path:
                    return self._client.post("chat/completions", cast_to=ChatCompletion, body=body)
                return self._client.chat.completions.create(**body)
            except _RETRYABLE as exc:
                wait = self._wait(exc, attempt)
                if attempt >= self.retries or wait is None:
                    raise LlmUnavailable(f"the model did not answer ({_describe(exc)})") from exc
                log.info("model call failed; retrying", extra={"data": {"error": _describe(exc), "wait": wait}})
                self._sleep(wait)
                attempt += 1
            except groq.BadRequestError as exc:
                if self.json_schema and "json_schema" in str(exc):
                    raise _NoJsonSchema from exc
                raise _Refused(f"the model refused the request ({_describe(exc)})") from exc
            except groq.APIError as exc:  # 401/404: asking again will not help
                raise _Refused(f"the model refused the request ({_describe(exc)})") from exc

    def _wait(self, exc: Exception, attempt: int) -> float | None:
        """Seconds before the next try: Retry-After when given (None when longer than max_wait)."""
        response = getattr(exc, "response", None)
        header = response.headers.get("retry-after") if response is not None else None
        if header is not None:
            try:
                wait = float(header)
            except ValueError:
                wait = None
            if wait is not None:
                return wait if wait <= self.max_wait else None
        return self.backoff * 2 ** attempt


class _Refused(LlmUnavailable):
    """A 4xx answer: this request will not succeed, but the server is up."""


class _NoJsonSchema(Exception):
    """The server does not take response_format json_schema (some models and servers only know JSON mode)."""


def _describe(exc: Exception) -> str:
    status = getattr(exc, "status_code", None)
    return f"HTTP {status}" if status else type(exc).__name__


def _with_image(messages: list[dict], image: Image) -> list[dict]:
    """The last user message with the page image attached as a data URL."""
    out = [dict(m) for m in messages]
    last = out[-1]
    url = f"data:{image.media_type};base64,{base64.b64encode(image.data).decode()}"
    last["content"] = [{"type": "text", "text": last["content"]}, {"type": "image_url", "image_url": {"url": url}}]
    return out
