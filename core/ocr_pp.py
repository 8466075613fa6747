"""OCR with PP-OCRv4 (the detection and recognition networks inside the rapidocr-onnxruntime wheel, on
onnxruntime's CPU provider): text lines found and read, each split into words where the recogniser's
columns show a space or a gap. Its recogniser knows no accents or umlauts: core.ocr_combo adds them."""

from __future__ import annotations

import statistics
import threading
from collections.abc import Callable
from typing import Any

import numpy as np
from PIL import Image

from .errors import ExtractionError
from .models import Box, Word
from .ocr import OcrPage, quality, reads_well

DET_SIDE = 1280  # longest side of the picture the detector sees (a receipt or an A4 page at ~110 dpi)
SPLIT_GAP = 1.8  # a gap between two characters' columns this many times the line's pitch starts a new word
KEEP_TOGETHER = ".,"  # ... unless a decimal or thousands mark stands beside it ('1.234,56' stays one word)
MIN_LINE_SCORE = 0.5  # lines the recogniser is less sure of are dropped (rapidocr's own default)
MIN_SIDE = 48  # smaller pictures (a crop read again) are padded with white to this size

_engines: dict[int, Any] = {}  # intra-op threads -> the loaded networks, one set per process
_engines_lock = threading.Lock()
_local = threading.local()  # the current read's onnxruntime RunOptions (a timer may stop it)


class _Stoppable:
    """An onnxruntime session whose runs take the calling thread's RunOptions, so a read can be stopped."""

    def __init__(self, session: Any) -> None:
        self._session = session

    def run(self, output_names: Any, input_feed: Any, run_options: Any = None) -> Any:
        return self._session.run(output_names, input_feed, getattr(_local, "options", None) or run_options)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._session, name)


def _load(threads: int) -> Any:
    """The networks, loaded once per process and kept (models from the wheel: nothing is downloaded)."""
    with _engines_lock:
        if threads not in _engines:
            from rapidocr_onnxruntime import RapidOCR

            engine = RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1, use_cls=False)
            for part in (engine.text_det.infer, engine.text_rec.session):
                part.session = _Stoppable(part.session)
            _engines[threads] = engine
        return _engines[threads]


class PaddleOcr:
    """The OcrEngine port on PP-OCRv4. orientation: a page's clockwise turn to upright (PP-OCR has no page
    orientation of its own; the tesseract engines' one fits), 0 when not given."""

    def __init__(self, languages: str = "eng", timeout: float = 180.0, *, threads: int = 1,
                 det_side: int = DET_SIDE, orientation: Callable[[Image.Image], int] | None = None) -> None:
        self.languages = languages
        self.timeout = timeout
        self.threads = threads
        self.det_side = det_side
        self._orientation = orientation

    # the OcrEngine port ------------------------------------------------------------------------
    def read(self, img: Image.Image, psm: int = 3) -> OcrPage:
        """Read an image; if it reads poorly and turning it would help, read it upright (psm is not used)."""
        first = OcrPage(self.words(img, psm), img.width, img.height, 0)
        if reads_well(first):
            return first
        angle = self.orientation(img)
        if angle == 0:
            return first
        turned = img.rotate(-angle, expand=True)  # PIL turns counter-clockwise
        second = OcrPage(self.words(turned, psm), turned.width, turned.height, angle)
        return second if quality(second) > quality(first) else first

    def words(self, img: Image.Image, psm: int = 3, languages: str | None = None) -> list[Word]:
        import onnxruntime

        options = onnxruntime.RunOptions()
        timer = threading.Timer(self.timeout, lambda: setattr(options, "terminate", True))
        timer.daemon = True
        _local.options = options
        timer.start()
        try:
            lines = self._lines(_bgr(img))
        except Exception as exc:
            if options.terminate:
                raise ExtractionError(f"OCR took longer than {self.timeout:g} s") from exc
            raise ExtractionError(f"PP-OCR failed ({type(exc).__name__})") from exc
        finally:
            timer.cancel()
            _local.options = None
        if options.terminate:
            raise ExtractionError(f"OCR took longer than {self.timeout:g} s")
        return [w for quad, rec in lines for w in line_words(quad, rec)]

    def orientation(self, img: Image.Image) -> int:
        return self._orientation(img) if self._orientation is not None else 0

    def _lines(self, arr: np.ndarray) -> list[tuple[np.ndarray, tuple]]:
        """(quad, recognition) per text line, top to bottom; recognition = (text, score, column info)."""
        from rapidocr_onnxruntime.ch_ppocr_det.utils import DetPreProcess

        engine = _load(self.threads)
        det = engine.text_det
        shape = arr.shape[:2]
        pre = DetPreProcess(self.det_side, "max", det.mean, det.std)(arr)
        if pre is None:
            return []
        boxes, _ = det.postprocess_op(det.infer(pre)[0], shape)
        boxes = det.filter_tag_det_res(boxes, shape)
        if len(boxes) == 0:
            return []
        boxes = engine.sorted_boxes(boxes)
        recs, _ = engine.text_rec(engine.get_crop_img_list(arr, boxes), True)
        return [(q, r) for q, r in zip(boxes, recs, strict=True) if r[0].strip() and r[1] >= MIN_LINE_SCORE]


def _bgr(img: Image.Image) -> np.ndarray:
    """The picture as the networks take it: 3 channels, padded with white to at least MIN_SIDE a side."""
    arr = np.asarray(img.convert("RGB"))[:, :, ::-1]
    h, w = arr.shape[:2]
    if h < MIN_SIDE or w < MIN_SIDE:
        padded = np.full((max(h, MIN_SIDE), max(w, MIN_SIDE), 3), 255, dtype=np.uint8)
        padded[:h, :w] = arr
        arr = padded
    return np.ascontiguousarray(arr)


def line_words(quad: np.ndarray, rec: tuple) -> list[Word]:
    """A recognised line as words: split at spaces and at wide gaps between the characters' columns, each
    word's box the share of the line's box its columns cover, its confidence its characters' mean."""
    text, _, (columns, groups, group_cols, _, confs) = rec
    chars = [c for g in groups for c in g]
    cols = [c for g in group_cols for c in g]
    if not chars or len(chars) != len(cols) or columns <= 0:
        return []
    confs = list(confs) + [0.0] * (len(chars) - len(confs))
    steps = [b - a for a, b in zip(cols, cols[1:], strict=False) if b > a]
    pitch = max(1.0, statistics.median(steps)) if steps else 1.0
    x0, x1 = float(min(quad[:, 0])), float(max(quad[:, 0]))
    y0, y1 = float(min(quad[:, 1])), float(max(quad[:, 1]))
    scale = (x1 - x0) / columns

    words: list[Word] = []
    current: list[int] = []

    def close() -> None:
        if current:
            first, last = cols[current[0]], cols[current[-1]]
            left = max(x0, x0 + (first + 0.5 - pitch / 2) * scale)
            right = min(x1, x0 + (last + 0.5 + pitch / 2) * scale)
            conf = sum(confs[i] for i in current) / len(current)
            words.append(Word("".join(chars[i] for i in current), Box(round(left), round(y0), round(right), round(y1)),
                              conf=round(float(conf), 3), source="ocr"))
            current.clear()

    for i, ch in enumerate(chars):
        if ch.isspace():
            close()
            continue
        j = current[-1] if current else -1
        wide = j >= 0 and cols[i] - cols[j] >= SPLIT_GAP * pitch
        if wide and ch not in KEEP_TOGETHER and chars[j] not in KEEP_TOGETHER:
            close()
        current.append(i)
    close()
    return words
