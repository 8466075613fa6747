"""VAT identification numbers and IBANs with valid check digits (checked with python-stdnum and
schwifty), and invoice numbers in the shapes billing systems print."""

from __future__ import annotations

import importlib
import random
import warnings

from schwifty import IBAN

# country -> (stdnum module, prefix, random digits, check digits, suffix)
VAT_SPECS = {
    "DE": ("de.vat", "DE", 8, 1, ""), "AT": ("at.uid", "ATU", 7, 1, ""), "CH": ("ch.vat", "CHE", 8, 1, "MWST"),
    "FR": ("fr.tva", "FR", 0, 0, ""), "BE": ("be.vat", "BE0", 7, 2, ""), "ES": ("es.nif", "ESB", 7, 1, ""),
    "IT": ("it.iva", "IT", 10, 1, ""), "NL": ("nl.btw", "NL", 8, 1, "B01"), "PT": ("pt.nif", "PT5", 7, 1, ""),
    "GB": ("gb.vat", "GB", 7, 2, ""), "IE": ("ie.vat", "IE", 7, 1, "W"), "SE": ("se.vat", "SE", 9, 1, "01"),
    "DK": ("dk.cvr", "DK", 7, 1, ""), "NO": ("no.mva", "NO", 8, 1, "MVA"), "PL": ("pl.nip", "PL", 9, 1, ""),
}


def _module(country: str):
    return importlib.import_module("stdnum." + VAT_SPECS[country][0])


def _digits(rng: random.Random, n: int) -> str:
    return str(rng.randint(1, 9)) + "".join(str(rng.randrange(10)) for _ in range(n - 1)) if n else ""


def _france(rng: random.Random) -> str:
    from stdnum import luhn
    body = _digits(rng, 8)
    siren = body + luhn.calc_check_digit(body)
    return f"FR{(12 + 3 * (int(siren) % 97)) % 97:02d}{siren}"


def vat_id(rng: random.Random, country: str) -> str | None:
    """A VAT id that passes the country's checksum, in compact form (None for the US)."""
    if country not in VAT_SPECS:
        return None
    if country == "FR":
        return _france(rng)
    if country == "IE":
        from stdnum.ie import vat as ie
        body = _digits(rng, 7)
        return f"IE{body}{ie.calc_check_digit(body)}"
    _, prefix, n, k, suffix = VAT_SPECS[country]
    mod = _module(country)
    for _ in range(200):
        body = _digits(rng, n)
        for c in range(10 ** k):
            candidate = f"{prefix}{body}{c:0{k}d}{suffix}"
            if is_valid_vat(candidate, country):
                return candidate
    raise RuntimeError(f"no valid VAT id for {country} ({mod.__name__})")


def is_valid_vat(value: str, country: str) -> bool:
    mod = _module(country)
    raw = value[2:] if country in ("NO", "DK", "PL", "PT") and value[:2] == country else value
    return bool(mod.is_valid(raw))


def vat_printed(rng: random.Random, vat: str, country: str) -> str:
    """The way the id is printed: compact, or with the spacing people use."""
    if country == "CH":
        d = vat[3:12]
        return f"CHE-{d[:3]}.{d[3:6]}.{d[6:]} MWST"
    if country == "NO" and rng.random() < 0.5:
        d = vat[2:11]
        return f"NO {d[:3]} {d[3:6]} {d[6:]} MVA"
    if country == "GB" and rng.random() < 0.5:
        d = vat[2:]
        return f"GB {d[:3]} {d[3:7]} {d[7:]}"
    if rng.random() < 0.2 and country in ("DE", "FR", "IT", "ES", "NL"):
        return f"{vat[:2]} {vat[2:]}"
    return vat


def iban(rng: random.Random, country: str) -> tuple[str, str] | None:
    """(IBAN, BIC) of a bank listed for the country; None for the US."""
    if country == "US":
        return None
    # account numbers that may hold letters are kept to digits, as banks there issue them
    digits = {"FR": 11, "IT": 12, "CH": 12}.get(country)
    extra = {"account_code": "".join(str(rng.randrange(10)) for _ in range(digits))} if digits else {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = IBAN.random(country, random=random.Random(rng.random()), **extra)
        IBAN(str(value))
    return str(value), str(value.bic or "")


def iban_printed(rng: random.Random, value: str) -> str:
    if rng.random() < 0.8:
        return " ".join(value[i:i + 4] for i in range(0, len(value), 4))
    return value


def is_valid_iban(value: str) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            IBAN(value)
        except ValueError:
            return False
    return True


def invoice_number(rng: random.Random, year: int, kind: str) -> str:
    """An invoice, credit-note or receipt number in one of the usual shapes."""
    n = rng.randint(1, 99999)
    if kind == "receipt":
        return rng.choice([f"{n:05d}", f"{rng.randint(1, 9)}-{n:06d}", f"{rng.randint(100, 999)}/{n}"])
    prefix = {"invoice": rng.choice(["RE", "INV", "F", "FA", "R", "FT", ""]), "credit_note": rng.choice(["GS", "CN", "AV", "NC", "CR"])}[kind]
    shapes = [f"{prefix}-{year}-{n:05d}", f"{prefix}{year}{n:05d}", f"{year}/{n:04d}", f"{prefix}{str(year)[2:]}-{n:04d}",
              f"{prefix} {year}/{n}", f"{rng.randint(100000, 999999)}"]
    out = rng.choice(shapes).strip()
    return out.lstrip("-") or str(n)
