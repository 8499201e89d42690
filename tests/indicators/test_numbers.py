"""The one number parser."""

from decimal import Decimal

import pytest

from indicators.numbers import parse_number


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1,252", Decimal(1252)),
        ("37.5%", Decimal("37.5")),
        (" 42 ", Decimal(42)),
        ("", None),
        ("N/A", None),
        ("-", None),
        ("-3", Decimal(-3)),
    ],
)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


def test_parse_number_refuses_words():
    with pytest.raises(ValueError, match='"lots" is not a number'):
        parse_number("lots")
