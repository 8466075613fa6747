"""The CPU-bound step of a job, run inside a worker process: stored file -> extraction as JSON."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .codec import to_json
from .documents import ReadOptions
from .errors import InvoiceBotError, UnreadableDocument, unexpected
from .llm.setup import LlmConfig, build, second_opinion
from .memory.layout import layout_of
from .ocr import TesseractOcr
from .pipeline import process, timed
from .ports import OcrEngine
from .validate import Thresholds

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class WorkConfig:
    ocr_languages: str = "eng"
    ocr_timeout: float = 180.0
    options: ReadOptions = ReadOptions()
    thresholds: Thresholds = Thresholds()
    llm: LlmConfig = LlmConfig()
    # "cli": the command, per page; "api": tesseract kept loaded in the process; "paddle": PP-OCR;
    # "combined": PP-OCR, with tesseract's letters on pages in other languages than English
    ocr_engine: str = "cli"


def build_ocr(languages: str, timeout: float, engine: str = "cli", threads: int = 1) -> OcrEngine:
    """The OCR engine of one worker process (built once, in the pool's initializer); threads: the
    onnxruntime threads of the PP-OCR engines (the worker's share of the cores)."""
    if engine == "cli":
        return TesseractOcr(languages, timeout)
    from .extract.labels import detect_language
    from .ocr_api import TesseractApiOcr

    tesseract = TesseractApiOcr(languages, timeout, detect=detect_language)
    if engine == "api":
        return tesseract
    from .ocr_pp import PaddleOcr

    paddle = PaddleOcr(languages, timeout, threads=threads, orientation=tesseract.orientation)
    if engine == "paddle":
        return paddle
    if engine == "combined":
        from .ocr_combo import CombinedOcr

        return CombinedOcr(tesseract, paddle)
    raise ValueError(f"unknown OCR engine {engine!r}")


_state: dict[str, Any] = {}


def init_worker(config: WorkConfig, progress: Any) -> None:
    """Process-pool initializer: one OCR engine per process; progress goes back over a pipe (a Connection)."""
    _state["ocr"] = build_ocr(config.ocr_languages, config.ocr_timeout, config.ocr_engine)
    _state["options"] = config.options
    _state["thresholds"] = config.thresholds
    _state["progress"] = progress
    _state["llm"] = build(config.llm)


def read_and_extract(job_id: str, path: str) -> dict:
    """Run the pipeline on a stored file; a bad document becomes {"error": text, "code": ...}, transient
    errors raise. A result carries "timings": seconds per stage (read, extract, llm when the tier ran)."""
    conn = _state.get("progress")

    def progress(stage: str, k: int, n: int) -> None:
        if conn is not None:
            conn.send((job_id, stage, k, n))

    try:
        return _run(job_id, path, progress)
    finally:
        if conn is not None:
            conn.send((job_id, "_end", 0, 0))  # lets the runner deliver every progress event before "done"


def _run(job_id: str, path: str, progress) -> dict:
    timings: dict[str, float] = {}
    llm = None
    try:
        data = Path(path).read_bytes()
        document, extraction = process(data, _state["ocr"], _state["options"], progress, _state.get("thresholds"),
                                       timings)
        if _state.get("llm") is not None:
            with timed(timings, "llm"):
                extraction, llm = second_opinion(_state["llm"], job_id, document, extraction, data)
    except InvoiceBotError as exc:
        if exc.retryable:
            raise
        return {"error": exc.user_message(), "code": exc.code}
    except FileNotFoundError:
        return {"error": UnreadableDocument("the stored file is missing").user_message(), "code": "unreadable"}
    except Exception as exc:  # a bug must not take the runner down; the user gets a plain answer
        log.exception("unexpected failure in the pipeline")
        err = unexpected(exc)
        return {"error": err.user_message(), "code": err.code}
    result = {"extraction": to_json(extraction), "pages": len(document.pages), "source": document.source,
              "media_type": document.media_type, "layout": layout_of(document),
              "timings": {stage: round(seconds, 6) for stage, seconds in timings.items()}}
    if llm is not None:
        result["llm"] = llm
    return result
