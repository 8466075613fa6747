"""Untrusted XML made safe and easy: defusedxml parsing under a size limit, lookups by local name.

E-invoice namespaces differ between versions (ZUGFeRD 1.0, CII D16B, UBL 2.1), so every lookup
here ignores the namespace and matches the element's local name only.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from ..errors import UnreadableDocument
from .numbers import MAX_INTEGER_DIGITS, OutOfBounds, bounded_decimal

MAX_XML_BYTES = 16 * 1024 * 1024  # the largest real samples (with embedded attachments) are ~1 MB


def parse(data: bytes) -> Element:
    """The root element; no DTD, no entities, no external references, a bounded size."""
    if len(data) > MAX_XML_BYTES:
        raise UnreadableDocument(f"the XML is larger than {MAX_XML_BYTES // (1024 * 1024)} MB")
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise UnreadableDocument("the XML declares entities or a DTD, which are refused for safety") from exc
    except (ParseError, ValueError) as exc:
        raise UnreadableDocument("the XML is not well-formed") from exc


def local(el: Element) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    return tag.rsplit("}", 1)[-1]


def child(el: Element | None, *names: str) -> Element | None:
    """The first direct child whose local name is one of names."""
    if el is None:
        return None
    for c in el:
        if local(c) in names:
            return c
    return None


def children(el: Element | None, *names: str) -> list[Element]:
    return [] if el is None else [c for c in el if local(c) in names]


def path(el: Element | None, *steps: str | tuple[str, ...]) -> Element | None:
    """Walk direct children step by step; a step may list alternative names (version differences)."""
    for step in steps:
        el = child(el, *((step,) if isinstance(step, str) else step))
        if el is None:
            return None
    return el


def descendants(el: Element | None, name: str) -> Iterator[Element]:
    if el is None:
        return iter(())
    return (d for d in el.iter() if local(d) == name)


def first(el: Element | None, name: str) -> Element | None:
    return next(descendants(el, name), None)


def text(el: Element | None) -> str | None:
    """The element's text with whitespace (line breaks, tabs) collapsed; None when empty."""
    if el is None or el.text is None:
        return None
    s = " ".join(el.text.split())
    return s or None


def amount(el: Element | None) -> Decimal | None:
    """The element's number; None when empty or no number; UnreadableDocument when it is a number no invoice
    states (more than MAX_INTEGER_DIGITS digits, or a large exponent such as 1E-999999999)."""
    s = text(el)
    if el is None or s is None:
        return None
    try:
        return bounded_decimal(s)
    except OutOfBounds:
        shown = s if len(s) <= 24 else s[:20] + "..."
        raise UnreadableDocument(
            f"the e-invoice gives {local(el)} as {shown}, which is not an amount I can read "
            f"(at most {MAX_INTEGER_DIGITS} digits, written without an exponent)") from None


_DIGITS = re.compile(r"\d+")


def date(el: Element | None) -> dt.date | None:
    """A date in format 102 (YYYYMMDD), 610 (YYYYMM) or ISO YYYY-MM-DD (UBL)."""
    s = text(el)
    if s is None:
        return None
    fmt = el.get("format") if el is not None else None
    digits = "".join(_DIGITS.findall(s))
    try:
        if fmt == "610" and len(digits) == 6:
            return dt.date(int(digits[:4]), int(digits[4:6]), 1)
        if len(digits) >= 8:
            return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None
    return None
