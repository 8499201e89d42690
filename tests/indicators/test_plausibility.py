"""Is a figure plausible? The rules an upload warns by (table tests)."""

from decimal import Decimal as D

import pytest

from indicators import plausibility


@pytest.mark.parametrize(
    "value, unit, why",
    [
        (D("100.1"), "percentage", "is over 100%"),
        (D(100), "percentage", ""),
        (D("-0.1"), "percentage", "is below 0"),
        (D(-1), "count", "is negative, which a count cannot be"),
        (D(0), "count", ""),
        (D(9999), "count", ""),
    ],
)
def test_outside_range(value, unit, why):
    assert plausibility.outside_range(value, unit) == why


HISTORY = [D(v) for v in (120, 130, 125, 140, 135, 128, 131, 129, 133, 127, 130, 132)]


@pytest.mark.parametrize(
    "value, history, why",
    [
        (D(9999), HISTORY, "is more than 5 times the median of its last 12 figures"),
        (D(650), HISTORY, ""),  # 5 times the median is 650: not more
        (D(651), HISTORY, "is more than 5 times the median of its last 12 figures"),
        (D(25), HISTORY, "is less than a fifth of the median of its last 12 figures"),
        (D(26), HISTORY, ""),
        (D(9999), HISTORY[:2], ""),  # too little history to judge
        (D(9999), [D(0), D(0), D(0)], ""),  # a median of nothing
        (D(9999), [*HISTORY, *[D(1)] * 7], "is more than 5 times the median of its last 12 figures"),  # the last 12
    ],
)
def test_jump_against_the_measures_own_history(value, history, why):
    assert (
        plausibility.jump(value, history, D(5)).startswith(why)
        if why
        else plausibility.jump(value, history, D(5)) == ""
    )


@pytest.mark.parametrize(
    "denominator, previous, why",
    [
        (D(2913), D(2896), ""),
        (D(29130), D(2896), "moved 906% from the period before (2,896 to 29,130)"),
        (D(1000), D(2000), ""),  # exactly 50%: not more
        (D(999), D(2000), "moved 50% from the period before"),
        (D(5), None, ""),
    ],
)
def test_denominator_jump(denominator, previous, why):
    got = plausibility.denominator_jump(denominator, previous, D("0.5"))
    assert got.startswith(why) if why else got == ""
