"""The report's calculation from data already loaded: no database. (The seeds' scorecards are checked
figure for figure through the pages and the API; these are the pieces on their own.)"""

from decimal import Decimal as D

import pytest

from indicators import history, report
from indicators.facts import MeasureFacts, TargetFacts
from indicators.periods import Period
from indicators.rules import Status

AUG, SEP = Period.month(2020, 8), Period.month(2020, 9)


def measure(**given) -> MeasureFacts:
    facts = dict(
        id=1,
        code="CS09",
        title="People in Shared Lives",
        short_title="",
        definition="",
        unit="count",
        unit_name="Count",
        unit_label="",
        multiplier=D(1),
        decimal_places=0,
        polarity="higher",
        frequency="monthly",
        frequency_label="Monthly",
        accumulation="snapshot",
        source="",
        owner="",
        responsible_officer="",
        faq="",
        benchmarkable=False,
        constituency_breakdown=False,
        people_noun="people",
        frameworks=(),
    )
    return MeasureFacts(**{**facts, **given})


@pytest.mark.parametrize(
    "unit, places, target, month, shown",
    [
        ("percentage", 1, TargetFacts(2024, "tolerance", target=D("75.000")), None, "75%"),
        ("percentage", 1, TargetFacts(2024, "tolerance", target=D(35), profile=((6, D(33)),)), 6, "33% (EoY 35%)"),
        (
            "percentage",
            1,
            TargetFacts(2024, "min_stretch", minimum=D(23), stretch=D(24)),
            6,
            "Minimum 23% / Stretch 24%",
        ),
        ("percentage", 1, TargetFacts(2024, "band", band_low=D(55), band_high=D(60)), 6, "55\u201360%"),
        ("count", 0, TargetFacts(2024, "direction"), 6, "DoT only"),
        ("count", 0, TargetFacts(2024, "none"), 6, "N/A"),
        (
            "count",
            0,
            TargetFacts(2024, "tolerance", target=D(140), label="<4.1 (17 admissions)"),
            6,
            "<4.1 (17 admissions)",
        ),
        ("rate", 1, TargetFacts(2024, "tolerance", target=D("560.25")), 6, "560.3"),
    ],
)
def test_target_as_printed(unit, places, target, month, shown):
    assert report.target_display(measure(unit=unit, decimal_places=places), target, month) == shown


def test_the_target_in_force_is_the_latest_not_after_the_year():
    targets = [TargetFacts(2019, "tolerance", target=D(1)), TargetFacts(2021, "tolerance", target=D(2))]
    assert [
        report.target_for(targets, fy).target if report.target_for(targets, fy) else None for fy in (2018, 2020, 2022)
    ] == [
        None,
        D(1),
        D(2),
    ]


def test_a_row_from_loaded_figures_shared_lives_september_2020():
    """Seed 001's Shared Lives: August reported 97, recalculated 99; September 101 against 140."""
    figures = [
        history.LoadedFigure(AUG, AUG, 1, D(97)),
        history.LoadedFigure(AUG, SEP, 2, D(99)),
        history.LoadedFigure(SEP, SEP, 2, D(101)),
    ]
    row = report.build_row(
        measure(),
        "Use of resources",
        "9",
        SEP,
        figures,
        [TargetFacts(2020, "tolerance", target=D(140))],
        [],
        None,
        None,
    )
    assert (row.previous.display, row.previous_recalculated.display, row.current.display) == ("97", "99", "101")
    assert row.status.status is Status.RED and row.target_display == "140"
    assert row.travel_display == "Up (Green) 4.1%"
    assert [(p.period.code, p.reported.display, p.latest.display) for p in row.series] == [
        ("2020-08", "97", "99"),
        ("2020-09", "101", "101"),
    ]


def test_a_status_set_by_judgement_wins_and_says_so():
    override = report.StatusResult(Status.GREEN, "manual", "Forecast to meet target")
    row = report.build_row(
        measure(),
        "",
        "",
        SEP,
        [history.LoadedFigure(SEP, SEP, 1, D(101))],
        [TargetFacts(2020, "tolerance", target=D(140))],
        [],
        override,
        None,
    )
    assert (row.status.status, row.status.source, row.status.reason) == (
        Status.GREEN,
        "manual",
        "Forecast to meet target",
    )


def test_a_published_row_shows_a_later_figure_as_recalculated_and_keeps_its_own():
    figures = [history.LoadedFigure(SEP, SEP, 1, D(101))]
    row = report.build_row(
        measure(), "", "", SEP, figures, [TargetFacts(2020, "tolerance", target=D(140))], [], None, None
    )
    later = history.LoadedFigure(SEP, SEP, 2, D(104))
    report.mark_recalculated(row, [*figures, later], SEP, published=lambda figure: figure is not later)
    assert (row.target_display, row.current.display) == ("140", "101")
    assert (row.current_recalculated.display, row.current_recalculated_draft) == ("104", True)


