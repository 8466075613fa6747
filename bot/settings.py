"""Settings from the environment (names as in CONTRACT.md), built once at start-up.

Tokens and passwords are SecretStr (never printed in a repr or a log); `reveal` gives the text.
"""

from __future__ import annotations

import os
from typing import Annotated, Literal

from pydantic import AliasChoices, BeforeValidator, Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.documents import ReadOptions
from core.errors import ConfigError
from core.validate import Thresholds
from core.work import WorkConfig


def _upper(value: object) -> object:
    return value.strip().upper() if isinstance(value, str) else value


def _lower(value: object) -> object:
    return value.strip().lower() if isinstance(value, str) else value


LogLevel = Annotated[Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"], BeforeValidator(_upper)]
LlmMode = Annotated[Literal["off", "fallback", "always"] | None, BeforeValidator(_lower)]


def _off_is_none(value: object) -> object:
    return None if isinstance(value, str) and value.strip().lower() in ("", "off", "none") else value


OffOrPort = Annotated[int | None, BeforeValidator(_off_is_none)]


def reveal(value: SecretStr | str | None) -> str | None:
    """The text of a secret setting (a plain str passes through: model_copy does not validate)."""
    return value.get_secret_value() if isinstance(value, SecretStr) else value


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore",
                                      case_sensitive=False)

    database_url: str = "sqlite:///data/invoicebot.db"
    redis_url: str | None = None
    data_dir: str = "data"
    ocr_languages: str = "eng+deu+fra+spa+ita+nld+por"
    # tesseract's command per page (reads best), kept loaded per worker (fastest), PP-OCR, or PP-OCR with
    # tesseract's accents (the last two need the `paddle` extra)
    ocr_engine: Literal["api", "cli", "paddle", "combined"] = "cli"
    ocr_dewarp: bool = True  # photos of a page on a desk: page found, made upright and evenly lit before OCR
    max_pages: int = Field(20, ge=1)
    max_file_mb: float = Field(25, gt=0)
    max_megapixels: float = Field(80, gt=0)
    ocr_timeout: float = Field(180, gt=0)
    workers: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=1)
    log_level: LogLevel = "INFO"
    flag_below: float = Field(0.6, ge=0, le=1)  # a field whose confidence is lower is flagged
    ocr_weight: float = Field(0.5, ge=0, le=1)  # how much poor OCR confidence lowers a field's confidence
    max_date_age_years: int = Field(15, ge=1)  # older invoice dates are flagged as absurd
    max_future_days: int = Field(400, ge=0)  # dates further ahead are flagged as absurd
    job_timeout: float = Field(600, gt=0)  # seconds for one document, all pages
    job_retries: int = Field(2, ge=0)  # extra attempts after a transient failure
    job_claim_seconds: float = Field(60, gt=0)  # with REDIS_URL: a job silent this long is taken over
    shutdown_grace: float = Field(20, ge=0)  # on SIGTERM, seconds running jobs get to finish
    chat_language: str | None = None  # reply language where the channel does not say (console)
    tenant_daily_limit: int | None = Field(None, ge=1)  # documents per tenant per UTC day; unset: no limit

    telegram_bot_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org"
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: SecretStr | None = None
    telegram_allowed_chats: str | None = None

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"

    imap_host: str | None = None
    imap_port: int = 993
    imap_user: str | None = None
    imap_password: SecretStr | None = None
    imap_ssl: bool = True
    imap_folder: str = "INBOX"
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = True
    email_from: str | None = None
    email_allowed_senders: str | None = None
    email_require_auth: bool = True  # refuse mails the receiving server's Authentication-Results do not pass
    email_authserv_id: str | None = None  # that server's authserv-id(s), comma-separated; unset: IMAP_HOST
    email_processed_folder: str | None = None  # handled mails are moved there (created if missing)
    email_max_mb: float = Field(35, gt=0)  # a whole mail, attachments base64-encoded
    email_poll_seconds: float = Field(60, gt=0)  # when the IMAP server has no IDLE
    email_per_sender_per_hour: int = Field(30, ge=1)

    groq_api_key: SecretStr | None = None
    groq_base_url: str | None = None
    groq_model: str = "meta-llama/llama-4-scout-17b-16e-instruct"
    llm_mode: LlmMode = None
    llm_timeout: float = Field(30, gt=0)  # seconds per model request
    llm_daily_token_budget: int | None = Field(None, ge=0)  # all tenants together, per UTC day
    llm_tenant_daily_token_budget: int | None = Field(None, ge=0)  # each tenant, per UTC day

    web_host: str = "0.0.0.0"
    web_port: int = Field(8080, ge=0, le=65535, validation_alias=AliasChoices("web_port", "port"))
    worker_port: int | None = Field(None, ge=0, le=65535)  # `invoicebot worker`: /healthz, /readyz, /metrics
    metrics_host: str = "127.0.0.1"  # /metrics has a listener of its own, never the public port
    metrics_port: OffOrPort = Field(9090, ge=0, le=65535)  # "off": not served (0: any free port)
    metrics_token: SecretStr | None = None  # set: /metrics wants `Authorization: Bearer <token>`

    def read_options(self, ocr_workers: int | None = None) -> ReadOptions:
        return ReadOptions(
            max_bytes=int(self.max_file_mb * 1024 * 1024),
            max_pages=self.max_pages,
            max_pixels=int(self.max_megapixels * 1_000_000),
            ocr_workers=ocr_workers or self.workers,
            dewarp=self.ocr_dewarp,
        )

    def local_work(self, per_job_ocr: int | None = None) -> WorkConfig:
        """What reading and extracting need, without the LLM tier; pages of one job are OCR'd by
        per_job_ocr processes at once (default: cores / workers)."""
        per_job = per_job_ocr or max(1, (os.cpu_count() or 1) // self.workers)
        return WorkConfig(self.ocr_languages, self.ocr_timeout, self.read_options(per_job), self.thresholds(),
                          ocr_engine=self.ocr_engine)

    def thresholds(self) -> Thresholds:
        return Thresholds(flag_below=self.flag_below, ocr_weight=self.ocr_weight,
                          max_age_years=self.max_date_age_years, max_future_days=self.max_future_days)

    @property
    def effective_llm_mode(self) -> str:
        return self.llm_mode or ("fallback" if self.groq_api_key else "off")


# what a value should look like, by pydantic's error type; {ctx keys} come from the error
_EXPECTED = {
    "int_parsing": "expected a whole number", "int_type": "expected a whole number",
    "int_from_float": "expected a whole number", "float_parsing": "expected a number",
    "float_type": "expected a number", "bool_parsing": "expected true or false",
    "bool_type": "expected true or false", "literal_error": "expected one of {expected}",
    "greater_than_equal": "must be at least {ge}", "greater_than": "must be more than {gt}",
    "less_than_equal": "must be at most {le}", "less_than": "must be less than {lt}",
}


def _variable(field: str) -> str:
    alias = Settings.model_fields[field].validation_alias if field in Settings.model_fields else None
    names = alias.choices if isinstance(alias, AliasChoices) else [field]
    return "/".join(str(n).upper() for n in names)


def describe(exc: ValidationError) -> str:
    """One line naming each bad variable, what it should be and (unless secret) what it was."""
    parts = []
    for err in exc.errors():
        field = str(err["loc"][0]) if err["loc"] else "?"
        template = _EXPECTED.get(err["type"])
        ctx = {k: f"{v:g}" if isinstance(v, float) else v for k, v in (err.get("ctx") or {}).items()}
        text = template.format(**ctx) if template else err["msg"].lower()
        secret = field in Settings.model_fields and "SecretStr" in str(Settings.model_fields[field].annotation)
        shown = "" if secret or not isinstance(err.get("input"), str) else f", got {err['input'][:40]!r}"
        parts.append(f"{_variable(field)}: {text}{shown}")
    return "; ".join(parts)


def load() -> Settings:
    """The settings from the environment and .env; a bad value is a ConfigError naming the variable."""
    try:
        return Settings()
    except ValidationError as exc:
        raise ConfigError(describe(exc)) from None
