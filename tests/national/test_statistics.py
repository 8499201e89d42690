"""National benchmarking's statistics, held to the published values in BENCHMARKING.md (table tests)."""

import pytest

from indicators.statistics import (
    Cuts,
    Direction,
    Interval,
    byar,
    compared_with,
    exact_poisson,
    group_value,
    interval,
    quartile_cuts,
    quartile_of,
    ranks,
    wilson,
)


def close(pair, expected, places=6):
    return [round(x, places) for x in pair] == [round(x, places) for x in expected]


def test_quartiles_interpolate_as_quartile_inc():
    cuts = quartile_cuts([float(v) for v in range(1, 51)])
    assert (cuts.lower, cuts.median, cuts.upper) == (13.25, 25.5, 37.75)  # QUARTILE.EXC would give 12.75 / 38.25
    assert (cuts.minimum, cuts.maximum, cuts.method) == (1, 50, "type 7 (QUARTILE.INC)")


@pytest.mark.parametrize("values", [[], [1.0], [1.0, 2.0, 3.0]])
def test_quartiles_need_four_values(values):
    assert quartile_cuts(values) is None


@pytest.mark.parametrize(
    "value, direction, quartile",
    [
        (40, Direction.HIGHER, 1),
        (37.75, Direction.HIGHER, 1),  # on the cut point: the better quarter
        (30, Direction.HIGHER, 2),
        (20, Direction.HIGHER, 3),
        (5, Direction.HIGHER, 4),
        (5, Direction.LOWER, 1),
        (13.25, Direction.LOWER, 1),
        (20, Direction.LOWER, 2),
        (30, Direction.LOWER, 3),
        (45, Direction.LOWER, 4),
        (45, Direction.NONE, None),
    ],
)
def test_quartile_of(value, direction, quartile):
    assert quartile_of(value, Cuts(1, 13.25, 25.5, 37.75, 50), direction) == quartile


@pytest.mark.parametrize(
    "values, direction, expected",
    [
        ({"a": 9, "b": 7, "c": 7, "d": 3}, Direction.HIGHER, {"a": 1, "b": 2, "c": 2, "d": 4}),
        ({"a": 9, "b": 7, "c": 7, "d": 3}, Direction.LOWER, {"d": 1, "b": 2, "c": 2, "a": 4}),
        ({"a": 5, "b": 5, "c": 5}, Direction.HIGHER, {"a": 1, "b": 1, "c": 1}),
        ({"a": 1, "b": 2}, Direction.NONE, {"b": 1, "a": 2}),  # no direction: highest first
    ],
)
def test_ranks_share_the_best_rank_of_a_tie(values, direction, expected):
    assert ranks(values, direction) == expected


def test_published_interval_values():
    assert close(byar(65), (50.163188, 82.849139))
    assert close(wilson(65, 100), (0.552544, 0.736358))
    assert close(exact_poisson(5), (1.623486, 11.668332))


@pytest.mark.parametrize(
    "numerator, denominator, multiplier, proportion, lower, upper, method",
    [
        (5, 100, 100, False, 1.623486, 11.668332, "exact Poisson"),  # 5 per 100
        (20, 100, 100, False, 12.211429, 30.889880, "Byar's"),  # 20 per 100
        (65, 100, 100, True, 55.2544, 73.6358, "Wilson"),  # 65% of 100
        (0, 100, 100, True, 0.0, 3.6993, "Wilson"),  # none of 100: the interval still has width
    ],
)
def test_interval_in_the_measures_units(numerator, denominator, multiplier, proportion, lower, upper, method):
    result = interval(numerator, denominator, multiplier, proportion)
    assert (round(result.lower, 4), round(result.upper, 4), result.method) == (round(lower, 4), round(upper, 4), method)


@pytest.mark.parametrize(
    "numerator, denominator, proportion",
    [(None, 100, True), (5, None, False), (5, 0, False), (120, 100, True), (-1, 100, False)],
)
def test_no_interval_without_a_numerator_and_denominator_that_make_sense(numerator, denominator, proportion):
    assert interval(numerator, denominator, 100, proportion) is None


@pytest.mark.parametrize(
    "england, direction, compared",
    [
        (2.8, Direction.HIGHER, "worse"),  # interval 2.5 - 2.7 against England 2.8
        (2.8, Direction.LOWER, "better"),
        (2.6, Direction.HIGHER, "similar"),
        (2.7, Direction.HIGHER, "similar"),  # boundaries included
        (2.8, Direction.NONE, "lower"),
        (2.4, Direction.NONE, "higher"),
        (None, Direction.HIGHER, "not compared"),
    ],
)
def test_compared_with_england(england, direction, compared):
    assert compared_with(england, Interval(2.5, 2.7, "Wilson"), direction) == compared


def test_outside_the_998_interval_is_best_or_worst():
    ci95, ci998 = Interval(2.5, 2.7, "Wilson"), Interval(2.4, 2.75, "Wilson", 99.8)
    assert compared_with(2.8, ci95, Direction.HIGHER, ci998) == "worst"
    assert compared_with(2.3, ci95, Direction.HIGHER, ci998) == "best"
    assert compared_with(2.72, ci95, Direction.HIGHER, ci998) == "worse"  # inside 99.8%: only worse
    assert compared_with(2.8, None, Direction.HIGHER) == "not compared"


def test_group_value_pools_counts_or_takes_the_median():
    assert group_value([(10, 100, 10.0), (30, 100, 30.0)], 100) == 20.0
    assert group_value([(10, 100, 10.0), (None, None, 40.0), (None, None, 30.0)], 100) == 30.0
    assert group_value([], 100) is None
