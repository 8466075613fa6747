"""OCR through tesseract's own API (tesserocr), kept loaded for the life of the worker process.

Loading a language model costs more than reading a receipt, and reading with seven models at once
costs seven readings: a page is read in English first, and read again in its own language (with
English) only when its words say it is in another one.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from .errors import ExtractionError
from .models import Word
from .ocr import OcrPage, parse_tsv, read_upright

TSV_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
TESSDATA_DIRS = ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                 "/usr/share/tessdata", "/usr/local/share/tessdata")
MIN_ORIENTATION_CONF = 1.0  # as the command line's psm 0: below this the page is left as it is
ISO_TO_TESSERACT = {"en": "eng", "de": "deu", "fr": "fra", "es": "spa", "it": "ita", "nl": "nld", "pt": "por"}


def tessdata_dir() -> str:
    for d in TESSDATA_DIRS:
        if (Path(d) / "eng.traineddata").exists():
            return d
    raise ExtractionError("tesseract's language data is not installed (run `make run` to install it)")


class TesseractApiOcr:
    """The OcrEngine port on a persistent tesseract: one loaded engine per thread, language and mode.

    languages: the models allowed ("eng+deu+fra"); the first one reads every page first.
    detect: text -> ISO 639-1 code of its language (the document's own words decide which model reads it).
    """

    def __init__(self, languages: str = "eng", timeout: float = 180.0, *,
                 detect: Callable[[str], str] | None = None, datapath: str | None = None) -> None:
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # before the library starts: its own threads only slow it
        import tesserocr  # the wheel ships its own libtesseract; only the language data comes from the system

        self._tesserocr = tesserocr
        self.languages = languages
        self.allowed = tuple(languages.split("+"))
        self.first = "eng" if "eng" in self.allowed else self.allowed[0]
        self.timeout = timeout
        self._detect = detect
        self._datapath = datapath or tessdata_dir()
        self._local = threading.local()

    # the OcrEngine port ------------------------------------------------------------------------
    def read(self, img: Image.Image, psm: int = 3) -> OcrPage:
        """Read an image in its own language; if it reads poorly, turn it upright and read it again."""
        return read_upright(img, psm, self._read_in_language, self.orientation)

    def words(self, img: Image.Image, psm: int = 3, languages: str | None = None) -> list[Word]:
        api = self._api(languages or self.first, psm)
        api.SetImage(img)
        if not api.Recognize(timeout=int(self.timeout * 1000)):
            raise ExtractionError(f"OCR took longer than {self.timeout:g} s")
        return parse_tsv(TSV_HEADER + (api.GetTSVText(0) or ""))

    def orientation(self, img: Image.Image) -> int:
        """Clockwise degrees to turn the image so text is upright (0 when unsure)."""
        api = self._api("osd", self._tesserocr.PSM.OSD_ONLY)
        api.SetImage(img)
        found = api.DetectOrientationScript()
        if not found or found.get("orient_conf", 0.0) < MIN_ORIENTATION_CONF:
            return 0
        return (360 - int(found["orient_deg"])) % 360  # the input's rotation, undone

    # the page's language -------------------------------------------------------------------------
    def language_of(self, words: list[Word]) -> str:
        """The tesseract model for the words' language, among the allowed ones (the first when unsure)."""
        if self._detect is None or len(self.allowed) == 1:
            return self.first
        code = ISO_TO_TESSERACT.get(self._detect(" ".join(w.text for w in words)), self.first)
        return code if code in self.allowed else self.first

    def _read_in_language(self, img: Image.Image, psm: int, rotation: int = 0) -> OcrPage:
        words = self.words(img, psm)
        lang = self.language_of(words)
        if lang != self.first:  # read again by the page's own model, English beside it for the shared words
            words = self.words(img, psm, f"{lang}+{self.first}")
        return OcrPage(words, img.width, img.height, rotation)

    def _api(self, languages: str, psm: int):
        cache: dict[tuple[str, int], object] | None = getattr(self._local, "apis", None)
        if cache is None:
            cache = self._local.apis = {}
        key = (languages, int(psm))
        if key not in cache:
            try:
                cache[key] = self._tesserocr.PyTessBaseAPI(path=self._datapath, lang=languages, psm=int(psm))
            except RuntimeError as exc:
                raise ExtractionError(f"tesseract could not load the languages {languages!r}") from exc
        return cache[key]
