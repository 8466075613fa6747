"""Build a Document from positioned text, as a text layer or OCR would deliver it."""

from __future__ import annotations

from core.layout import group_lines
from core.models import Box, Document, Page, Word

CHAR_W = 5.0  # points per character at 10 pt
LINE_H = 14.0


def document(rows: list[list[tuple[float, str]]], source: str = "text", conf: float = 1.0,
             width: float = 595, height: float = 842) -> Document:
    """rows: one list per line of (x, text) cells; each cell's words get boxes left to right."""
    words = []
    for i, cells in enumerate(rows):
        y = 40 + i * LINE_H
        for x, text in cells:
            cx = x
            for token in text.split():
                w = CHAR_W * len(token)
                words.append(Word(token, Box(cx, y, cx + w, y + 8), conf, source))  # type: ignore[arg-type]
                cx += w + CHAR_W * 0.6
    page = Page(1, width, height, group_lines(words), source)  # type: ignore[arg-type]
    return Document("0" * 64, "application/pdf", (page,))


def slip(lines: list[tuple], conf: float = 0.95, alt: dict[str, str] | None = None) -> Document:
    """An OCR'd slip: (text, letter height[, OCR confidence]) per line, words laid out left to right;
    alt gives second readings."""
    words, y = [], 40.0
    for text, h, *line_conf in lines:
        x = 40.0
        for token in text.split():
            w = 0.6 * h * len(token)
            words.append(Word(token, Box(x, y, x + w, y + h), line_conf[0] if line_conf else conf, "ocr",
                              (alt or {}).get(token)))
            x += w + 0.5 * h
        y += 1.6 * h
    return Document("0" * 64, "image/jpeg", (Page(1, 300, 800, group_lines(words), "ocr"),))


def tail(*rows: str) -> list[tuple[str, float]]:
    """Lines of the usual small print."""
    return [(r, 8.0) for r in rows]
