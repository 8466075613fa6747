"""Export periods: a month, a year, a range, month names in several languages, or everything."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.commands import BadPeriod, parse_period

D = dt.date


@pytest.mark.parametrize("text, expected", [
    ("", (None, None)), ("all", (None, None)),
    ("2024", (D(2024, 1, 1), D(2024, 12, 31))),
    ("2024-02", (D(2024, 2, 1), D(2024, 2, 29))),
    ("05/2024", (D(2024, 5, 1), D(2024, 5, 31))),
    ("Mai 2024", (D(2024, 5, 1), D(2024, 5, 31))),
    ("décembre 2023", (D(2023, 12, 1), D(2023, 12, 31))),
    ("2024-01..2024-03", (D(2024, 1, 1), D(2024, 3, 31))),
    ("2024-01-15..2024-02-10", (D(2024, 1, 15), D(2024, 2, 10))),
])
def test_periods(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize("text", ["nonsense", "2024-13", "someday 2024"])
def test_bad_periods(text):
    with pytest.raises(BadPeriod):
        parse_period(text)
