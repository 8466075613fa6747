"""The sender of a mail without servers: the one From address, and what Authentication-Results say about it."""

from __future__ import annotations

import email
import email.policy

import pytest

from channels.mail_auth import authenticated, sender_address
from channels.mail_parse import parse

OURS = ("mx.example.test",)


def headers(text: str) -> email.message.Message:
    return email.message_from_bytes(text.encode() + b"\nSubject: x\n\nbody\n", policy=email.policy.default)


@pytest.mark.parametrize("value,expected", [
    ("Alice Example <Alice@Client.test>", "alice@client.test"),
    ("alice@client.test", "alice@client.test"),
    ("alice@client.test (Alice)", "alice@client.test"),
    ('"Example, Alice" <alice@client.test>', "alice@client.test"),
    ('"alice@client.test" <mallory@evil.test>', "mallory@evil.test"),  # the address counts, not the name
    ("=?utf-8?q?alice=40client=2Etest?= <mallory@evil.test>", "mallory@evil.test"),
    ("=?utf-8?q?J=C3=B6rg?= <joerg@xn--bcher-kva.test>", "joerg@xn--bcher-kva.test"),
])
def test_the_sender_is_the_one_address_in_from(value, expected):
    assert sender_address(headers(f"From: {value}")) == (expected, None)


@pytest.mark.parametrize("text,reason", [
    ("From: alice@client.test <mallory@evil.test>", "malformed From header"),
    ("From: mallory@evil.test <alice@client.test>", "malformed From header"),
    ("From: alice@client.test, mallory@evil.test", "From holds a group or several addresses"),
    ("From: Accounts: alice@client.test;", "From holds a group or several addresses"),
    ("From: undisclosed-recipients:;", "From holds a group or several addresses"),
    ("From: alice@client.test\nFrom: mallory@evil.test", "several From headers"),
    ("To: bot@example.test", "no From address"),
    ("From: ", "From holds no address"),
    ("From: alice", "malformed From header"),
    ("From: alice@[127.0.0.1]", "From holds no valid address"),
    ("From: alice@localhost", "From holds no valid address"),
])
def test_a_from_without_exactly_one_valid_address_is_refused(text, reason):
    assert sender_address(headers(text)) == ("", reason)


def test_a_refused_sender_is_never_anybody():
    mail = parse(b"From: alice@client.test, mallory@evil.test\r\nSubject: x\r\n\r\n/export all\r\n")
    assert mail.sender == "" and mail.refused == "From holds a group or several addresses"


@pytest.mark.parametrize("values,expected", [
    ([], None),  # the server adds none: as before
    (["other.test; dmarc=fail header.from=client.test"], None),  # another server's (or the sender's) words
    (["mx.example.test; dmarc=pass header.from=client.test"], True),
    (["MX.example.test 1; dmarc=pass (p=reject) header.from=client.test"], True),
    (["mx.example.test; dmarc=fail header.from=client.test"], False),
    (["mx.example.test; dmarc=pass header.from=client.test", "mx.example.test; dmarc=fail header.from=client.test"],
     False),  # a pass the sender wrote under the server's name does not outweigh the server's failure
    (["mx.example.test; dmarc=pass header.from=evil.test"], False),  # about another domain
    (["mx.example.test; spf=pass smtp.mailfrom=bounce@mail.client.test"], True),
    (["mx.example.test; spf=pass smtp.mailfrom=mallory@evil.test"], False),
    (["mx.example.test; dkim=pass header.d=client.test header.s=s1"], True),
    (["mx.example.test;\r\n dkim=pass header.i=@client.test"], True),
    (["mx.example.test; dkim=pass header.d=evil.test; spf=fail smtp.mailfrom=client.test"], False),
    (["mx.example.test; dkim=pass header.d=test"], False),  # a bare top-level domain aligns with nothing
    (["mx.example.test; none"], False),  # the server checked and found nothing to vouch for
    (["mx.example.test (dmarc=pass header.from=client.test); dmarc=fail header.from=client.test"], False),
])
def test_authentication_results_of_our_server(values, expected):
    assert authenticated(values, "alice@client.test", OURS) is expected
