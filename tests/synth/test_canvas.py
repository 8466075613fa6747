"""The drawing surface: core fonts hand text they cannot encode to a Unicode stand-in."""

from __future__ import annotations

from synth import render
from synth.canvas import Canvas


def test_core_font_falls_back_for_text_outside_windows_1252() -> None:
    c = Canvas("A4", "helvetica")
    c.page()
    c.font(10, "", "helvetica")
    assert c.width("Łódź") > 0
    c.text(20, 20, "Łódź Sp. z o.o.")
    c.text(20, 30, "Müller 12,50 €")
    text = render.text(c.output())
    assert "Łódź Sp. z o.o." in text
    assert "Müller 12,50 €" in text