def loaded(period, value, numerator=None, denominator=None, reported_in=None, revision=1):
    return history.LoadedFigure(period, reported_in or period, revision, D(value), numerator, denominator)


def test_a_rate_forecast_counts_people_first_and_the_status_says_so():
    admissions = measure(
        code="2C",
        unit="rate",
        multiplier=D(100000),
        decimal_places=1,
        polarity="lower",
        accumulation="cumulative",
        people_noun="admissions",
        unit_label="per 100,000",
    )
    aug = Period.month(2024, 8)  # month 5 of 2024/25
    value = D(41) * 100000 / D(18400)
    row = report.build_row(
        admissions,
        "",
        "",
        aug,
        [loaded(aug, value, D(41), D(18400))],
        [TargetFacts(2024, "tolerance", target=D(500))],
        [],
        None,
        None,
    )
    assert (row.forecast_people, str(report.rules.round_half_up(row.forecast, 1))) == (98, "532.6")
    assert row.forecast_display == "98 admissions (532.6 per 100,000)"
    assert row.status.status is Status.RED and row.status.judged_on == "forecast"
    assert row.status_note == "forecast: 98 admissions (532.6 per 100,000) against 500"


def test_status_is_judged_on_the_printed_figure_unless_the_scorecard_says_full_precision():
    pct = measure(unit="percentage", multiplier=D(100), decimal_places=1)
    figures = [loaded(SEP, D("84.96"))]
    targets = [TargetFacts(2020, "tolerance", target=D(85), tolerance=D(1))]
    printed = report.build_row(pct, "", "", SEP, figures, targets, [], None, None)
    assert (printed.status.status, printed.current.display, printed.judged_as_printed) == (Status.GREEN, "85.0%", True)
    full = report.build_row(pct, "", "", SEP, figures, targets, [], None, None, full_precision=True)
    assert full.status.status is Status.AMBER


@pytest.mark.parametrize(
    "basis, compared, display",
    [
        ("previous", "Aug 20", "Up (Green) 10.0%"),  # 100 -> 110
        ("last_year", "Sep 19", "Up (Green) 37.5%"),  # 80 -> 110
        ("baseline", "2019/20", "Up (Green) 22.2%"),  # last year's outturn, 90 -> 110
        ("auto", "Aug 20", "Up (Green) 10.0%"),  # a snapshot: the previous period
    ],
)
def test_direction_of_travel_on_each_basis(basis, compared, display):
    figures = [
        loaded(Period.month(2019, 9), 80),
        loaded(Period.month(2020, 3), 95),
        loaded(Period.year(2019), 90),  # the annual baseline held beside monthly figures
        loaded(AUG, 100),
        loaded(SEP, 110),
    ]
    row = report.build_row(measure(), "", "", SEP, figures, [], [], None, None, basis=report.rules.Basis(basis))
    assert (row.compared_with.period.label, row.travel_display) == (compared, display)
    assert [p.period.kind.value for p in row.series] == ["month"] * 4  # the baseline is not a point in the series


def test_a_cumulative_measure_compares_with_the_same_period_last_year_by_default():
    ytd = measure(accumulation="cumulative")
    figures = [loaded(Period.month(2019, 9), 30), loaded(AUG, 20), loaded(SEP, 25)]
    row = report.build_row(ytd, "", "", SEP, figures, [], [], None, None)
    assert (row.basis, row.compared_with.value, row.travel.direction.value) == ("last_year", D(30), "Down")


def test_without_an_annual_figure_the_baseline_is_last_years_final_period():
    figures = [loaded(Period.month(2020, 3), 95), loaded(SEP, 110)]
    row = report.build_row(measure(), "", "", SEP, figures, [], [], None, None, basis=report.rules.Basis.BASELINE)
    assert (row.baseline.period.label, row.baseline.value) == ("Mar 20", D(95))


@pytest.mark.parametrize(
    "changes, worked_out",
    [
        (
            {"unit": "percentage", "decimal_places": 1},
            "The numerator divided by the denominator, as a percentage, shown to 1 decimal place.",
        ),
        (
            {"unit": "rate", "unit_label": "per 100,000 population aged 65+", "decimal_places": 1},
            "The numerator divided by the denominator, as a rate per 100,000 population aged 65+, "
            "shown to 1 decimal place.",
        ),
        ({"unit": "rate", "unit_label": "", "multiplier": D("1000")}, "as a rate per 1,000,"),
        ({"unit": "count", "decimal_places": 0}, "A count, shown as a whole number."),
        (
            {"unit": "average", "unit_label": "days", "decimal_places": 2},
            "An average in days, shown to 2 decimal places.",
        ),
    ],
)
def test_how_a_measure_is_worked_out_in_words(changes, worked_out):
    assert worked_out in measure(**changes).worked_out
