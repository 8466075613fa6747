"""OCR with tesseract: words with boxes and confidences, upright pages.

tesseract runs as a single-threaded child process (OMP_THREAD_LIMIT=1 is far faster than its
own threading on few cores); callers run several at once to read pages in parallel.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image

from .errors import ExtractionError
from .images import to_pnm
from .models import Box, Word

_ENV = {**os.environ, "OMP_THREAD_LIMIT": "1"}
_ROTATE = re.compile(rb"Rotate:\s+(\d+)")
_ORIENT_CONF = re.compile(rb"Orientation confidence:\s+([\d.]+)")


@dataclass(frozen=True, slots=True)
class OcrPage:
    words: list[Word]
    width: int
    height: int
    rotation: int  # clockwise degrees applied to the input before the words were read

    @property
    def confidence(self) -> float:
        return sum(w.conf for w in self.words) / len(self.words) if self.words else 0.0


class TesseractOcr:
    """The OcrEngine port implemented with the tesseract command."""

    def __init__(self, languages: str = "eng", timeout: float = 180.0, binary: str = "tesseract") -> None:
        self.languages = languages
        self.timeout = timeout
        self.binary = binary

    def read(self, img: Image.Image, psm: int = 3) -> OcrPage:
        """Read an image; if it reads poorly, detect its orientation and read it upright.

        psm is tesseract's page segmentation mode: 3 (find text blocks) for pages, 6 (one uniform
        block) for slips, where block finding drops the amounts printed apart from the text.
        """
        return read_upright(img, psm, lambda im, p, turn: OcrPage(self.words(im, p), im.width, im.height, turn),
                            self.orientation)

    def words(self, img: Image.Image, psm: int = 3, languages: str | None = None) -> list[Word]:
        out = self._run(img, ["--psm", str(psm), "-l", languages or self.languages, "tsv"])
        return parse_tsv(out.decode("utf-8", "replace"))

    def orientation(self, img: Image.Image) -> int:
        """Clockwise degrees to turn the image so text is upright (0 when unsure)."""
        try:
            out = self._run(img, ["--psm", "0", "-l", "osd"])
        except ExtractionError:
            return 0  # too little text to decide
        rot, conf = _ROTATE.search(out), _ORIENT_CONF.search(out)
        if not rot or not conf or float(conf.group(1)) < 1.0:
            return 0
        return int(rot.group(1)) % 360

    def _run(self, img: Image.Image, args: list[str]) -> bytes:
        cmd = [self.binary, "stdin", "stdout", *args]
        try:
            proc = subprocess.run(cmd, input=to_pnm(img), capture_output=True, timeout=self.timeout, env=_ENV)
        except subprocess.TimeoutExpired as exc:
            raise ExtractionError(f"OCR took longer than {self.timeout:g} s") from exc
        except FileNotFoundError as exc:
            raise ExtractionError("tesseract is not installed (run `make run` to install it)") from exc
        if proc.returncode != 0:
            raise ExtractionError(f"tesseract failed: {proc.stderr.decode('utf-8', 'replace')[-300:]}")
        return proc.stdout


def read_upright(img: Image.Image, psm: int, read: Callable[[Image.Image, int, int], OcrPage],
                 orientation: Callable[[Image.Image], int]) -> OcrPage:
    """read(img, psm, rotation) as it is; if that reads poorly, turned as `orientation` says, if better so."""
    first = read(img, psm, 0)
    if reads_well(first):
        return first
    angle = orientation(img)
    if angle == 0:
        return first
    turned = img.rotate(-angle, expand=True)  # PIL turns counter-clockwise
    second = read(turned, psm, angle)
    return second if quality(second) > quality(first) else first


def parse_tsv(tsv: str) -> list[Word]:
    words = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        text = cols[11].strip()
        conf = float(cols[10])
        if not text or conf < 0:
            continue
        x, y, w, h = (int(c) for c in cols[6:10])
        words.append(Word(text, Box(x, y, x + w, y + h), conf=round(conf / 100, 3), source="ocr"))
    return words


def quality(page: OcrPage) -> float:
    """Confident dictionary-like words: what an upright page has and a sideways one lacks."""
    return sum(w.conf for w in page.words if w.conf > 0.6 and len(w.text) > 2)


def reads_well(page: OcrPage) -> bool:
    good = [w for w in page.words if w.conf > 0.6 and len(w.text) > 2]
    return len(good) >= 8 and page.confidence >= 0.6
