"""A thin drawing surface over fpdf2: font families by name (DejaVu, URW base35, core fonts), text at a
baseline with alignment, wrapping, rules and boxes, and a log of every string drawn; and a document's Style."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
URW = Path("/usr/share/fonts/opentype/urw-base35")

# family -> files for regular, bold, italic ("" when a style is missing: regular stands in)
FAMILIES = {
    "dejavu-sans": (DEJAVU / "DejaVuSans.ttf", DEJAVU / "DejaVuSans-Bold.ttf", DEJAVU / "DejaVuSans-Oblique.ttf"),
    "dejavu-condensed": (DEJAVU / "DejaVuSansCondensed.ttf", DEJAVU / "DejaVuSansCondensed-Bold.ttf",
                         DEJAVU / "DejaVuSansCondensed-Oblique.ttf"),
    "dejavu-serif": (DEJAVU / "DejaVuSerif.ttf", DEJAVU / "DejaVuSerif-Bold.ttf", DEJAVU / "DejaVuSerif-Italic.ttf"),
    "dejavu-mono": (DEJAVU / "DejaVuSansMono.ttf", DEJAVU / "DejaVuSansMono-Bold.ttf", DEJAVU / "DejaVuSansMono-Oblique.ttf"),
    "nimbus-sans": (URW / "NimbusSans-Regular.otf", URW / "NimbusSans-Bold.otf", URW / "NimbusSans-Italic.otf"),
    "nimbus-narrow": (URW / "NimbusSansNarrow-Regular.otf", URW / "NimbusSansNarrow-Bold.otf",
                      URW / "NimbusSansNarrow-Oblique.otf"),
    "nimbus-roman": (URW / "NimbusRoman-Regular.otf", URW / "NimbusRoman-Bold.otf", URW / "NimbusRoman-Italic.otf"),
    "nimbus-mono": (URW / "NimbusMonoPS-Regular.otf", URW / "NimbusMonoPS-Bold.otf", URW / "NimbusMonoPS-Italic.otf"),
    "urw-gothic": (URW / "URWGothic-Book.otf", URW / "URWGothic-Demi.otf", URW / "URWGothic-BookOblique.otf"),
    "p052": (URW / "P052-Roman.otf", URW / "P052-Bold.otf", URW / "P052-Italic.otf"),
    "c059": (URW / "C059-Roman.otf", URW / "C059-Bold.otf", URW / "C059-Italic.otf"),
}
CORE = {"helvetica": "dejavu-sans", "times": "dejavu-serif", "courier": "dejavu-mono"}
SANS = ("dejavu-sans", "dejavu-condensed", "nimbus-sans", "nimbus-narrow", "urw-gothic", "helvetica")
SERIF = ("dejavu-serif", "nimbus-roman", "p052", "c059", "times")
MONO = ("dejavu-mono", "nimbus-mono", "courier")
FIXED_DATE = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


class Canvas:
    def __init__(self, size: str | tuple[float, float] = "A4", family: str = "dejavu-sans") -> None:
        self.pdf = FPDF(unit="mm", format=size)
        self.pdf.set_creation_date(FIXED_DATE)
        self.pdf.set_auto_page_break(False)
        self.pdf.core_fonts_encoding = "windows-1252"
        self.pdf.set_producer("synth")
        self.w, self.h = self.pdf.w, self.pdf.h
        self.drawn: list[str] = []
        self._added: set[str] = set()
        self.family, self.size, self.style = family, 10.0, ""
        self.pages = 0

    def page(self) -> None:
        self.pdf.add_page()
        self.pages += 1

    def _apply(self, family: str, style: str, size: float) -> None:
        if family in CORE:
            self.pdf.set_font(family, style, size)
            return
        style = style if style in ("", "B", "I") else "B"
        key = family + style
        if key not in self._added:
            path = FAMILIES[family][("", "B", "I").index(style)]
            self.pdf.add_font(family, style, str(path))
            self._added.add(key)
        self.pdf.set_font(family, style, size)

    def font(self, size: float | None = None, style: str = "", family: str | None = None) -> None:
        self.family = family or self.family
        self.size = size or self.size
        self.style = style
        self._apply(self.family, style, self.size)

    def _fits_core(self, s: str) -> bool:
        try:
            s.encode("windows-1252")
        except UnicodeEncodeError:
            return False
        return True

    def _swap(self, s: str) -> bool:
        """A core font cannot show s (outside windows-1252): switch to its DejaVu stand-in."""
        swapped = self.family in CORE and not self._fits_core(s)
        if swapped:
            self._apply(CORE[self.family], self.style, self.size)
        return swapped

    def text(self, x: float, y: float, s: str, align: str = "L") -> float:
        """Draw s with its baseline at y; align L/R/C relative to x. Returns the string's width."""
        if not s:
            return 0.0
        swapped = self._swap(s)
        w = self.pdf.get_string_width(s)
        x0 = x - w if align == "R" else x - w / 2 if align == "C" else x
        self.pdf.text(x0, y, s)
        self.drawn.append(s)
        if swapped:
            self._apply(self.family, self.style, self.size)
        return w

    def width(self, s: str) -> float:
        swapped = self._swap(s)
        w = self.pdf.get_string_width(s)
        if swapped:
            self._apply(self.family, self.style, self.size)
        return w

    def wrap(self, s: str, width: float) -> list[str]:
        out, cur = [], ""
        for word in s.split():
            trial = f"{cur} {word}".strip()
            if cur and self.width(trial) > width:
                out.append(cur)
                cur = word
            else:
                cur = trial
        return out + ([cur] if cur else [])

    def lines(self, x: float, y: float, rows: list[str], lead: float, align: str = "L") -> float:
        for row in rows:
            self.text(x, y, row, align)
            y += lead
        return y

    def rule(self, x1: float, y1: float, x2: float, y2: float, width: float = 0.2, grey: int = 0) -> None:
        self.pdf.set_line_width(width)
        self.pdf.set_draw_color(grey)
        self.pdf.line(x1, y1, x2, y2)

    def box(self, x: float, y: float, w: float, h: float, fill: tuple[int, int, int] | None = None,
            stroke: bool = True) -> None:
        if fill:
            self.pdf.set_fill_color(*fill)
        self.pdf.set_draw_color(0)
        self.pdf.rect(x, y, w, h, style=("DF" if stroke else "F") if fill else "D")

    def ink(self, r: int, g: int | None = None, b: int | None = None) -> None:
        self.pdf.set_text_color(r, r if g is None else g, r if b is None else b)

    def shape(self, kind: str, x: float, y: float, s: float, colour: tuple[int, int, int]) -> None:
        """A drawn logo: no letters, only a shape."""
        self.pdf.set_fill_color(*colour)
        self.pdf.set_draw_color(*colour)
        if kind == "circle":
            self.pdf.ellipse(x, y, s, s, style="F")
        elif kind == "triangle":
            self.pdf.polygon([(x, y + s), (x + s / 2, y), (x + s, y + s)], style="F")
        elif kind == "bars":
            for i in range(3):
                self.pdf.rect(x + i * s / 3, y + s * (2 - i) / 4, s / 4, s * (2 + i) / 4, style="F")
        else:
            self.pdf.rect(x, y, s, s, style="F")
            self.pdf.set_fill_color(255, 255, 255)
            self.pdf.ellipse(x + s / 4, y + s / 4, s / 2, s / 2, style="F")

    def output(self) -> bytes:
        return bytes(self.pdf.output())


@dataclass
class Style:
    family: str
    size: float
    accent: tuple[int, int, int]
    left: float = 20.0
    right: float = 190.0
    lead: float = 4.6

    @classmethod
    def draw(cls, rng: random.Random, families: tuple[str, ...]) -> Style:
        accent = rng.choice([(20, 60, 120), (140, 30, 30), (30, 110, 60), (60, 60, 60), (0, 90, 140), (120, 70, 10)])
        size = rng.choice([8.5, 9.0, 9.5, 10.0, 10.5])
        return cls(rng.choice(families), size, accent, lead=size * 0.5)
