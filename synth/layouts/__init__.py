"""Layout families by name: each is a function (document, random) -> canvas, with the content spec it needs."""

from __future__ import annotations

from synth.layouts import credits, letters, slips, styled, tables

FAMILIES = {**letters.FAMILIES, **tables.FAMILIES, **styled.FAMILIES, **credits.FAMILIES, **slips.FAMILIES}
NAMES = tuple(FAMILIES)
