"""The quarters client-level figures are worked out for."""

import datetime as dt

import pytest

from cld import quarters

D = dt.date


@pytest.mark.parametrize(
    ("day", "end", "is_end", "year_from"),
    [
        (D(2024, 4, 1), D(2024, 6, 30), False, None),
        (D(2024, 6, 30), D(2024, 6, 30), True, D(2023, 7, 1)),
        (D(2024, 11, 5), D(2024, 12, 31), False, None),
        (D(2024, 12, 31), D(2024, 12, 31), True, D(2024, 1, 1)),
        (D(2025, 2, 28), D(2025, 3, 31), False, None),
        (D(2025, 3, 31), D(2025, 3, 31), True, D(2024, 4, 1)),
    ],
)
def test_quarter_ends_and_their_12_months(day, end, is_end, year_from):
    assert quarters.end_of(day) == end
    assert quarters.is_end(day) is is_end
    if year_from:
        assert quarters.year_to(day) == year_from


def test_the_next_quarter_end_crosses_the_year():
    assert quarters.next_end(D(2024, 12, 31)) == D(2025, 3, 31)
    assert quarters.next_end(D(2025, 3, 31)) == D(2025, 6, 30)
