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
