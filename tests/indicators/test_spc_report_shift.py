"""Where a sustained shift began: the period an officer may recalculate the XmR limits from."""

import pytest

from indicators.periods import Period, PeriodKind
from indicators.spc_report import SpcPoint, sustained_shift


def _points(values, mean=10.0, excluded=()):
    start = Period(PeriodKind.MONTH, 2022, 1)
    return [
        SpcPoint(start.shifted(i), v, "excluded" if i in excluded else "common_cause", mean)
        for i, v in enumerate(values)
    ]


@pytest.mark.parametrize(
    "values, excluded, began",
    [
        ([9, 11, 9, 11, 12, 12, 13, 12, 14, 12, 13], (), 3),  # seven above the mean from the fourth point
        ([9, 11, 9, 11, 12, 12, 13, 12, 14, 12, 9], (), None),  # the shift has ended
        ([9, 11, 9, 12, 12, 13, 12, 14, 12], (), None),  # six above: not yet long enough
        ([12, 12, 13, 12, 14, 12, 13, 12], (), None),  # the limits already start where it does
        ([9, 11, 9, 11, 12, 12, 8, 13, 12, 14, 12, 13], (6,), 3),  # an excluded point is passed over
        ([11, 12, 9, 8, 7, 8, 7, 6, 7, 8], (), 2),  # below the mean too
        ([9, 11], (), None),
    ],
)
def test_a_shift_still_running_and_long_enough_says_where_it_began(values, excluded, began):
    points = _points(values, excluded=excluded)
    found = sustained_shift(points, long_enough=7)  # the rule's length, where the product asks for 15
    assert found == (points[began].period if began is not None else None)


def test_by_default_a_shift_must_be_long_enough_for_new_limits_to_stand():
    from indicators import spc

    assert spc.MINIMUM_POINTS == 15
    short = _points([9, 11, 9, *[12] * 14])  # 14 points above the mean: not yet
    assert sustained_shift(short) is None
    enough = _points([9, 11, 9, *[12] * 15])
    assert sustained_shift(enough) == enough[3].period
