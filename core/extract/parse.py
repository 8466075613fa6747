"""Parsers shared by extraction and chat corrections: amounts, dates, currencies.

All take the document's (or user's) language as a hint; none raises on bad input (None instead).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

# languages that write 1.234,56 (thousands '.', decimal ','); English writes 1,234.56
DECIMAL_COMMA = {"de", "fr", "es", "it", "nl", "pt", "da", "sv", "fi", "no", "pl", "cs"}

CURRENCY_SYMBOLS = {
    "€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY", "₹": "INR", "CHF": "CHF", "Fr.": "CHF",
    "RM": "MYR", "zł": "PLN", "kr": "SEK", "Kč": "CZK", "US$": "USD", "A$": "AUD", "C$": "CAD",
}
ISO_CURRENCIES = {
    "EUR", "USD", "GBP", "CHF", "JPY", "CNY", "INR", "MYR", "SGD", "AUD", "CAD", "NZD", "SEK", "NOK",
    "DKK", "PLN", "CZK", "HUF", "RON", "BGN", "TRY", "RUB", "BRL", "MXN", "ZAR", "HKD", "IDR", "THB",
    "KRW", "AED", "SAR", "ILS", "ISK", "PHP", "VND", "TWD", "ARS", "CLP", "COP", "PEN", "UAH",
}

# every active ISO 4217 code (checking a value); ISO_CURRENCIES above are the ones looked for in text,
# since words like ALL, TOP or CUP would otherwise read as currencies
ISO_4217 = frozenset("""
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF
CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD
GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR
LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK
PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT
TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD XDR
XOF XPD XPF XPT XSU XUA YER ZAR ZMW ZWL
""".split())

_AMOUNT = re.compile(r"[-−–]?\(?[-−–]?\d[\d.,'’  ]*\d\)?[-−–]?|[-−–]?\d")

MONTHS: dict[str, int] = {}
for _lang_months in (
    "january february march april may june july august september october november december",
    "januar februar märz april mai juni juli august september oktober november dezember",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "januari februari maart april mei juni juli augustus september oktober november december",
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
):
    for _i, _name in enumerate(_lang_months.split(), 1):
        MONTHS.setdefault(_name, _i)
        plain = unicodedata.normalize("NFKD", _name).encode("ascii", "ignore").decode()
        MONTHS.setdefault(plain, _i)
for _name, _i in list(MONTHS.items()):
    if len(_name) > 3:
        MONTHS.setdefault(_name[:3], _i)
        MONTHS.setdefault(_name[:4], _i)
MONTHS.update({"sept": 9, "mrz": 3, "mär": 3, "okt": 10, "dez": 12, "mei": 5, "mag": 5, "set": 9, "dic": 12,
               "ago": 8, "fev": 2, "out": 10, "giu": 6, "lug": 7, "ene": 1, "abr": 4})

_MONTH_RE = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_D_NAME_Y = re.compile(rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th|er|º|°)?\.?[\s\-/.]*(?:de\s+)?({_MONTH_RE})\.?,?[\s\-/.]*(?:de\s+)?(\d{{4}}|\d{{2}})(?!\d)", re.I)
_NAME_D_Y = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?!\d)", re.I)
_ISO = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_NUMERIC = re.compile(r"(?<![\d.])(\d{1,2})\s?([./\-])\s?(\d{1,2})\s?\2\s?(\d{4}|\d{2})(?!\d)(?![./\-]\d)")
_COMPACT = re.compile(r"(?<!\d)(20\d{2})(\d{2})(\d{2})(?!\d)")


def parse_amount(text: str, language: str | None = None) -> Decimal | None:
    """The first amount in text as a Decimal: '1.234,56 €' -> 1234.56, '(12.50)' -> -12.50."""
    if not text:
        return None
    m = _AMOUNT.search(text.replace("\u2009", " "))
    if not m:
        return None
    return _to_decimal(m.group(0), language)


def _to_decimal(raw: str, language: str | None) -> Decimal | None:
    s = raw.strip()
    negative = s.startswith(("-", "−", "–")) or s.endswith(("-", "−", "–")) or (s.startswith("(") and s.endswith(")"))
    s = re.sub(r"[^\d.,'’ ]", "", s).strip()
    s = re.sub(r"[ ’']", " ", s)
    if " " in s:
        # spaces group thousands ('1 234,56'); keep only a trailing decimal part
        parts = s.split(" ")
        if not all(p.isdigit() and len(p) == 3 for p in parts[1:-1]):
            s = parts[-1] if len(parts[-1]) > 3 else s
        s = "".join(parts)
    last_dot, last_comma = s.rfind("."), s.rfind(",")
    if last_dot >= 0 and last_comma >= 0:
        dec_sep = "." if last_dot > last_comma else ","
    elif last_dot >= 0 or last_comma >= 0:
        sep = "." if last_dot >= 0 else ","
        digits_after = len(s) - s.rfind(sep) - 1
        if s.count(sep) > 1:
            dec_sep = None if digits_after == 3 else sep
            if dec_sep:
                s = s.replace(sep, "", s.count(sep) - 1)
        elif digits_after == 3:
            comma_lang = (language or "en") in DECIMAL_COMMA
            thousands = "." if comma_lang else ","
            dec_sep = None if sep == thousands else sep
        else:
            dec_sep = sep
    else:
        dec_sep = None
    if dec_sep:
        other = "," if dec_sep == "." else "."
        s = s.replace(other, "")
        whole, _, frac = s.rpartition(dec_sep)
        s = f"{whole or '0'}.{frac}"
    else:
        s = s.replace(".", "").replace(",", "")
    try:
        value = Decimal(s)
    except InvalidOperation:
        return None
    return -value if negative else value


def day_first(language: str | None) -> bool:
    """Whether numeric dates put the day first (every language here except US English)."""
    return language not in ("en-US", "en_US", "us")


def parse_date(text: str, language: str | None = None, *, dayfirst: bool | None = None) -> dt.date | None:
    """The first plausible date in text: ISO, numeric (day-first by language) or with a month name."""
    if not text:
        return None
    low = text.lower()
    found: list[tuple[int, dt.date]] = []
    for m in _ISO.finditer(low):
        _add(found, m.start(), int(m.group(1)), int(m.group(2)), int(m.group(3)))
    for m in _D_NAME_Y.finditer(low):
        _add(found, m.start(), _year(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
    for m in _NAME_D_Y.finditer(low):
        _add(found, m.start(), int(m.group(3)), MONTHS[m.group(1).lower()], int(m.group(2)))
    first = day_first(language) if dayfirst is None else dayfirst
    for m in _NUMERIC.finditer(low):
        a, b, y = int(m.group(1)), int(m.group(3)), _year(m.group(4))
        d, mo = (a, b) if first else (b, a)
        if mo > 12 and d <= 12:
            d, mo = mo, d
        _add(found, m.start(), y, mo, d)
    for m in _COMPACT.finditer(low):
        _add(found, m.start(), int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if not found:
        return None
    return min(found, key=lambda t: t[0])[1]


def _year(s: str) -> int:
    y = int(s)
    return y + 2000 if y < 70 else y + 1900 if y < 100 else y


def _add(found: list[tuple[int, dt.date]], pos: int, y: int, m: int, d: int) -> None:
    try:
        if 1900 <= y <= 2100:
            found.append((pos, dt.date(y, m, d)))
    except ValueError:
        pass


def parse_currency(text: str) -> str | None:
    """An ISO 4217 code from a code or symbol in text ('EUR', '€', 'RM')."""
    if not text:
        return None
    for code in re.findall(r"\b[A-Z]{3}\b", text.upper()):
        if code in ISO_CURRENCIES:
            return code
    for sym, code in sorted(CURRENCY_SYMBOLS.items(), key=lambda kv: -len(kv[0])):
        if sym in text:
            return code
    return None
