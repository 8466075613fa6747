"""Small Protocols the runner and the conversation depend on; adapters satisfy them structurally."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from .chat import JobEvent, JobInfo, Reply, Ticket, Upload
from .llm.port import LlmClient, LlmLedger  # noqa: F401  (the LLM tier's ports live beside it)

Work = Callable[[str, str], dict]
"""The CPU-bound step run in a worker process: (job_id, stored file path) -> JSON-ready result."""


class Inbound(Protocol):
    """What a channel calls: an upload or a chat message from a tenant."""

    async def upload(self, upload: Upload) -> Ticket: ...

    async def message(self, tenant: str, channel: str, text: str, user: str = "",
                      language: str | None = None, *, job_id: str | None = None,
                      ask_if_several: bool = False, hint: bool = False, review: str | None = None) -> None:
        """job_id: the review the message is about (a reply to its summary); ask_if_several: with no
        job_id and several reviews waiting, ask which one instead of taking the latest; hint: a
        caption sent with the file, applied quietly where it reads as corrections; review: the job
        of the summary a threaded reply answers (made the pending review while it awaits review)."""

    async def drain(self) -> None: ...


class Channel(Protocol):
    name: str

    async def start(self, inbound: Inbound) -> None: ...

    async def send(self, reply: Reply) -> None: ...

    async def stop(self) -> None: ...


class BlobStore(Protocol):
    def put(self, data: bytes, sha256: str) -> Path: ...

    def get(self, path: str) -> bytes: ...

    def ensure_local(self, path: str, sha256: str) -> Path:
        """The stored file on this machine (fetched from the shared store when another machine took it in)."""


class Inbox(Protocol):
    """Updates a channel has answered for (a webhook call) but not yet handled, kept until they are: a
    process that dies in between hands them to the next start instead of losing them."""

    def put(self, channel: str, key: str, payload: str) -> bool:
        """Keep one; False when that key is kept already (the platform sent it again)."""

    def done(self, channel: str, key: str) -> None: ...

    def pending(self, channel: str) -> list[str]:
        """The payloads still kept, oldest first."""


class OcrEngine(Protocol):
    """Words with boxes and confidences from a picture (core.ocr.OcrPage); implementations: TesseractOcr
    (the command, a process per call) and TesseractApiOcr (a persistent engine)."""

    languages: str

    def read(self, img: Any, psm: int = 3) -> Any:
        """The page upright, its words and the rotation applied."""

    def words(self, img: Any, psm: int = 3, languages: str | None = None) -> list[Any]: ...

    def orientation(self, img: Any) -> int: ...


class JobStore(Protocol):
    def add_job(self, job: JobInfo) -> None: ...

    def get_job(self, job_id: str) -> JobInfo | None: ...

    def set_state(self, job_id: str, state: str, *, error: str | None = None, result: dict | None = None,
                  attempts: int | None = None) -> None: ...

    def claim(self, job_id: str, expected: tuple[str, ...]) -> bool:
        """Set the job running if its state is still one of `expected` (one worker wins a race)."""

    def jobs_to_resume(self) -> list[JobInfo]: ...

    def jobs_unannounced(self) -> list[JobInfo]:
        """Finished jobs whose final event was never handed on (the process died in between)."""

    def mark_announced(self, job_id: str) -> None:
        """The job's final event reached the event sink."""

    def cached_result(self, tenant: str, sha256: str) -> dict | None: ...


class InvoiceStore(Protocol):
    """Confirmed invoices of one tenant (every method takes the tenant; none crosses tenants)."""

    def confirm(self, header: Any, lines: list[Any]) -> Any: ...

    def invoices(self, tenant: str, date_from: dt.date | None = None, date_to: dt.date | None = None,
                 limit: int | None = None, newest_first: bool = False) -> list[Any]: ...

    def find_duplicate(self, tenant: str, sha256: str, vendor: str | None, number: str | None) -> Any | None: ...

    def undo_last(self, tenant: str, channel: str) -> Any | None: ...


@dataclass(frozen=True, slots=True)
class Lease:
    """One delivery of a job id: `ref` is the queue's own handle (a stream entry id); `redelivered`
    when the job was handed out before (a worker died, or the process restarted)."""

    job_id: str
    ref: str = ""
    redelivered: bool = False


class JobQueue(Protocol):
    async def put(self, job_id: str) -> None: ...

    async def get(self) -> Lease: ...

    async def ack(self, lease: Lease) -> None:
        """The job's outcome is stored: never hand it out again."""

    async def release(self, lease: Lease) -> None:
        """Give an unfinished job back (shutdown): another worker may take it at once."""

    async def depth(self) -> int:
        """Jobs waiting or being worked on."""

    async def join(self) -> None: ...

    async def close(self) -> None: ...


EventSink = Callable[[JobEvent], Awaitable[None]]
