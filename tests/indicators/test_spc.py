"""Statistical process control: the worked cases of SPC.md and our own (table tests)."""

import pytest

from indicators import spc
from indicators.spc import Conflict, Improvement, Method

CASE = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]


def chart(values, **method):
    return spc.xmr(list(enumerate(values)), Method(**method))


@pytest.mark.parametrize(
    "screen, lower, upper",
    [(False, -3.0626, 6.9515), (True, -0.7156, 4.6044)],
)
def test_the_worked_case_with_and_without_screening(screen, lower, upper):
    result = chart(CASE, improvement=Improvement.UP, screen=screen)
    first = result.points[0]
    assert (round(first.mean, 4), round(first.lower, 4), round(first.upper, 4)) == (1.9444, lower, upper)
    assert [p.type for p in result.points] == ["common_cause"] * 4 + ["improvement"] + ["common_cause"] * 13


@pytest.mark.parametrize(
    "signs, flagged",
    [
        ("++++++", ""),  # six: no shift
        ("++++++++-", "++++++++ "),  # eight then one below: the eight flagged
        ("+++0++++", ""),  # a point on the mean breaks the run
        ("-------", "-------"),
    ],
)
def test_shift(signs, flagged):
    values = [{"+": 1.0, "-": -1.0, "0": 0.0}[s] for s in signs]
    result = spc.shift_flags(values, [0.0] * len(values))
    assert "".join({"high": "+", "low": "-", "": " "}[f] for f in result).rstrip() == flagged.rstrip()


@pytest.mark.parametrize(
    "values, flagged",
    [
        (list(range(1, 7)), [()] * 6),
        (list(range(1, 8)), [("high",)] * 7),
        ([1, 2, 3, 3, 4, 5, 6], [()] * 7),  # the tie breaks it
        (list(range(7, 0, -1)), [("low",)] * 7),
        ([5, 1, 2, 3, 4, 5, 6, 7], [()] + [("high",)] * 7),
        # A peak ends a rise of 7 and starts a fall of 7: it belongs to both trends.
        ([*range(1, 8), *range(6, 0, -1)], [("high",)] * 6 + [("high", "low")] + [("low",)] * 6),
        ([*range(1, 8), *range(6, 1, -1)], [("high",)] * 7 + [()] * 5),  # a fall of 6 with the peak
    ],
)
def test_trend(values, flagged):
    assert spc.trend_flags(values) == flagged


def near(values):
    """Rule 4 with mean 0, two-sigma lines at +/-2 and limits at +/-3."""
    n = len(values)
    return spc.near_flags(values, [0] * n, [-3] * n, [3] * n, [-2] * n, [2] * n)


@pytest.mark.parametrize(
    "values, flagged",
    [
        ([2.5, 1, 2.5], ["high", "", "high"]),  # near flags 1,0,1 on the upper side: the two near ones
        ([2.5, -1, 2.5], ["", "", ""]),  # not all three on the upper side
        ([2.5, 2.5, -2.5], ["", "", ""]),  # near points on opposite sides of the mean
        ([-2.5, -1, -2.9], ["low", "", "low"]),
        ([3, 2.1, 1], ["high", "high", ""]),  # on the limit counts as near; 2.0 would not
        ([3.5, 2.5, 1], ["", "", ""]),  # beyond the limit is rule 1, not near
    ],
)
def test_two_of_three_near_a_limit(values, flagged):
    assert near(values) == flagged


def test_alternating_with_the_last_two_far_apart_is_common_cause():
    values = [1, -1] * 9 + [5.5, -5.5]
    result = chart(values, improvement=Improvement.UP)
    assert result.variation == "common_cause" and all(p.type == "common_cause" for p in result.points)


@pytest.mark.parametrize(
    "lower, upper, improvement, assurance",
    [
        (1, 3, Improvement.UP, "fail"),
        (5, 7, Improvement.UP, "pass"),
        (1, 5, Improvement.UP, "hit_and_miss"),
        (5, 7, Improvement.DOWN, "fail"),
        (1, 3, Improvement.DOWN, "pass"),
        (1, 5, Improvement.NEITHER, None),
    ],
)
def test_assurance_against_a_target_of_4(lower, upper, improvement, assurance):
    point = spc.Point(0, 2, 0, mean=(lower + upper) / 2, lower=lower, upper=upper)
    assert spc.assurance_icon(4, point, improvement) == assurance
    assert spc.assurance_icon(None, point, improvement) is None


@pytest.mark.parametrize(
    "improvement, conflict, expected",
    [
        (Improvement.UP, Conflict.IMPROVEMENT, ("improvement", "high")),
        (Improvement.UP, Conflict.CONCERN, ("concern", "low")),
        (Improvement.NEITHER, Conflict.IMPROVEMENT, ("neither", "high")),
    ],
)
def test_a_rising_trend_below_the_mean_is_a_conflict_resolved_by_the_setting(improvement, conflict, expected):
    # a long run below the mean whose last seven points rise: low shift and rising trend at once
    values = [10] * 8 + [1, 2, 3, 4, 5, 6, 7] + [10] * 2
    result = chart(values, improvement=improvement, conflict=conflict, minimum_points=10)
    point = result.points[14]
    assert "shift" in point.rules and "trend" in point.rules
    assert (point.type, point.side) == expected


