"""Which client-level figures give away fewer than 6 people."""

import pytest

from indicators.suppression import suppressed


@pytest.mark.parametrize(
    ("numerator", "denominator", "per", "expected"),
    [
        (0, 40, 100, False),  # nobody: not a person to protect
        (1, 40, 100, True),
        (5, 40, 100, True),
        (6, 40, 100, False),
        (35, 40, 100, True),  # 5 are not counted: the complement gives them away
        (34, 40, 100, False),
        (0, 5, 100, True),  # only 5 people in all
        (0, 0, 100, False),
        (3, 250_000, 100_000, True),  # admissions per 100,000: the count alone
        (6, 250_000, 100_000, False),
        (249_998, 250_000, 100_000, False),  # a population is not a count of people in the figure
        (4, None, 100_000, True),  # a rate without its population
        (12, None, 100_000, False),
    ],
)
def test_small_counts_are_suppressed(numerator, denominator, per, expected):
    assert suppressed(numerator, denominator, per) is expected
