"""Values that cross between channels, the runner and the conversation: uploads, tickets, replies."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Upload:
    """A file a user sent: the bytes and who sent it (the tenant is the chat, never crossed)."""

    tenant: str
    channel: str
    data: bytes
    filename: str = ""
    user: str = ""
    language: str | None = None
    key: str = ""  # the platform's id of the message, where it has one: the same upload again is the same job


@dataclass(frozen=True, slots=True)
class Ticket:
    """What an upload is acknowledged with: the job and its place in the queue (1 = next)."""

    job_id: str
    position: int
    cached: bool = False


@dataclass(frozen=True, slots=True)
class JobEvent:
    """Progress of one job: received, reading page k/n, extracting, done, failed."""

    job_id: str
    tenant: str
    channel: str
    stage: str
    k: int = 0
    n: int = 0
    error: str | None = None  # plain-language reason when stage == "failed"
    code: str | None = None  # and its kind: an InvoiceBotError code, "timeout", "retries" or "internal"


@dataclass(frozen=True, slots=True)
class Reply:
    """One message back to a chat; `final` marks the answer that ends an upload (summary or error)."""

    tenant: str
    text: str
    file: Path | None = None
    job_id: str | None = None
    final: bool = False
    kind: str = "text"
    buttons: tuple[tuple[str, str], ...] = ()  # (label, action) a channel may show as buttons; action is
    # a chat message ('confirm', 'cancel', '/fields') about the reply's job


@dataclass(slots=True)
class JobInfo:
    """A job as the runner and conversation see it (a row of the job store)."""

    id: str
    tenant: str
    channel: str
    state: str
    sha256: str
    blob_path: str
    filename: str = ""
    language: str | None = None
    attempts: int = 0
    error: str | None = None
    result: dict | None = None
    created_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))


JOB_STATES = ("queued", "running", "awaiting_review", "confirmed", "cancelled", "failed")
IN_FLIGHT = ("queued", "running")
ANNOUNCED = ("awaiting_review", "failed")  # states whose final event the user must have been sent
