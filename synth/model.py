"""The content of one synthetic document (parties, lines, totals) and how its values are printed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from synth import money
from synth.labels import Words
from synth.locales import date_text
from synth.places import city_line


@dataclass
class Party:
    name: str
    kind: str                       # company | person
    street: str
    postcode: str
    city: str
    country: str
    vat: str | None = None          # compact, checksum-valid
    vat_print: str | None = None
    salutation: str = ""
    phone: str = ""
    email: str = ""
    web: str = ""
    register: str = ""
    director: str = ""

    @property
    def city_line(self) -> str:
        return city_line(self.country, self.postcode, self.city)

    @property
    def address(self) -> str:
        return f"{self.street}, {self.city_line}"

    def block(self, salutation_line: bool = True) -> list[str]:
        head = [self.salutation] if self.salutation and salutation_line else []
        name = self.name if salutation_line or not self.salutation else f"{self.salutation} {self.name}"
        return head + [name, self.street, self.city_line]

    def one_line(self) -> str:
        return f"{self.name} · {self.street} · {self.city_line}"


@dataclass
class Line:
    description: str
    qty: Decimal
    unit: str
    unit_price: Decimal
    rate: Decimal
    total: Decimal
    discount: Decimal = Decimal(0)
    article: str = ""
    detail: str = ""                # a second sentence that makes the cell wrap


@dataclass
class Doc:
    id: str
    family: str
    locale: str
    lang: str
    kind: str                       # invoice | receipt | credit_note
    country: str
    currency: str
    number: str
    issue: dt.date
    due: dt.date | None
    due_printed: bool
    vendor: Party
    customer: Party | None
    ship_to: Party | None
    lines: list[Line]
    gross_prices: bool
    breakdown: list[tuple[Decimal, Decimal, Decimal]]   # (rate, base, tax)
    lines_sum: Decimal
    doc_discount_pct: Decimal
    doc_discount: Decimal
    subtotal: Decimal
    tax_total: Decimal
    total: Decimal
    prepaid: Decimal
    amount_due: Decimal
    iban: str | None
    iban_print: str | None
    bic: str
    number_style: str
    placement: str
    date_style: str
    words: Words
    customer_no: str = ""
    time: str = ""
    paid_cash: Decimal | None = None
    negative: bool = False
    terms_days: int = 30
    extra: dict = field(default_factory=dict)

    # printing helpers: every layout prints values through these, so truth knows the printed form
    def num(self, x: Decimal) -> str:
        return money.number(x, self.number_style)

    def money(self, x: Decimal) -> str:
        return money.amount(x, self.currency, self.number_style, self.placement)

    def qty(self, q: Decimal) -> str:
        return money.quantity(q, self.number_style)

    def price(self, x: Decimal) -> str:
        places = max(2, -x.normalize().as_tuple().exponent)
        return money.number(x, self.number_style, places)

    def rate(self, r: Decimal) -> str:
        s = money.quantity(r, self.number_style)
        return f"{s} %" if self.lang in ("de", "fr") else f"{s}%"

    def date(self, d: dt.date) -> str:
        return date_text(d, self.date_style, self.lang)

    @property
    def title(self) -> str:
        return self.words[self.kind]

    @property
    def number_label(self) -> str:
        return self.words[{"invoice": "number", "receipt": "receipt_no", "credit_note": "credit_no"}[self.kind]]

    @property
    def due_label_value(self) -> str:
        return self.date(self.due) if self.due else ""
