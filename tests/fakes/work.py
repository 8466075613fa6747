"""Worker-process doubles for the runner's Work port (module-level so a process pool can pickle them)."""

from __future__ import annotations

import os
from pathlib import Path

from core.codec import to_json
from core.errors import LlmUnavailable, UnsupportedDocument
from core.models import Extraction

_state: dict = {}


def init(config, progress) -> None:
    _state["progress"] = progress


def _calls(path: str) -> Path:
    return Path(path + ".calls")


def record(path: str) -> int:
    """Counts calls per stored file in a file beside it (processes share no memory)."""
    marker = _calls(path)
    n = calls(path) + 1
    tmp = marker.with_name(f"{marker.name}.{os.getpid()}")
    tmp.write_text(str(n))
    os.replace(tmp, marker)  # whole or not at all: a process killed mid-write leaves the old count
    return n


def calls(path: str) -> int:
    marker = _calls(path)
    return int(marker.read_text()) if marker.exists() else 0


def ok(job_id: str, path: str) -> dict:
    record(path)
    q = _state.get("progress")
    if q is not None:
        q.send((job_id, "reading page", 1, 1))
        q.send((job_id, "_end", 0, 0))
    return {"extraction": to_json(Extraction.empty()), "pages": 1, "source": "text", "media_type": "application/pdf"}


def flaky(job_id: str, path: str) -> dict:
    """Fails with a transient error on the first call for a file, then works."""
    if record(path) == 1:
        raise LlmUnavailable("the service is busy")
    return ok(job_id, path)


def unsupported(job_id: str, path: str) -> dict:
    record(path)
    return {"error": UnsupportedDocument("a spreadsheet").user_message(), "code": "unsupported"}


def hang(job_id: str, path: str) -> dict:
    """Never finishes on a file whose bytes say so (the runner's timeout must stop it)."""
    import time

    record(path)
    if Path(path).read_bytes() == b"hang":
        time.sleep(3600)
    return ok(job_id, path)


def crash(job_id: str, path: str) -> dict:
    """The worker process dies on the first call for a file (as on a crash in a native library)."""
    if record(path) == 1:
        os._exit(1)
    return ok(job_id, path)


def steady(job_id: str, path: str) -> dict:
    """A job that takes a moment, so that several workers share a burst."""
    import time

    time.sleep(0.3)
    return ok(job_id, path)


def slow_once(job_id: str, path: str) -> dict:
    """Busy for a long time on the first call for a file (a worker can be stopped mid-job), quick after."""
    import time

    if record(path) == 1:
        q = _state.get("progress")
        if q is not None:
            q.send((job_id, "reading page", 1, 2))
        time.sleep(60)
    return ok(job_id, path)


def gated(job_id: str, path: str) -> dict:
    """Waits until a file `<stored file>.go` exists (a test opens the gate), then answers like `ok`, or like
    `unsupported` for a file whose bytes start with b"sheet"."""
    import time

    deadline = time.monotonic() + 60
    while not Path(path + ".go").exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    if Path(path).read_bytes().startswith(b"sheet"):
        return unsupported(job_id, path)
    return ok(job_id, path)


def paced(job_id: str, path: str) -> dict:
    """Two pages a second apart for a file whose bytes contain b"slow"; at once (like `ok`) otherwise."""
    import time

    if b"slow" not in Path(path).read_bytes():
        return ok(job_id, path)
    record(path)
    q = _state.get("progress")
    for k in (1, 2):
        if q is not None:
            q.send((job_id, "reading page", k, 2))
        time.sleep(0.8)
    if q is not None:
        q.send((job_id, "_end", 0, 0))
    return {"extraction": to_json(Extraction.empty()), "pages": 2, "source": "text", "media_type": "application/pdf"}


def counted_gate(job_id: str, path: str) -> dict:
    """Like `gated`, and each call is counted (a test sees when a new worker has begun the job)."""
    record(path)
    return gated(job_id, path)
