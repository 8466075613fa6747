"""One synthetic document from (seed, index): its layout family and locale, its content, the PDF and the
truth record; the family and locale turn with the index so that a batch covers all of them."""

from __future__ import annotations

import random
from dataclasses import dataclass

from synth import truth
from synth.content import build
from synth.layouts import FAMILIES, NAMES
from synth.locales import ORDER
from synth.model import Doc


@dataclass
class Generated:
    doc: Doc
    pdf: bytes
    record: dict
    pages: int


class LabelError(AssertionError):
    """A layout left out a value the truth labels."""


def pick(seed: int, index: int) -> tuple[str, str]:
    k = seed + index
    return NAMES[k % len(NAMES)], ORDER[(k // len(NAMES) + k) % len(ORDER)]


def generate(seed: int, index: int, family: str | None = None, locale: str | None = None) -> Generated:
    fam, loc = pick(seed, index)
    fam, loc = family or fam, locale or loc
    rng = random.Random(f"synth/{seed}/{index}/{fam}/{loc}")
    draw, spec = FAMILIES[fam]
    doc = build(rng, f"s{seed}-{index:05d}", fam, spec, loc)
    canvas = draw(doc, rng)
    lost = truth.missing(doc, "\n".join(canvas.drawn))
    if lost:
        raise LabelError(f"{doc.id} ({fam}, {loc}) does not print {lost}")
    record = truth.record(doc, {"seed": seed, "index": index, "pages": canvas.pages})
    return Generated(doc, canvas.output(), record, canvas.pages)
