"""Money fields: subtotal, tax total, total and amount due from labels, cross-checked by arithmetic."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from itertools import product

from .cells import Sheet
from .find import Candidate, labelled
from .parse import _to_decimal

CENT = Decimal("0.01")
# an amount token: optional sign/currency, grouped digits, optional decimals
_TOKEN = re.compile(
    r"(?<![\w.,/:])(?P<neg>[-−–(])?\s?(?P<cur>[$€£]|RM|EUR|USD|GBP|CHF)?\s?(?P<neg2>-)?"
    r"(?P<num>\d{1,3}(?:[.,'’ \u202f]\d{3})+(?:[.,]\d{1,4})?|\d+(?:[.,]\d{1,4})?)"
    r"(?P<neg3>-)?\s?(?P<cur2>€|EUR|USD|\$|RM)?(?![\w/]|[.,]\d|:\d)",
)
_PERCENT_AFTER = re.compile(r"^\s?%")
_OCR_GAP = re.compile(r"(\d)\s?([.,])\s(\d{2})(?!\d)")
_ROUNDING = re.compile(r"round|rundung|arrondi|redondeo|arrotondamento|afronding|arredondamento")


@dataclass(frozen=True, slots=True)
class Amount:
    value: Decimal
    decimals: int
    currency: bool
    start: int


@lru_cache(maxsize=32768)
def amounts_in(text: str, language: str | None) -> tuple[Amount, ...]:
    """Every amount-looking token of text (not percentages, dates or times)."""
    if not any(ch.isdigit() for ch in text):
        return ()
    out = []
    for m in _TOKEN.finditer(text):
        if _PERCENT_AFTER.match(text[m.end():]):
            continue
        num = m.group("num")
        value = _to_decimal(num, language)
        if value is None:
            continue
        if m.group("neg") in ("-", "−", "–") or m.group("neg2") or m.group("neg3"):
            value = -value
        elif m.group("neg") == "(" and text[m.end():m.end() + 1] == ")":
            value = -value
        sep = max(num.rfind("."), num.rfind(","))
        decimals = len(num) - sep - 1 if sep >= 0 and value != value.to_integral() or (
            sep >= 0 and len(num) - sep - 1 in (2, 4)) else 0
        out.append(Amount(value, decimals, bool(m.group("cur") or m.group("cur2")), m.start()))
    return tuple(out)


def money_parser(language: str | None):
    """A parser picking the most money-like amount of a text (with decimals, a currency sign)."""
    def parse(text: str) -> Decimal | None:
        best, best_q = None, -1
        text = _OCR_GAP.sub(r"\1\2\3", text)  # OCR reads '79. 35' for 79.35
        found = amounts_in(text, language)
        money = [a for a in found if a.decimals in (1, 2)]
        if len(money) >= 3:  # a run of parts ending in their sum (a table turned on its side)
            last = money[-1]
            if last.value == max(a.value for a in money) and last.value <= sum(a.value for a in money[:-1]) + CENT:
                return last.value.quantize(CENT)
        for a in found:
            q = (a.decimals in (1, 2)) * 2 + a.currency
            if q > best_q:
                best, best_q = a, q
        if best is None or best_q == 0:  # a bare integer is a count, not money
            return None
        return best.value.quantize(CENT) if best.decimals <= 2 else best.value
    return parse


@dataclass
class Money:
    subtotal: Candidate | None = None
    tax_total: Candidate | None = None
    total: Candidate | None = None
    amount_due: Candidate | None = None
    consistent: bool = False  # subtotal + tax == total held on the chosen values
    confirmed: bool = False  # the total is confirmed another way (cash given minus change)
    notes: dict[str, str] | None = None


def find_money(sheet: Sheet, language: str | None) -> tuple[Money, dict[str, list[Candidate]]]:
    parse = money_parser(language)
    fields = ("subtotal", "tax_total", "total", "amount_due")
    cands = {f: _rank(sheet, f, labelled(sheet, f, parse, below=True, first_only=False,
                                         rivals=tuple(o for o in (*fields, "cash_paid", "change", "count", "charges") if o != f)))
             for f in fields}
    money = Money(notes={})
    # prefer a total that equals subtotal + tax among the best few of each
    best = None
    rounding = any(_ROUNDING.search(c.norm) for c in sheet.cells)
    tolerance = Decimal("0.05") if rounding else Decimal(0)
    for t, s, x in product(cands["total"][:6], cands["subtotal"][:6], cands["tax_total"][:6]):
        off = abs(s.value + x.value - t.value)
        if t.value != 0 and off <= tolerance and s.value != t.value and x.value != t.value \
                and t.score >= max(cands["total"][0].score - 0.25, 0.35):
            sc = t.score + s.score + x.score - (0.3 if off else 0)
            if best is None or sc > best[0]:
                best = (sc, t, s, x)
    if best:
        _, money.total, money.subtotal, money.tax_total = best
        money.consistent = True
    else:
        money.total = cands["total"][0] if cands["total"] else None
        # subtotal + tax that equals the amount due (or stands alone) pins down a missing or misread total
        for s, x in product(cands["subtotal"][:3], cands["tax_total"][:3]):
            due = next((d for d in cands["amount_due"][:3] if d.value == s.value + x.value and x.value != 0), None)
            if due is None:
                continue
            weak = money.total is None or money.total.score < 0.9 or money.total.value < 0 < due.value
            if weak and (money.total is None or money.total.value != due.value):
                money.total = Candidate(due.value, 0.6, due.cell, None, "computed", due.source, due.conf)
                money.subtotal, money.tax_total, money.consistent = s, x, True
                money.notes["total"] = f"subtotal {s.value} + tax {x.value} = {due.value}, as the amount due"
                break
        money.tax_total = _first_not(cands["tax_total"], money.total)
        taxed = money.tax_total is not None and money.tax_total.value != 0
        money.subtotal = _first_not(cands["subtotal"], money.total) if taxed else (
            cands["subtotal"][0] if cands["subtotal"] else None)
    money.amount_due = cands["amount_due"][0] if cands["amount_due"] else None
    if not money.consistent and (money.total is None or money.total.score < 0.45):
        # no real total label: a 'net total' is the last line of a slip, larger than its subtotal
        nets = [c for c in cands["subtotal"] if "total" in (c.label or "") and c.label not in ("subtotal", "sub total")]
        if nets and (money.total is None or nets[0].value > money.total.value) and len(cands["subtotal"]) > 1 \
                and nets[0].value > min(c.value for c in cands["subtotal"]):
            n = nets[0]
            money.total = Candidate(n.value, 0.5, n.cell, n.label, n.how, n.source, n.conf, n.anchor)
            money.subtotal = next((c for c in cands["subtotal"] if c.value < n.value), None)
            money.notes["total"] = f"read from '{n.label}', the last total line"
    if money.amount_due is None and money.total is not None:
        t = money.total
        money.amount_due = Candidate(t.value, t.score, t.cell, t.label, "computed", t.source, t.conf, t.anchor)
        money.notes["amount_due"] = "no prepayment shown: the total is due"
    _receipt_checks(sheet, parse, cands, money)
    if money.total is None and money.amount_due is not None:
        money.total = Candidate(money.amount_due.value, money.amount_due.score * 0.7, money.amount_due.cell,
                                money.amount_due.label, "computed", money.amount_due.source, money.amount_due.conf)
        money.notes["total"] = "taken from the amount due"
    return money, cands


def _receipt_checks(sheet: Sheet, parse, cands: dict[str, list[Candidate]], money: Money) -> None:
    """Cash given minus change returned pins the total; rounded receipts total in steps of 0.05."""
    if money.consistent:
        return
    paid = labelled(sheet, "cash_paid", parse, below=False)
    change = labelled(sheet, "change", parse, below=False)
    totals = cands["total"]
    if paid and change and paid[0].value > change[0].value >= 0:
        due = paid[0].value - change[0].value
        # the cash figure itself read under an 'Amount' heading confirms nothing
        match = next((c for c in totals if c.value == due and c.cell is not paid[0].cell), None)
        if match is not None:
            money.total = Candidate(match.value, max(match.score, 0.9), match.cell, match.label, match.how,
                                    match.source, match.conf)
            money.notes["total"] = f"matches cash {paid[0].value} - change {change[0].value}"
            money.confirmed = True
            return
        if money.total is not None and one_digit_apart(money.total.value, due) \
                and not _supported(money.total.value, cands):
            # two amounts read apart agree on every digit but one: the total's digit was misread
            c, t = change[0], money.total.value
            money.total = Candidate(due, 0.6, c.cell, None, "computed", c.source, c.conf)
            money.notes["total"] = f"computed as cash {paid[0].value} - change {c.value} (the total reads {t})"
            return
        near_sum = any(abs(s.value + x.value - due) <= Decimal("0.05")
                       for s in cands["subtotal"][:3] for x in cands["tax_total"][:3])
        # a total above the cash given: the total misread (a '$' read as a digit) unless printed twice
        over = money.total is not None and money.total.value > paid[0].value and sum(
            c.value == money.total.value for c in labelled(sheet, "total", parse, below=False, first_only=False)) < 2
        if money.total is None or over or near_sum:
            c = change[0]
            money.total = Candidate(due, 0.55, c.cell, None, "computed", c.source, c.conf)
            money.notes["total"] = f"computed as cash {paid[0].value} - change {change[0].value}"
            return
    if money.total is not None and _repair_from_sum(sheet, parse, cands, money):
        return
    if money.total is not None and any(_ROUNDING.search(c.norm) for c in sheet.cells):
        nickel = Decimal("0.05")
        t = money.total
        if t.value % nickel:
            alt = next((c for c in totals if not c.value % nickel and abs(c.value - t.value) < nickel), None)
            if alt is not None:
                money.total = alt
                return
            for r in labelled(sheet, "rounding", _signed(parse), below=False):
                if r.value != t.value and abs(r.value - t.value) < nickel and not r.value % nickel:
                    money.total = Candidate(r.value, t.score, r.cell, r.label, r.how, r.source, r.conf, r.anchor)
                    money.notes["total"] = f"the rounded total ({t.value} before rounding)"
                    return
                if 0 < abs(r.value) < nickel and not (t.value + r.value) % nickel:
                    money.total = Candidate(t.value + r.value, t.score, t.cell, t.label, "computed", t.source, t.conf)
                    money.notes["total"] = f"{t.value} with the rounding adjustment {r.value}"
                    return


def one_digit_apart(a: Decimal, b: Decimal) -> bool:
    """Amounts printed with the same number of digits that differ in exactly one (an OCR misread)."""
    x, y = format(abs(a), ".2f"), format(abs(b), ".2f")
    if abs(a - b) < Decimal("0.05"):  # a cent or two apart: rounding, not a misread
        return False
    return len(x) == len(y) and sum(p != q for p, q in zip(x, y, strict=True)) == 1


_INCLUSIVE_RATES = tuple(Decimal(r) for r in ("5", "6", "7", "8", "10", "16", "19", "20", "21"))


def _supported(total: Decimal, cands: dict[str, list[Candidate]]) -> bool:
    """A total that another figure bears out: a subtotal within rounding, or a tax included at a usual rate."""
    if any(abs(s.value - total) < Decimal("0.05") for s in cands["subtotal"][:3]):
        return True
    return any(abs(total * r / (100 + r) - x.value) <= CENT for x in cands["tax_total"][:3] for r in _INCLUSIVE_RATES)


def _repair_from_sum(sheet: Sheet, parse, cands: dict[str, list[Candidate]], money: Money) -> bool:
    """Subtotal + tax (+ a rounding adjustment) one digit away from the total read: the total was misread."""
    t = money.total
    adjustments = [Decimal(0)] + [r.value for r in labelled(sheet, "rounding", _signed(parse), below=False)
                                  if abs(r.value) < Decimal("0.05")]
    for s, x, r in product(cands["subtotal"][:3], cands["tax_total"][:3], adjustments[:3]):
        computed = s.value + x.value + r
        if 0 < x.value < s.value and one_digit_apart(t.value, computed) and not _supported(t.value, cands):
            money.total = Candidate(computed, 0.6, t.cell, t.label, "computed", t.source, t.conf, t.anchor)
            money.subtotal, money.tax_total = s, x
            money.notes["total"] = f"subtotal {s.value} + tax {x.value}" + (f" + rounding {r}" if r else "") \
                + f" = {computed} (the total reads {t.value})"
            return True
    return False


def _signed(parse):
    """A money parser that also reads '-.02' or '-,02' (adjustments print without the leading zero)."""
    def inner(text: str) -> Decimal | None:
        return parse(re.sub(r"(?<![\d])([-−])?[.,](\d{2})\b", r"\g<1>0.\2", text))
    return inner


def _first_not(cands: list[Candidate], other: Candidate | None) -> Candidate | None:
    for c in cands:
        if other is None or c.value != other.value:
            return c
    return None


def _rank(sheet: Sheet, field: str, cands: list[Candidate]) -> list[Candidate]:
    """Re-score: totals sit low on the page and are the largest; a tax is smaller than what it taxes."""
    out = []
    for c in cands:
        sc = c.score
        y = sheet.rel_y(c.cell) + c.cell.page
        if field in ("total", "amount_due"):
            sc += 0.1 * min(y, 3)
        if c.how == "below":
            sc -= 0.15
        out.append(Candidate(c.value, sc, c.cell, c.label, c.how, c.source, c.conf, c.anchor))
    if field in ("total", "amount_due") and out:
        top = max(abs(c.value) for c in out)
        # the largest is most likely the total; a zero beside real amounts is a blank balance line
        out = [Candidate(c.value, c.score + (0.08 if abs(c.value) == top else 0) - (0.1 if c.value == 0 < top else 0),
                         c.cell, c.label, c.how, c.source, c.conf, c.anchor) for c in out]
    # the same value under several labels (a summary repeated) counts for it
    count: dict[Decimal, int] = {}
    for c in out:
        count[c.value] = count.get(c.value, 0) + 1
    out = [Candidate(c.value, c.score + 0.05 * min(count[c.value] - 1, 3), c.cell, c.label, c.how, c.source,
                     c.conf, c.anchor) for c in out]
    out.sort(key=lambda c: -c.score)
    seen, uniq = set(), []
    for c in out:
        if c.value not in seen:
            seen.add(c.value)
            uniq.append(c)
    return uniq


_RATE = re.compile(r"(?<![\d.,])(\d{1,2}(?:[.,]\d{1,2})?)\s?%")


def vat_breakdown(sheet: Sheet, language: str | None) -> list[tuple[Decimal, Decimal, Decimal]]:
    """Rows of a per-rate VAT table: (rate %, base, tax) where base x rate = tax to the cent."""
    out = []
    for row in sheet.rows:
        if len(row.cells) < 3:
            continue
        values = [a.value for c in row.cells for a in amounts_in(c.text, language) if a.decimals == 2]
        if len(values) < 2:
            continue
        rates = _RATE.findall(row.text) or [c.text for c in row.cells
                                            if re.fullmatch(r"\d{1,2}(?:[.,]\d{1,2})?", c.text.strip())]
        if not rates:
            continue
        for r in rates:
            rate = _to_decimal(r, language)
            if rate is None or not 0 < rate < 30:
                continue
            # each tax with the nearest base left of it that it is the rate of ('Warenwert -2,90 | Nettobetrag
            # -2,82 | MwSt -0,20': the net amount, not the goods value before a discount)
            found = next(((base, tax) for j, tax in enumerate(values) for base in reversed(values[:j])
                          if base and abs(base * rate / 100 - tax) <= Decimal("0.011")), None)
            if found:
                out.append((rate, *found))
                break
    # the same table may be printed twice (summary and footer); keep distinct rows
    return list(dict.fromkeys(out))
