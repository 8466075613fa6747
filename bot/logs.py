"""Logging set up once: JSON lines when stderr is not a terminal, job and channel on every line."""

from __future__ import annotations

import json
import logging
import sys
from contextvars import ContextVar

job_id: ContextVar[str | None] = ContextVar("job_id", default=None)
channel: ContextVar[str | None] = ContextVar("channel", default=None)
_configured = False


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out = {"ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"), "level": record.levelname,
               "logger": record.name, "msg": record.getMessage()}
        for key, var in (("job", job_id), ("channel", channel)):
            if (v := var.get()) is not None:
                out[key] = v
        for key, value in getattr(record, "data", {}).items():
            out[key] = value
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, default=str, ensure_ascii=False)


def setup_logging(level: str = "INFO", stream=None) -> None:
    global _configured
    if _configured:
        return
    stream = stream or sys.stderr
    handler = logging.StreamHandler(stream)
    if stream.isatty():
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    else:
        handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    _configured = True
