"""Answers never name an exception class: what went wrong is said in plain words, the class goes to the log."""

from __future__ import annotations

import io
import json
import logging
import re

from bot.extract_cmd import run_extract
from core.work import WorkConfig, init_worker, read_and_extract

CLASS_NAME = re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)*(?:Error|Exception|Operation)\b")


def test_a_failure_inside_the_pipeline_is_answered_plainly_and_logged_with_its_class(tmp_path, caplog):
    stored = tmp_path / "blob"
    stored.mkdir()  # reading it fails with an OSError the pipeline does not expect
    init_worker(WorkConfig(), None)
    with caplog.at_level(logging.ERROR, logger="core.work"):
        result = read_and_extract("job-1", str(stored))
    assert result == {"error": "I could not read this file: something went wrong on my side while reading it. "
                               "Please send the file again, or a photo of the invoice.", "code": "unreadable"}
    assert "IsADirectoryError" in caplog.text


def test_extract_says_why_a_file_cannot_be_opened_in_the_systems_words(tmp_path):
    name = str(tmp_path / ("a" * 300 + ".pdf"))  # longer than a file name may be
    out = io.StringIO()
    assert run_extract([name], True, WorkConfig(), 1, out=out) == 1
    record = json.loads(out.getvalue())
    assert record["error"] == ("I could not read this file: the file cannot be opened (file name too long). "
                               "Please send the file again, or a photo of the invoice.")
    assert not CLASS_NAME.search(record["error"])
