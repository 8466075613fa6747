"""Confidence of a field from its evidence: how it was found, rival values, OCR word confidence."""

from __future__ import annotations

from .find import Candidate

# base confidence by how a value was found
HOW = {"inline": 0.9, "right": 0.88, "below": 0.72, "title": 0.9, "pattern": 0.7, "computed": 0.66,
       "return-address": 0.75, "legal-form": 0.75, "letterhead": 0.58, "window": 0.65, "bad-checksum": 0.45,
       "weak-label": 0.45}


def confidence(best: Candidate, rivals: list[Candidate] = (), ocr_weight: float = 0.5,
               margin: float = 0.15) -> tuple[float, str | None]:
    """(confidence, reason when low) for the chosen candidate given the others found for the field."""
    conf = HOW.get(best.how, 0.7)
    reason = None
    # a generic label ('Date', 'Total', 'vom') is weaker evidence than a specific one
    if best.how in ("inline", "right", "below") and best.score < 0.55:
        conf -= 0.12
    if best.how == "below" and best.score < 0.5:
        conf -= 0.1  # a weak label with the value under it: often a table column, not this field
    close = [r for r in rivals if r is not best and r.value != best.value and best.score - r.score < margin]
    if close:
        conf -= 0.25
        reason = "other candidates: " + ", ".join(str(r.value) for r in close[:3])
    if best.source == "ocr":
        conf *= 1 - ocr_weight * (1 - best.conf)
        if best.conf < 0.6:
            reason = reason or f"poorly read (OCR confidence {best.conf:.2f})"
    return round(max(0.05, min(conf, 0.99)), 3), reason
