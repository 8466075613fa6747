"""Draws one document's content from a seeded random generator: parties, lines, VAT, discounts and
prepayments, with every total computed in Decimal (ROUND_HALF_UP) so the arithmetic holds by construction."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from synth import ids, items, places, words
from synth.labels import Words
from synth.locales import CURRENCY, LOCALES, number_styles, rates
from synth.model import Doc, Line, Party
from synth.money import PLACEMENTS, cents


@dataclass(frozen=True)
class Spec:
    """What a layout family needs from the content."""
    kind: str = "invoice"
    lines: tuple[int, int] = (2, 6)
    multi_rate: bool = False
    discount: str | None = None      # line | doc
    prepaid: bool = False
    person: float = 0.25             # chance the customer is a private person
    customer: bool = True
    ship_to: bool = False
    long_desc: bool = False
    negative: bool = False
    gross: bool = False              # prices include VAT (till slips)


DIAL = {"DE": 49, "AT": 43, "CH": 41, "FR": 33, "BE": 32, "ES": 34, "IT": 39, "NL": 31, "PT": 351, "GB": 44,
        "IE": 353, "US": 1, "SE": 46, "DK": 45, "NO": 47, "PL": 48}
REGISTER = {"DE": "{city} HRB {n}", "AT": "FN {n}a", "CH": "CHE-Register {city}", "FR": "{city} B {n}",
            "ES": "Tomo {n}, Hoja M-{n}", "IT": "{city} {n}", "NL": "{n}", "PT": "{city} {n}", "GB": "England No. {n}",
            "US": "EIN 12-3{n}"}


def _ascii(s: str) -> str:
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


def _name_lang(country: str) -> str:
    return places.CITIES[country][0] if country not in ("BE", "CH") else {"BE": "nl", "CH": "de"}[country]


def company(rng: random.Random, country: str, vat: bool = True) -> Party:
    nl = _name_lang(country) if country != "BE" else rng.choice(["nl", "fr"])
    nl = "fr" if country == "CH" and rng.random() < 0.3 else nl
    form = rng.choice(words.LEGAL[country])
    base = rng.choice([rng.choice(words.FANCY[nl]), rng.choice(words.LAST[nl])])
    name = f"{base} {rng.choice(words.TRADE[nl])} {form}"
    if rng.random() < 0.2:
        name = f"{rng.choice(words.LAST[nl])} & {rng.choice(words.LAST[nl])} {form}"
    street, code, city = places.address(rng, country)
    slug = "".join(ch for ch in _ascii(base).lower() if ch.isalnum())
    tld = {"GB": "co.uk", "US": "com"}.get(country, country.lower())
    p = Party(name, "company", street, code, city, country)
    if vat:
        p.vat = ids.vat_id(rng, country)
        p.vat_print = ids.vat_printed(rng, p.vat, country) if p.vat else None
    p.phone = f"+{DIAL[country]} {rng.randint(10, 99)} {rng.randint(100000, 9999999)}"
    p.email, p.web = f"info@{slug}.{tld}", f"www.{slug}.{tld}"
    p.register = REGISTER.get(country, "No. {n}").format(city=city, n=rng.randint(10000, 999999))
    p.director = f"{rng.choice(words.FIRST[nl])} {rng.choice(words.LAST[nl])}"
    return p


def person(rng: random.Random, country: str, lang: str) -> Party:
    nl = _name_lang(country)
    first = rng.choice(words.FIRST[nl])
    name = f"{first} {rng.choice(words.LAST[nl])}"
    male, female = words.SALUTE.get(lang, words.SALUTE["en"])
    street, code, city = places.address(rng, country)
    sal = female if first in words.FEMALE else male
    return Party(name, "person", street, code, city, country, salutation=sal if rng.random() < 0.7 else "")


def _line(rng: random.Random, lang: str, rate: Decimal, spec: Spec, n: int) -> Line:
    if spec.gross:
        desc, lo, hi = rng.choice(items.SHOP[lang])
        unit = ""
    else:
        desc, unit, lo, hi = rng.choice(items.GOODS[lang])
    places_ = 3 if hi < 1 else 2
    price = Decimal(str(round(rng.uniform(lo, hi), places_)))
    if price <= 0:
        price = Decimal("0.50")
    if hi < 1:
        qty = Decimal(rng.choice([250, 500, 1000, 2500, 5000]))
    elif unit in ("Std", "h", "hr", "uur", "psch"):
        qty = Decimal(rng.randint(1, 24)) / 2
    elif unit == "m²":
        qty = Decimal(rng.randint(200, 4000)) / 10
    else:
        qty = Decimal(rng.choice([1, 1, 1, 2, 2, 3, 4, 5, 6, 10, 12, 20] if not spec.gross else [1, 1, 1, 2, 3]))
    disc = Decimal(rng.choice([0, 5, 10, 15, 3])) if spec.discount == "line" else Decimal(0)
    total = cents(qty * price)
    if disc:
        total = cents(total * (100 - disc) / 100)
    detail = rng.choice(items.DETAILS[lang]) if spec.long_desc and rng.random() < 0.6 else ""
    return Line(desc, qty, unit, price, rate, total, disc, f"{rng.randint(1000, 99999)}", detail)


def _totals(lines: list[Line], spec: Spec, pct: Decimal) -> tuple:
    lines_sum = sum((ln.total for ln in lines), Decimal(0))
    by_rate: dict[Decimal, Decimal] = {}
    for ln in lines:
        by_rate[ln.rate] = by_rate.get(ln.rate, Decimal(0)) + ln.total
    discount = cents(lines_sum * pct / 100) if pct else Decimal(0)
    if discount:
        (r,) = by_rate
        by_rate[r] -= discount
    breakdown = []
    for r in sorted(by_rate, reverse=True):
        amount = by_rate[r]
        tax = cents(amount * r / (100 + r)) if spec.gross else cents(amount * r / 100)
        breakdown.append((r, amount - tax if spec.gross else amount, tax))
    tax_total = sum((t for _, _, t in breakdown), Decimal(0))
    subtotal = sum((b for _, b, _ in breakdown), Decimal(0))
    return lines_sum, discount, breakdown, subtotal, tax_total, subtotal + tax_total


def build(rng: random.Random, doc_id: str, family: str, spec: Spec, locale: str) -> Doc:
    loc = LOCALES[locale]
    country = rng.choice(loc.countries)
    lang = loc.lang
    vendor = company(rng, country, vat=country != "US")
    if spec.customer and spec.kind != "receipt":
        customer = person(rng, country, lang) if rng.random() < spec.person else company(rng, country, vat=rng.random() < 0.5)
    else:
        customer = None
    ship_to = company(rng, country, vat=False) if spec.ship_to else None
    if ship_to and customer:
        ship_to.name = customer.name if rng.random() < 0.5 else ship_to.name
    all_rates = rates(country)
    if country == "US":
        all_rates = (rng.choice(all_rates),)
    n = rng.randint(*spec.lines)
    multi = spec.multi_rate and len(all_rates) > 1
    lines = [_line(rng, lang, rng.choice(all_rates[:3]) if multi else all_rates[0], spec, n) for _ in range(n)]
    if n <= 6:
        lines = list({ln.description: ln for ln in lines}.values())
    if multi and len({ln.rate for ln in lines}) < 2:
        lines[-1].rate = all_rates[1]
    pct = Decimal(rng.choice([2, 3, 5, 10])) if spec.discount == "doc" and len({ln.rate for ln in lines}) == 1 else Decimal(0)
    lines_sum, discount, breakdown, subtotal, tax_total, total = _totals(lines, spec, pct)
    prepaid = cents(total * Decimal(rng.choice([20, 25, 30, 50])) / 100) if spec.prepaid else Decimal(0)
    sign = Decimal(-1) if spec.negative else Decimal(1)
    if spec.negative:
        for ln in lines:
            ln.unit_price, ln.total = -ln.unit_price, -ln.total
        breakdown = [(r, -b, -t) for r, b, t in breakdown]
    issue = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randint(0, 2860))
    days = rng.choice([7, 10, 14, 14, 21, 30, 30, 45, 60])
    bank = ids.iban(rng, country) if spec.kind != "receipt" and rng.random() < 0.85 else None
    currency = CURRENCY[country]
    ns = number_styles(loc, country)
    doc = Doc(
        id=doc_id, family=family, locale=locale, lang=lang, kind=spec.kind, country=country, currency=currency,
        number=ids.invoice_number(rng, issue.year, spec.kind), issue=issue,
        due=issue + dt.timedelta(days=days) if spec.kind == "invoice" else None,
        due_printed=spec.kind == "invoice" and rng.random() < 0.75,
        vendor=vendor, customer=customer, ship_to=ship_to, lines=lines, gross_prices=spec.gross,
        breakdown=breakdown, lines_sum=sign * lines_sum, doc_discount_pct=pct, doc_discount=sign * discount,
        subtotal=sign * subtotal, tax_total=sign * tax_total, total=sign * total, prepaid=prepaid,
        amount_due=sign * total - prepaid, iban=bank[0] if bank else None,
        iban_print=ids.iban_printed(rng, bank[0]) if bank else None, bic=bank[1] if bank else "",
        number_style=rng.choice(ns), placement=rng.choice(PLACEMENTS), date_style=rng.choice(loc.date_styles),
        words=Words(rng, lang, us=country == "US"), customer_no=str(rng.randint(10000, 99999)),
        time=f"{rng.randint(7, 21):02d}:{rng.randint(0, 59):02d}", negative=spec.negative, terms_days=days,
    )
    if not doc.due_printed:
        doc.due = None
    # values that look like the labelled ones: the customer's VAT id, a delivery date, an order number
    if customer and customer.vat and rng.random() < 0.5:
        customer.vat_print = ids.vat_printed(rng, customer.vat, country)
    if rng.random() < 0.4:
        doc.extra["delivery"] = issue - dt.timedelta(days=rng.randint(0, 12))
    if rng.random() < 0.35:
        doc.extra["order_no"] = rng.choice(["PO-", "B", "", "ORD"]) + str(rng.randint(1000, 999999))
    if spec.kind == "receipt":
        paid = (total / 5).to_integral_value(rounding="ROUND_CEILING") * 5 if rng.random() < 0.6 else None
        doc.paid_cash = Decimal(paid) if paid is not None else None
    return doc
