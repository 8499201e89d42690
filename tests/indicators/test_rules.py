"""The rules as plain functions: value, status, direction of travel, trend, forecasts, quartiles, summaries
(table tests, many from the seeds)."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators import formatting, quartiles, rules
from indicators.rules import Colour, Direction, Polarity, Rule, Status, TargetRule, Unit


@pytest.mark.parametrize(
    "numerator, denominator, multiplier, given, expected",
    [
        (D(654), D(2913), D(100), None, "22.45"),  # seed 000, 3D part 2a, Sep 24
        (D(654), D(2896), D(100), None, "22.58"),  # seed 000, 3D part 2a, Aug 24
        (D(12), D(243101), D(100000), None, "4.94"),  # seed 000, 2B: (12 x 100000) / 243101
        (D(45), D(18400), D(100000), None, "244.57"),  # seed 000, 2C
        (None, None, D(100), D("25.1"), "25.10"),  # a survey figure kept as given
        (None, D(2962), D(100), D("25.1"), "25.10"),  # a denominator alone does not change the value
        (D(1), D(0), D(100), None, None),  # zero denominator: no value
        (None, None, D(1), None, None),
    ],
)
def test_measure_value(numerator, denominator, multiplier, given, expected):
    value = rules.measure_value(numerator, denominator, multiplier, given)
    assert (None if value is None else str(rules.round_half_up(value, 2))) == expected


def test_value_keeps_full_precision():
    value = rules.measure_value(D(1), D(3), D(100))
    assert value == D("33." + "3" * 32)  # 34 significant digits, rounded only when shown


TOL = TargetRule(Rule.TOLERANCE, target=D(75), tolerance=D("0.5"))


TOL_RELATIVE = TargetRule(Rule.TOLERANCE, target=D(200), tolerance=D(5), tolerance_is_relative=True)


MIN_STRETCH = TargetRule(Rule.MIN_STRETCH, minimum=D(23), stretch=D(24))


MIN_STRETCH_LOWER = TargetRule(Rule.MIN_STRETCH, minimum=D(320), stretch=D(300))


BAND = TargetRule(Rule.BAND, band_low=D(55), band_high=D(60), tolerance=D(2))


@pytest.mark.parametrize(
    "value, rule, polarity, expected",
    [
        # single target with a tolerance ("within 0.5% of target" = 0.5 percentage points)
        (D("75.9"), TOL, Polarity.HIGHER, Status.GREEN),  # seed 001 measure 2
        (D(75), TOL, Polarity.HIGHER, Status.GREEN),  # met exactly
        (D("74.5"), TOL, Polarity.HIGHER, Status.AMBER),  # 0.5 pp short: within tolerance
        (D("74.49"), TOL, Polarity.HIGHER, Status.RED),
        (D("73.6"), TargetRule(Rule.TOLERANCE, target=D(85)), Polarity.HIGHER, Status.RED),  # seed 001 measure 3
        (D("602.9"), TargetRule(Rule.TOLERANCE, target=D(560)), Polarity.LOWER, Status.RED),  # seed 001 measure 4
        (D(101), TargetRule(Rule.TOLERANCE, target=D(140)), Polarity.HIGHER, Status.RED),  # seed 001 measure 9
        (D(92), TargetRule(Rule.TOLERANCE, target=D(85)), Polarity.HIGHER, Status.GREEN),  # seed 001 measure 6
        (D(209), TOL_RELATIVE, Polarity.LOWER, Status.AMBER),  # 4.5% over a lower-is-better target
        (D(211), TOL_RELATIVE, Polarity.LOWER, Status.RED),
        (D(190), TOL_RELATIVE, Polarity.LOWER, Status.GREEN),
        # minimum and stretch (seed 000)
        (D("22.45"), MIN_STRETCH, Polarity.HIGHER, Status.RED),  # 3D part 2a, Sep 24
        (D("23.5"), MIN_STRETCH, Polarity.HIGHER, Status.AMBER),
        (D(24), MIN_STRETCH, Polarity.HIGHER, Status.GREEN),
        (D(299), MIN_STRETCH_LOWER, Polarity.LOWER, Status.GREEN),  # lower is better: "better" means lower
        (D(310), MIN_STRETCH_LOWER, Polarity.LOWER, Status.AMBER),
        (D(321), MIN_STRETCH_LOWER, Polarity.LOWER, Status.RED),
        # a stretch looser than the minimum never makes a value Green that misses the minimum
        (D("8.7"), TargetRule(Rule.MIN_STRETCH, minimum=D("8.5"), stretch=D("9.0")), Polarity.LOWER, Status.RED),
        (D("4.9"), TargetRule(Rule.MIN_STRETCH, minimum=D("8.5"), stretch=D("9.0")), Polarity.LOWER, Status.GREEN),
        # band (seed 002, "Target Band Width" 55-60%)
        (D("57.4"), BAND, Polarity.BAND, Status.GREEN),
        (D(55), BAND, Polarity.BAND, Status.GREEN),
        (D("54.7"), BAND, Polarity.BAND, Status.AMBER),
        (D(62), BAND, Polarity.BAND, Status.AMBER),
        (D("62.1"), BAND, Polarity.BAND, Status.RED),
        (D(50), BAND, Polarity.BAND, Status.RED),
        # no target, no value
        (D(50), TargetRule(Rule.NONE), Polarity.HIGHER, Status.NA),
        (D(50), None, Polarity.HIGHER, Status.NA),
        (None, TOL, Polarity.HIGHER, Status.NA),  # "Due June 2022": excluded from judgement
    ],
)
def test_status(value, rule, polarity, expected):
    assert rules.judge_status(value, rule, polarity) == expected


@pytest.mark.parametrize(
    "colour, expected",
    [
        (Colour.GREEN, Status.GREEN),  # seed 001 measure 12: Up (Green), GREEN
        (Colour.AMBER, Status.GREEN),  # seed 001 measure 13: Static (Amber), GREEN
        (Colour.RED, Status.RED),  # seed 001 measures 14, 15: Down (Red), RED
        (None, Status.NA),
    ],
)
def test_direction_only_rule(colour, expected):
    assert rules.judge_status(D(1), TargetRule(Rule.DIRECTION), Polarity.HIGHER, colour) == expected


@given(
    st.decimals(min_value=0, max_value=1000, places=2),
    st.decimals(min_value=0, max_value=100, places=2),
    st.sampled_from([TOL, MIN_STRETCH, TOL_RELATIVE, TargetRule(Rule.TOLERANCE, target=D(40))]),
    st.sampled_from([Polarity.HIGHER, Polarity.LOWER]),
)
def test_status_never_improves_when_the_value_gets_worse(value, worsening, rule, polarity):
    rank = {Status.GREEN: 0, Status.AMBER: 1, Status.RED: 2}
    worse = value - worsening if polarity is Polarity.HIGHER else value + worsening
    assert rank[rules.judge_status(worse, rule, polarity)] >= rank[rules.judge_status(value, rule, polarity)]


@pytest.mark.parametrize(
    "to_date, months, expected",
    [
        (D(24), 9, D(32)),  # DOMAIN.md: 24 admissions at the end of Q3 forecast 32
        (D(10), 6, D(20)),
        (D(7), 12, D(7)),
        (D(5), 1, D(60)),
    ],
)
def test_year_end_forecast(to_date, months, expected):
    assert rules.year_end_forecast(to_date, months) == expected


def test_forecast_needs_months_in_the_year():
    with pytest.raises(ValueError):
        rules.year_end_forecast(D(1), 0)


@pytest.mark.parametrize(
    "cumulative, unit, months, profile, expected",
    [
        (True, Unit.COUNT, 9, False, (D(32), "forecast")),
        (True, Unit.RATE, 9, False, (D(32), "forecast")),
        (True, Unit.PERCENTAGE, 9, False, (D(24), "value")),  # a proportion is not scaled up
        (True, Unit.COUNT, 9, True, (D(24), "profile")),  # a monthly profile gives a target to date
        (True, Unit.COUNT, 12, False, (D(24), "value")),  # year end: the figure is the outturn
        (False, Unit.COUNT, 9, False, (D(24), "value")),
    ],
)
def test_judged_value(cumulative, unit, months, profile, expected):
    assert rules.judged_value(D(24), cumulative, unit, months, profile) == expected


@pytest.mark.parametrize(
    "measure, polarity, unit, places, last, this, shown",
    [
        # DOMAIN.md's table, all from seed 001
        ("2 providers Silver or Gold", Polarity.HIGHER, Unit.PERCENTAGE, 1, "74.8", "75.9", "Up (Green) 1.1 pp"),
        ("3 reviewed within 12 months", Polarity.HIGHER, Unit.PERCENTAGE, 1, "73.6", "73.6", "Static (Amber) 0 pp"),
        ("4 admissions 65+ per 100,000", Polarity.LOWER, Unit.RATE, 1, "565.6", "602.9", "Up (Red) 6.6%"),
        ("6 asked about outcomes", Polarity.HIGHER, Unit.PERCENTAGE, 0, "95", "92", "Down (Red) 3 pp"),
        ("9 people in Shared Lives", Polarity.HIGHER, Unit.COUNT, 0, "97", "101", "Up (Green) 4.1%"),
        ("10 enquiries, domestic abuse", Polarity.LOWER, Unit.COUNT, 0, "14", "19", "Up (Red) 35.7%"),
        # the rest of seed 001
        ("7 direct payments", Polarity.HIGHER, Unit.PERCENTAGE, 1, "37.5", "37.5", "Static (Amber) 0 pp"),
        ("11 domestic abuse %", Polarity.LOWER, Unit.PERCENTAGE, 1, "14.9", "17.3", "Up (Red) 2.4 pp"),
        ("12 PURE employment", Polarity.HIGHER, Unit.COUNT, 0, "9", "10", "Up (Green) 11.1%"),
        ("13 MH employment", Polarity.HIGHER, Unit.PERCENTAGE, 1, "4", "4", "Static (Amber) 0 pp"),
        ("14 client social contact", Polarity.HIGHER, Unit.PERCENTAGE, 1, "46.5", "44", "Down (Red) 2.5 pp"),
        ("15 carer social contact", Polarity.HIGHER, Unit.PERCENTAGE, 1, "28.3", "25.1", "Down (Red) 3.2 pp"),
        # polarity none is neutral; a change that rounds to zero is static
        ("information only", Polarity.NONE, Unit.COUNT, 0, "10", "12", "Up (Neutral) 20.0%"),
        ("rounds to zero", Polarity.HIGHER, Unit.PERCENTAGE, 1, "73.61", "73.64", "Static (Amber) 0 pp"),
        ("just moves", Polarity.HIGHER, Unit.PERCENTAGE, 1, "70", "70.1", "Up (Green) 0.1 pp"),
    ],
)
def test_direction_of_travel(measure, polarity, unit, places, last, this, shown):
    travel = rules.direction_of_travel(D(last), D(this), polarity, unit, places)
    assert formatting.format_travel(travel, places) == shown


def test_direction_of_travel_for_a_band_measure():
    band = (D(55), D(60))
    towards = rules.direction_of_travel(D(52), D(54), Polarity.BAND, Unit.PERCENTAGE, 1, band)
    away = rules.direction_of_travel(D(61), D(63), Polarity.BAND, Unit.PERCENTAGE, 1, band)
    inside = rules.direction_of_travel(D(56), D(58), Polarity.BAND, Unit.PERCENTAGE, 1, band)
    assert (towards.colour, away.colour, inside.colour) == (Colour.GREEN, Colour.RED, Colour.NEUTRAL)


@pytest.mark.parametrize("last, this", [(None, D(1)), (D(1), None), (None, None)])
def test_no_direction_without_both_values(last, this):
    assert rules.direction_of_travel(last, this, Polarity.HIGHER, Unit.COUNT, 0) is None


def test_relative_change_from_zero_has_no_size():
    travel = rules.direction_of_travel(D(0), D(5), Polarity.HIGHER, Unit.COUNT, 0)
    assert (travel.direction, travel.change) == (Direction.UP, None)


@pytest.mark.parametrize(
    "code, aug, sep, arrow",
    [
        # Seed 000, every measure: August against September as printed in the Trend column.
        ("3D part 2a", (654, 2896), (654, 2913), "▼"),
        ("2E", (673, 770), (676, 776), "▼"),
        ("2B", (13, 243101), (12, 243101), "▼"),
        ("2C", (41, 18400), (45, 18400), "▲"),
        ("2A", (30, 54), (27, 57), "▼"),
        ("EC1", 189, 185, "▼"),
        ("EC2", 7, 8, "▲"),
        ("SAT1", 140, 110, "▼"),
        ("SAT2", (88, 140), (68, 110), "▼"),
        ("SAT3", 34, 16, "▼"),
        ("SAT4", (9, 33), (8, 21), "▲"),
        ("SAT5", (22, 29), (10, 15), "▼"),
        ("4B", (14, 18), (11, 14), "▲"),
        ("FD2", 1288, 1210, "▼"),
        ("FD3", 81, 409, "▲"),
        ("FD4", (204, 1276), (419, 1547), "▲"),
        ("FD7", 70, 76, "▲"),
        ("FD8.2", 553, 443, "▼"),
        ("AR3a", 63, 58, "▼"),
        ("AR3b", 103, 122, "▲"),
        ("AR4a", 71, 61, "▼"),
        ("AR4b", 134, 114, "▼"),
        ("AR5", 24, 28, "▲"),
        ("AR7", 170, 253, "▲"),
        ("AR8b", (98, 125), (147, 193), "▼"),
        ("AR9", 886, 896, "▲"),
        ("AR10", 532, 548, "▲"),
        ("AR11", 354, 348, "▼"),
        ("AR12", 37, 57, "▲"),
        ("AR14", 16, 13, "▼"),
        ("R1a", 80, 76, "▼"),
        ("R1b", 80, 88, "▲"),
        ("R2", "5.4", "5.8", "▲"),
        ("R3", (49, 80), (51, 88), "▼"),
        ("R4", (30, 80), (35, 88), "▲"),
        ("R5", (1, 80), (2, 88), "▲"),
        ("OT1", 30, 25, "▼"),
        ("OT5", 13, 22, "▲"),
        ("OT6", 2731, 2728, "▼"),
        ("ICNP1", (10, 26), (9, 16), "▲"),
        ("ICNP2", (20, 37), (10, 23), "▼"),
    ],
)
def test_trend_arrow_matches_seed_000(code, aug, sep, arrow):
    def value(cell):
        if isinstance(cell, tuple):
            multiplier = D(100000) if code in ("2B", "2C") else D(100)
            return rules.measure_value(D(cell[0]), D(cell[1]), multiplier)
        return D(str(cell))

    direction = rules.trend_arrow(value(aug), value(sep), 2)
    assert rules.TREND_ARROWS[direction] == arrow


def test_trend_arrow_static_and_missing():
    assert rules.trend_arrow(D(80), D(80), 0) is Direction.STATIC
    assert rules.trend_arrow(None, D(80), 0) is None


CARERS = quartiles.QuartileCuts(D("11.7"), D("25.8"), D("30.7"), D("35.8"), D("45.7"))


ADMISSIONS = quartiles.QuartileCuts(D("1417.4"), D("682.2"), D("575.6"), D("459.9"), D("212.4"))


DIRECT_PAYMENTS = quartiles.QuartileCuts(D("8.6"), D("21.8"), D("27.3"), D("34.1"), D("53.9"))


CLIENT_CONTACT = quartiles.QuartileCuts(D("33.9"), D("42.7"), D("46.0"), D("48.8"), D("55.6"))


MH_EMPLOYMENT = quartiles.QuartileCuts(D("0.0"), D("5.3"), D("8.0"), D("10.0"), D("22.0"))


def _table(position, places):
    return [
        (
            row.label or "council",
            formatting.format_signed(row.distance.figure, places) if row.distance else "",
            f"{formatting.format_number(row.distance.percent, 0)}%" if row.distance else "",
            row.distance.people if row.distance else None,
        )
        for row in position.rows
    ]


def test_quartiles_carers_social_contact():
    """DOMAIN.md: value 25.1%, about 2,962 carers: 4th quartile; next +0.7 pp = 21; top +10.7 pp = 317."""
    position = quartiles.quartile_table(D("25.1"), CARERS, Polarity.HIGHER, D(2962), D(100))
    assert position.quartile_label == "4th"
    assert (formatting.format_number(position.to_next.figure, 1), position.to_next.people) == ("0.7", 21)
    assert (formatting.format_number(position.to_top.figure, 1), position.to_top.people) == ("10.7", 317)
    assert _table(position, 1) == [
        ("Worst", "-13.4", "-53%", -397),
        ("council", "", "", None),
        ("3rd", "+0.7", "3%", 21),
        ("2nd", "+5.6", "22%", 166),
        ("1st", "+10.7", "43%", 317),
        ("Best", "+20.6", "82%", 610),
    ]


def test_quartiles_long_term_admissions_lower_is_better():
    """Seed 001 measure 4: 602.9 per 100,000, 3rd quartile; 40 admissions to the next, 212 to the top."""
    position = quartiles.quartile_table(D("602.9"), ADMISSIONS, Polarity.LOWER, D(148000), D(100000))
    assert position.quartile_label == "3rd"
    assert (abs(position.to_next.people), abs(position.to_top.people)) == (40, 212)
    assert _table(position, 1) == [
        ("Worst", "+814.5", "135%", 1205),
        ("3rd", "+79.3", "13%", 117),
        ("council", "", "", None),
        ("2nd", "-27.3", "-5%", -40),
        ("1st", "-143.0", "-24%", -212),
        ("Best", "-390.5", "-65%", -578),
    ]


def test_quartiles_direct_payments_top_quartile():
    """Seed 001 measure 7: 37.5%, 1st quartile, no distance to the next or top quartile."""
    position = quartiles.quartile_table(D("37.5"), DIRECT_PAYMENTS, Polarity.HIGHER, D(8084), D(100))
    assert position.quartile_label == "1st"
    assert position.to_next is None and position.to_top is None
    assert _table(position, 1) == [
        ("Worst", "-28.9", "-77%", -2336),
        ("3rd", "-15.7", "-42%", -1269),
        ("2nd", "-10.2", "-27%", -825),
        ("1st", "-3.4", "-9%", -275),
        ("council", "", "", None),
        ("Best", "+16.4", "44%", 1326),
    ]


def test_quartiles_client_social_contact():
    position = quartiles.quartile_table(D("44.0"), CLIENT_CONTACT, Polarity.HIGHER, D(11135), D(100))
    assert position.quartile_label == "3rd"
    assert (position.to_next.people, position.to_top.people) == (223, 534)
    assert [row[3] for row in _table(position, 1)] == [-1125, -145, None, 223, 534, 1292]


def test_quartiles_without_a_denominator_leave_people_empty_and_say_why():
    """Seed 001 measure 13: an external figure with no numerator or denominator."""
    position = quartiles.quartile_table(D("4.0"), MH_EMPLOYMENT, Polarity.HIGHER, None, D(100))
    assert position.quartile_label == "4th"
    assert _table(position, 1) == [
        ("Worst", "-4.0", "-100%", None),
        ("council", "", "", None),
        ("3rd", "+1.3", "33%", None),
        ("2nd", "+4.0", "100%", None),
        ("1st", "+6.0", "150%", None),
        ("Best", "+18.0", "450%", None),
    ]
    assert "no numerator or denominator" in position.people_reason


@pytest.mark.parametrize(
    "value, polarity, quartile",
    [
        (D("35.8"), Polarity.HIGHER, 1),  # on the 1st cut point: 1st quartile
        (D("35.79"), Polarity.HIGHER, 2),
        (D("30.7"), Polarity.HIGHER, 2),
        (D("25.8"), Polarity.HIGHER, 3),
        (D("0"), Polarity.HIGHER, 4),
        (D("459.9"), Polarity.LOWER, 1),
        (D("575.7"), Polarity.LOWER, 3),
    ],
)
def test_quartile_boundaries(value, polarity, quartile):
    cuts = CARERS if polarity is Polarity.HIGHER else ADMISSIONS
    assert quartiles.quartile_of(value, cuts, polarity) == quartile


def test_quartiles_need_a_direction():
    with pytest.raises(ValueError):
        quartiles.quartile_table(D(1), CARERS, Polarity.NONE, None, D(100))


def test_summary_counts():
    up = rules.direction_of_travel(D(1), D(2), Polarity.HIGHER, Unit.COUNT, 0)
    down = rules.direction_of_travel(D(2), D(1), Polarity.HIGHER, Unit.COUNT, 0)
    same = rules.direction_of_travel(D(2), D(2), Polarity.HIGHER, Unit.COUNT, 0)
    neutral = rules.direction_of_travel(D(2), D(3), Polarity.NONE, Unit.COUNT, 0)
    summary = rules.summarise(
        [
            (Status.GREEN, up, True),
            (Status.GREEN, same, False),
            (Status.AMBER, down, True),
            (Status.RED, None, True),
            (Status.NA, neutral, False),
        ]
    )
    assert (summary.met, summary.within_tolerance, summary.missed, summary.no_judgement) == (2, 1, 1, 1)
    assert summary.met_without_target == 1  # "2 met or exceeded target, of which 1 has no target"
    assert (summary.improved, summary.no_significant_change, summary.deteriorated, summary.not_compared) == (
        1,
        1,
        1,
        2,
    )
    assert summary.total == 5


# ----------------------------------------------------------------- judged on the figure as printed


@pytest.mark.parametrize(
    "value, places, target, polarity, full, published",
    [
        # DOMAIN.md: 84.96% prints as 85.0% and meets an 85% target
        (D("84.96"), 1, D(85), Polarity.HIGHER, Status.AMBER, Status.GREEN),
        (D("84.95"), 1, D(85), Polarity.HIGHER, Status.AMBER, Status.GREEN),  # half rounds up
        (D("84.9499"), 1, D(85), Polarity.HIGHER, Status.AMBER, Status.AMBER),  # prints 84.9: still short
        (D("85.04"), 1, D(85), Polarity.LOWER, Status.AMBER, Status.GREEN),  # lower is better: prints 85.0
        (D("85.05"), 1, D(85), Polarity.LOWER, Status.AMBER, Status.AMBER),  # prints 85.1: over
        (D("89.5"), 0, D(90), Polarity.HIGHER, Status.AMBER, Status.GREEN),  # prints 90
        (D("89.49"), 0, D(90), Polarity.HIGHER, Status.AMBER, Status.AMBER),  # prints 89
    ],
)
def test_status_on_the_printed_figure_and_at_full_precision(value, places, target, polarity, full, published):
    rule = TargetRule(Rule.TOLERANCE, target=target, tolerance=D(1))
    assert rules.judge_status(value, rule, polarity) is full
    assert rules.judge_status(rules.published_figure(value, places), rule, polarity) is published


# ------------------------------------------------------------------------- forecasts of counts and rates


@pytest.mark.parametrize(
    "value, numerator, denominator, multiplier, unit, months, people, forecast",
    [
        # DOMAIN.md: 41 admissions after 5 months, population 18,400: 98 admissions, 532.6 per 100,000
        (D("222.8260869565"), D(41), D(18400), D(100000), Unit.RATE, 5, 98, "532.6"),
        # DOMAIN.md: 24 admissions at the end of Q3 forecast 32
        (D(24), None, None, D(1), Unit.COUNT, 9, 32, "32.0"),
        (D(41), None, None, D(1), Unit.COUNT, 5, 98, "98.0"),  # 98.4 people is 98 people
        (D(7), None, None, D(1), Unit.COUNT, 8, 11, "11.0"),  # 10.5 rounds half up to 11
        # a rate held without its count is scaled as it stands
        (D("222.8"), None, None, D(100000), Unit.RATE, 5, None, "534.7"),
        (D("100"), D(10), D(0), D(100000), Unit.RATE, 6, None, "200.0"),  # no population: scaled
    ],
)
def test_forecast_counts_people_first(value, numerator, denominator, multiplier, unit, months, people, forecast):
    result = rules.forecast_of(value, numerator, denominator, multiplier, unit, months)
    assert result.people == people
    assert str(rules.round_half_up(result.value, 1)) == forecast


# ---------------------------------------------------------------------------- direction of travel basis


@pytest.mark.parametrize(
    "basis, cumulative, used",
    [
        (rules.Basis.AUTO, False, rules.Basis.PREVIOUS),
        (rules.Basis.AUTO, True, rules.Basis.LAST_YEAR),  # year to date always grows within the year
        (rules.Basis.PREVIOUS, True, rules.Basis.PREVIOUS),
        (rules.Basis.LAST_YEAR, False, rules.Basis.LAST_YEAR),
        (rules.Basis.BASELINE, True, rules.Basis.BASELINE),
    ],
)
def test_comparison_basis(basis, cumulative, used):
    assert rules.comparison_basis(basis, cumulative) is used


def test_summary_words_follow_the_basis():
    assert rules.Basis.BASELINE.words == (
        "improvement from baseline",
        "no significant change",
        "deterioration from baseline",
    )
    assert rules.Basis.PREVIOUS.words[0] == "improved"
