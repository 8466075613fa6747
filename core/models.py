"""Domain values: the document as read (pages, lines, words) and the extraction result."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, NamedTuple

Source = Literal["xml", "text", "ocr", "llm", "memory", "user"]

FIELD_NAMES: tuple[str, ...] = (
    "vendor_name", "vendor_address", "vendor_vat_id", "customer_name", "customer_address",
    "invoice_number", "invoice_date", "due_date", "currency", "subtotal", "tax_total", "total",
    "amount_due", "iban", "document_type",
)
DOCUMENT_TYPES = ("invoice", "receipt", "credit_note", "other")


class Box(NamedTuple):
    """A rectangle in page units with the origin top-left (y grows downwards)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    def union(self, other: Box) -> Box:
        return Box(min(self.x0, other.x0), min(self.y0, other.y0),
                   max(self.x1, other.x1), max(self.y1, other.y1))


class Word(NamedTuple):
    """A word as read; a named tuple because pages hold thousands of them."""

    text: str
    box: Box
    conf: float = 1.0  # 0..1; 1.0 for a text layer
    source: Source = "text"
    alt: str | None = None  # what a closer second reading found here instead, when it disagrees


@dataclass(frozen=True, slots=True)
class Line:
    words: tuple[Word, ...]

    @property
    def box(self) -> Box:
        b = self.words[0].box
        for w in self.words[1:]:
            b = b.union(w.box)
        return b

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass(frozen=True, slots=True)
class Page:
    """One page: its size in page units (PDF points or image pixels) and its lines, top to bottom."""

    number: int  # 1-based
    width: float
    height: float
    lines: tuple[Line, ...]
    source: Source  # "text" (PDF text layer) or "ocr"
    rotation: int = 0  # degrees the page was turned (clockwise) before reading
    image: bytes | None = field(default=None, repr=False, compare=False)  # not kept by default

    @property
    def words(self) -> list[Word]:
        return [w for line in self.lines for w in line.words]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def ocr_confidence(self) -> float | None:
        if self.source != "ocr":
            return None
        ws = self.words
        return sum(w.conf for w in ws) / len(ws) if ws else 0.0


@dataclass(frozen=True, slots=True)
class Document:
    sha256: str
    media_type: str  # sniffed from the content: application/pdf, image/jpeg, ...
    pages: tuple[Page, ...]
    meta: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.pages)

    @property
    def source(self) -> Source:
        return "ocr" if any(p.source == "ocr" for p in self.pages) else "text"


@dataclass(slots=True)
class FieldValue:
    """One extracted field; value is a str/Decimal/date or None when not found."""

    value: Any = None
    confidence: float = 0.0
    flagged: bool = False
    reasons: list[str] = field(default_factory=list)
    source: Source | None = None


@dataclass(slots=True)
class LineItem:
    description: str | None = None
    quantity: Decimal | None = None
    unit_price: Decimal | None = None
    line_total: Decimal | None = None


@dataclass(slots=True)
class VatLine:
    """One row of a per-rate VAT breakdown (read from an e-invoice)."""

    rate: Decimal | None
    basis: Decimal | None
    tax: Decimal | None
    category: str | None = None


@dataclass(slots=True)
class Extraction:
    fields: dict[str, FieldValue]
    line_items: list[LineItem] = field(default_factory=list)
    document_type: str = "other"
    language: str | None = None
    vat_breakdown: list[VatLine] = field(default_factory=list)  # per-rate VAT, where the source gives it
    payment_terms: str | None = None

    @classmethod
    def empty(cls) -> Extraction:
        return cls(fields={name: FieldValue() for name in FIELD_NAMES})
