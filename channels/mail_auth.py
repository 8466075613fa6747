"""Who sent a mail: the one address of its From header, and whether the receiving mail server vouches for
that address's domain (Authentication-Results, RFC 8601: DMARC, else SPF or DKIM aligned with the From)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from email import errors
from email.message import Message

_LOCAL = re.compile(r"[\w!#$%&'*+/=?^`{|}~-]+(\.[\w!#$%&'*+/=?^`{|}~-]+)*")
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
_BAD_DEFECTS = (errors.InvalidHeaderDefect, errors.HeaderMissingRequiredValue, errors.NonPrintableDefect)
_PAIR = re.compile(r'([a-z0-9_.-]+)\s*(?:/\s*\d+\s*)?=\s*("(?:[^"\\]|\\.)*"|[^\s;"]+)', re.I)


def sender_address(msg: Message) -> tuple[str, str | None]:
    """The From address in lower case, or "" and why the mail is refused.

    Exactly one From header holding exactly one well-formed address: no second address, no group, no
    display name the parser had to guess around (`alice@customer.test <mallory@evil.test>`).
    """
    values = msg.get_all("From") or []
    if len(values) != 1:
        return "", "no From address" if not values else "several From headers"
    header = values[0]
    try:
        groups = header.groups  # an AddressHeader under email.policy.default
    except AttributeError:
        return "", "unreadable From header"
    if any(isinstance(d, _BAD_DEFECTS) for d in getattr(header, "defects", ())):
        return "", "malformed From header"
    if not groups:
        return "", "From holds no address"
    if len(groups) != 1 or groups[0].display_name is not None:
        return "", "From holds a group or several addresses"
    addresses = groups[0].addresses
    if len(addresses) != 1:
        return "", "From holds no single address"
    addr = addresses[0].addr_spec.lower()
    if not valid_address(addr):
        return "", "From holds no valid address"
    return addr, None


def valid_address(addr: str) -> bool:
    local, at, domain = addr.rpartition("@")
    if not at or len(addr) > 254 or not _LOCAL.fullmatch(local):
        return False
    try:
        ascii_domain = domain.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return False
    labels = ascii_domain.split(".")
    return len(labels) >= 2 and all(_LABEL.fullmatch(label) for label in labels) and not labels[-1].isdigit()


@dataclass(frozen=True, slots=True)
class Result:
    """One method's result in an Authentication-Results header, with its properties (header.from, ...)."""

    method: str
    result: str
    props: dict[str, str]


def results(values: Iterable[str], authserv_ids: Iterable[str]) -> list[Result] | None:
    """The results of the headers added by one of the given servers; None when none of them added one.

    The receiving server must remove headers claiming its own authserv-id from incoming mail (RFC 8601
    section 5), so only those can be trusted; every other server's are ignored.
    """
    ours = {a.strip().lower() for a in authserv_ids if a.strip()}
    found: list[Result] | None = None
    for value in values:
        parts = _uncommented(str(value)).split(";")
        head = parts[0].split()
        if not head or head[0].strip('"').lower() not in ours:
            continue
        found = found or []
        for part in parts[1:]:
            pairs = [(k.lower(), v.strip('"')) for k, v in _PAIR.findall(part)]
            if pairs:
                (method, result), props = pairs[0], dict(pairs[1:])
                found.append(Result(method, result.lower(), props))
    return found


def authenticated(values: Iterable[str], sender: str, authserv_ids: Iterable[str]) -> bool | None:
    """True when the server vouches for the sender's domain, False when it does not, None when it said nothing.

    DMARC decides where the server evaluated it for this From domain (a failure wins over a pass); else an
    SPF pass for an aligned envelope sender or a DKIM pass for an aligned signing domain is enough.
    """
    found = results(values, authserv_ids)
    if found is None:
        return None
    domain = sender.rpartition("@")[2].lower()
    dmarc = [r.result for r in found if r.method == "dmarc"
             and _domain(r.props.get("header.from", domain)) == domain]
    if "fail" in dmarc:
        return False
    if "pass" in dmarc:
        return True
    for r in found:
        if r.result != "pass":
            continue
        if r.method == "spf" and _aligned(r.props.get("smtp.mailfrom", ""), domain):
            return True
        if r.method == "dkim" and _aligned(r.props.get("header.d") or r.props.get("header.i", ""), domain):
            return True
    return False


def _domain(value: str) -> str:
    return value.rpartition("@")[2].strip().strip(".").lower()


def _aligned(value: str, domain: str) -> bool:
    """Relaxed alignment: the same domain, or one a subdomain of the other (never a bare top-level domain)."""
    other = _domain(value)
    if not other or "." not in other:
        return False
    return other == domain or domain.endswith("." + other) or other.endswith("." + domain)


def _uncommented(text: str) -> str:
    """The header without its (comments), which may nest; quoted strings are kept as they are."""
    out, depth, quoted, escaped = [], 0, False, False
    for ch in text:
        if escaped:
            escaped = False
            if depth == 0:
                out.append(ch)
            continue
        if ch == "\\":
            escaped = True
            if depth == 0:
                out.append(ch)
        elif quoted:
            quoted = ch != '"'
            out.append(ch)
        elif ch == '"' and depth == 0:
            quoted = True
            out.append(ch)
        elif ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
        elif depth == 0:
            out.append(ch)
    return "".join(out)