def test_too_few_points_gives_a_run_chart_with_the_reason():
    result = chart(CASE[:14], improvement=Improvement.UP)
    assert result.is_run_chart and result.variation is None and result.assurance is None
    assert "at least 15 points" in result.reason and "there are 14" in result.reason
    assert all(p.mean is None for p in result.points)


def test_a_constant_series_has_limits_at_the_mean_and_says_so():
    result = chart([5] * 16, improvement=Improvement.UP)
    assert result.points[0].upper == result.points[0].lower == 5 and result.variation == "common_cause"
    assert "limits equal the mean" in result.reason


def test_excluded_points_are_drawn_but_never_counted():
    values = CASE + [1, 2]
    result = spc.xmr(list(enumerate(values)), Method(improvement=Improvement.UP, excluded=(4,)))
    assert result.points[4].type == "excluded"
    assert round(result.points[0].mean, 4) == round(sum(v for i, v in enumerate(values) if i != 4) / 19, 4)
    assert result.windows[0].counted == 19


def test_a_baseline_fixes_the_limits_from_its_points():
    values = [1, 2] * 8 + [30, 31, 32]
    result = spc.xmr(list(enumerate(values)), Method(improvement=Improvement.UP, baseline_end=15))
    assert result.points[0].mean == 1.5 and result.windows[0].limits_from == 16
    assert [p.type for p in result.points[-3:]] == ["improvement"] * 3


def test_a_recalculation_starts_new_limits_and_a_trend_runs_across_it():
    values = [5, 6] * 8 + [1, 2, 3, 4, 5, 6, 7] + [7, 8] * 8
    result = spc.xmr(
        list(enumerate(values)), Method(improvement=Improvement.UP, recalculate_from=(19,), minimum_points=15)
    )
    assert len(result.windows) == 2 and result.points[0].mean != result.points[-1].mean
    assert result.points[0].window == 0 and result.points[19].window == 1
    assert result.points[17].mean == result.points[0].mean  # the old window's limits stay with its points
    assert "trend" in result.points[17].rules and "trend" in result.points[21].rules  # one trend, both windows


def test_reading_in_words():
    improving = chart(CASE[:4] + [10] * 1 + CASE[5:] + [20], improvement=Improvement.UP)
    assert spc.reading(improving).startswith("Special cause: improving (higher is better).")


def run_command(tmp_path, values, *options):
    import datetime as dt
    import io
    import json

    from django.core.management import call_command

    path = tmp_path / "series.csv"
    months = [dt.date(2023 + (3 + i) // 12, (3 + i) % 12 + 1, 1) for i in range(len(values))]
    path.write_text("period,value\n" + "".join(f"{m.isoformat()},{v}\n" for m, v in zip(months, values, strict=True)))
    out = io.StringIO()
    call_command("spc", str(path), *options, stdout=out)
    return json.loads(out.getvalue())


def test_the_command_reproduces_the_worked_case(tmp_path):
    data = run_command(tmp_path, CASE, "--improvement", "up", "--target", "4")
    assert data["points"][0] == {
        "period": "2023-04-01",
        "value": 1.0,
        "mean": 1.9444,
        "lower_limit": -3.0626,
        "upper_limit": 6.9515,
        "type": "common_cause",
    }
    assert data["points"][4]["type"] == "improvement" and data["variation"] == "common_cause"
    assert data["assurance"] == "hit_and_miss"
    screened = run_command(tmp_path, CASE, "--improvement", "up", "--screen-outliers")
    assert (screened["points"][0]["lower_limit"], screened["points"][0]["upper_limit"]) == (-0.7156, 4.6044)


@pytest.mark.parametrize(
    "values, types",
    [
        (list(range(1, 8)), ["neither"] * 7),  # a trend, no preferred direction
        (list(range(1, 7)), ["common_cause"] * 6),
    ],
)
def test_the_command_reads_the_trend_cases(tmp_path, values, types):
    data = run_command(tmp_path, values, "--minimum-points", "2")
    assert [p["type"] for p in data["points"]] == types


def test_the_command_excludes_and_recalculates(tmp_path):
    data = run_command(
        tmp_path, CASE + [1, 2], "--improvement", "up", "--exclude", "2023-08-01", "--recalculate-from", "2024-10-01"
    )
    assert data["points"][4]["type"] == "excluded"
    assert data["points"][-1]["mean"] is None and data["variation"] is None  # two points since recalculating


@pytest.mark.parametrize(
    "conflict, expected",
    [(Conflict.CONCERN, ("concern", "low")), (Conflict.IMPROVEMENT, ("improvement", "high"))],
)
def test_a_turning_point_belongs_to_both_trends_and_the_conflict_rule_decides(conflict, expected):
    """Higher is better. The peak ends a rise of 7 and starts a fall of 7, and is far above the upper
    limit: improvement by the rise and the limit, concern by the fall. Set to "concern", it is concern."""
    values = [50, 51, 49, 50, 51, 49, 50, 51, 49, 50] + [40, 42, 44, 46, 48, 50, 90, 49, 47, 45, 43, 41, 39]
    result = chart(values, improvement=Improvement.UP, conflict=conflict, minimum_points=10)
    peak = result.points[16]
    assert peak.value == 90 and {"trend", "outside"} <= set(peak.rules)
    assert (peak.type, peak.side) == expected
