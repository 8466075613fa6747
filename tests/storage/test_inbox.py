"""Kept chat updates on SQLite and Postgres: kept once per key, in order, gone when done."""

from __future__ import annotations

import pytest

from storage.db import make_engine
from storage.inbox import SqlInbox


@pytest.fixture(params=["sqlite", "postgres"])
def inbox(request, settings) -> SqlInbox:
    url = settings.database_url if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    return SqlInbox(make_engine(url))


def test_kept_once_per_key_in_order_until_done(inbox):
    assert inbox.put("telegram", "11", '{"update_id": 11}')
    assert inbox.put("telegram", "12", '{"update_id": 12, "text": "\\u00fcber \'quotes\' <b>"}')
    assert inbox.put("slack", "11", "{}")  # keys are per channel
    assert not inbox.put("telegram", "11", '{"update_id": 11, "again": true}')  # sent again: the first is kept
    assert inbox.pending("telegram") == ['{"update_id": 11}', '{"update_id": 12, "text": "\\u00fcber \'quotes\' <b>"}']
    inbox.done("telegram", "11")
    inbox.done("telegram", "99")  # unknown: nothing happens
    assert inbox.pending("telegram") == ['{"update_id": 12, "text": "\\u00fcber \'quotes\' <b>"}']
    assert inbox.pending("slack") == ["{}"]
    assert inbox.put("telegram", "11", "{}")  # done ones may come again
