"""Logs are JSON lines with the job and channel of the context when not written to a terminal."""

from __future__ import annotations

import io
import json
import logging

from bot import logs


def test_json_lines_carry_job_and_channel(monkeypatch):
    monkeypatch.setattr(logs, "_configured", False)
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    stream = io.StringIO()
    try:
        logs.setup_logging("INFO", stream)
        logs.setup_logging("DEBUG", io.StringIO())  # a second call changes nothing
        token_job, token_ch = logs.job_id.set("job-7"), logs.channel.set("console")
        logging.getLogger("core.test").info("read %d pages", 3, extra={"data": {"pages": 3}})
        logging.getLogger("core.test").debug("not shown at INFO")
        logs.job_id.reset(token_job)
        logs.channel.reset(token_ch)
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1
    rec = json.loads(lines[0])
    assert rec["msg"] == "read 3 pages" and rec["level"] == "INFO" and rec["logger"] == "core.test"
    assert rec["job"] == "job-7" and rec["channel"] == "console" and rec["pages"] == 3
