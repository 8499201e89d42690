"""What each status rests on, in true words: the basis of a status, the summary's counts split by it,
and the gap to GREEN on a row, as tables of cases."""

from decimal import Decimal as D

import pytest

from indicators import status_words as sw
from indicators.rules import Colour, Polarity, Rule, Status, TargetRule


@pytest.mark.parametrize(
    "source, has_target, direction_only, travel, expected",
    [
        ("rule", True, False, Colour.RED, sw.TARGET),  # a target met or missed, whatever the arrow says
        ("manual", True, False, Colour.GREEN, sw.JUDGEMENT),
        ("manual", False, True, Colour.RED, sw.JUDGEMENT),  # set GREEN by judgement with a red arrow
        ("rule", False, True, Colour.GREEN, sw.IMPROVING),
        ("rule", False, True, Colour.AMBER, sw.STEADY),
        ("rule", False, True, Colour.RED, sw.WORSENING),
        ("rule", False, True, None, sw.NOT_COMPARED),
        ("rule", False, True, Colour.NEUTRAL, sw.NOT_COMPARED),
        ("none", False, False, None, sw.NONE),
    ],
)
def test_what_set_a_status(source, has_target, direction_only, travel, expected):
    assert sw.basis_of(source, has_target, direction_only, travel) == expected


def test_the_summary_counts_each_status_by_what_set_it():
    # the demo Cabinet scorecard of September 2020, as the issue describes it
    rows = (
        [(Status.GREEN, sw.TARGET)] * 3
        + [(Status.GREEN, sw.JUDGEMENT)] * 2
        + [(Status.GREEN, sw.IMPROVING)] * 2
        + [(Status.GREEN, sw.STEADY)]
        + [(Status.RED, sw.TARGET)] * 3
        + [(Status.RED, sw.WORSENING)] * 2
        + [(Status.NA, sw.TARGET)] * 2
    )
    counts = {c.status: c for c in sw.status_counts(rows)}
    assert [c.status for c in sw.status_counts(rows)] == [Status.GREEN, Status.AMBER, Status.RED, Status.NA]
    assert [(p.count, p.words) for p in counts[Status.GREEN].parts] == [
        (3, "met or exceeded target"),
        (2, "set by judgement"),
        (2, "no target: improving"),
        (1, "no target: no significant change"),
    ]
    assert counts[Status.GREEN].count == 8 and counts[Status.AMBER].count == 0 and counts[Status.AMBER].parts == ()
    assert [(p.count, p.words) for p in counts[Status.RED].parts] == [(3, "missed target"), (2, "no target: worsening")]
    assert sum(c.count for c in counts.values()) == len(rows)


TARGET_75 = TargetRule(Rule.TOLERANCE, target=D("75"), tolerance=D("2"))
MIN_STRETCH = TargetRule(Rule.MIN_STRETCH, minimum=D("23"), stretch=D("24"))
BAND = TargetRule(Rule.BAND, band_low=D("55"), band_high=D("60"))


@pytest.mark.parametrize(
    "value, rule, polarity, unit, places, words",
    [
        (D("63.6"), TARGET_75, Polarity.HIGHER, "percentage", 1, "11.4 pp below the target"),
        (D("602.9"), TargetRule(Rule.TOLERANCE, target=D("560")), Polarity.LOWER, "rate", 1, "42.9 above the target"),
        (D("101"), TargetRule(Rule.TOLERANCE, target=D("140")), Polarity.HIGHER, "count", 0, "39 below the target"),
        (D("75"), TARGET_75, Polarity.HIGHER, "percentage", 1, ""),  # met: no gap
        (D("80"), TARGET_75, Polarity.HIGHER, "percentage", 1, ""),
        (D("22.45"), MIN_STRETCH, Polarity.HIGHER, "percentage", 2, "0.55 pp below the minimum"),  # RED
        (D("23.5"), MIN_STRETCH, Polarity.HIGHER, "percentage", 1, "0.5 pp below the stretch"),  # AMBER
        (
            D("9.9"),
            TargetRule(Rule.MIN_STRETCH, minimum=D("8.5"), stretch=D("9")),
            Polarity.LOWER,
            "rate",
            1,
            "1.4 above the minimum",
        ),
        (D("53"), BAND, Polarity.BAND, "percentage", 1, "2.0 pp below the band"),
        (D("61.5"), BAND, Polarity.BAND, "percentage", 1, "1.5 pp above the band"),
        (D("57"), BAND, Polarity.BAND, "percentage", 1, ""),
        (None, TARGET_75, Polarity.HIGHER, "percentage", 1, ""),  # no figure: nothing to measure
        (D("50"), TargetRule(Rule.DIRECTION), Polarity.HIGHER, "percentage", 1, ""),
    ],
)
def test_the_gap_to_green_in_the_measures_unit(value, rule, polarity, unit, places, words):
    assert sw.gap_words(sw.gap_to_green(value, rule, polarity), unit, places) == words


@pytest.mark.parametrize(
    "status, assurance, starts",
    [
        (Status.GREEN, "fail", "GREEN because this period's figure meets the target; the assurance fails"),
        (Status.GREEN, "hit_and_miss", "GREEN this period, but the target lies within the figures' usual range"),
        (Status.RED, "pass", "RED this period, although the process usually meets the target"),
        (Status.AMBER, "pass", "AMBER this period, although"),
        (Status.GREEN, "pass", ""),  # they agree
        (Status.RED, "fail", ""),
        (Status.RED, "hit_and_miss", ""),
        (Status.GREEN, None, ""),  # no assurance: too few points, or no target
        (Status.NA, "fail", ""),
    ],
)
def test_a_status_and_an_spc_assurance_that_seem_to_disagree_are_explained(status, assurance, starts):
    said = sw.spc_and_status(status, assurance)
    assert said.startswith(starts) and bool(said) is bool(starts)
