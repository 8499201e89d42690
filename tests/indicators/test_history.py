"""As reported and recalculated: which figure a scorecard month sees."""

from decimal import Decimal as D

from indicators.history import LoadedFigure, current_and_previous, figures_as_of
from indicators.periods import Period

AUG, SEP, OCT = Period.month(2020, 8), Period.month(2020, 9), Period.month(2020, 10)


def fig(period, reported_in, revision, value, reason=""):
    return LoadedFigure(period, reported_in, revision, None if value is None else D(value), no_value_reason=reason)


SHARED_LIVES = [
    fig(AUG, AUG, 1, 97),  # August's extract
    fig(AUG, SEP, 2, 99),  # September's extract corrects August...
    fig(SEP, SEP, 2, 101),  # ...and adds September
]


def test_september_scorecard_shows_last_month_as_reported_and_recalculated():
    table = figures_as_of(SHARED_LIVES, SEP)
    current, previous = current_and_previous(table)
    assert current.latest.value == 101
    assert (previous.reported.value, previous.latest.value, previous.recalculated) == (97, 99, True)


def test_august_scorecard_never_changes_after_september_is_loaded():
    current, previous = current_and_previous(figures_as_of(SHARED_LIVES, AUG))
    assert (current.period, current.latest.value, previous) == (AUG, 97, None)


def test_a_correction_reloaded_in_the_same_month_counts_as_reported():
    figures = [fig(AUG, AUG, 1, 90), fig(AUG, AUG, 2, 97), fig(AUG, SEP, 3, 99), fig(SEP, SEP, 3, 101)]
    _, previous = current_and_previous(figures_as_of(figures, SEP))
    assert (previous.reported.value, previous.latest.value) == (97, 99)


def test_later_revisions_are_invisible_to_earlier_scorecards():
    figures = SHARED_LIVES + [fig(SEP, OCT, 3, 120), fig(OCT, OCT, 3, 130)]
    current, _ = current_and_previous(figures_as_of(figures, SEP))
    assert current.latest.value == 101


def test_previous_is_the_last_period_reported_for_a_biennial_survey():
    figures = [fig(Period.year(2016), AUG, 1, "28.3"), fig(Period.year(2018), SEP, 2, "25.1")]
    current, previous = current_and_previous(figures_as_of(figures, SEP))
    assert (current.period.code, previous.period.code) == ("2018/19", "2016/17")


def test_a_period_with_no_value_still_counts_as_the_latest():
    figures = [fig(AUG, AUG, 1, None, "suspended"), fig(SEP, SEP, 2, None, "suspended")]
    current, previous = current_and_previous(figures_as_of(figures, SEP))
    assert (current.latest.no_value_reason, previous.period) == ("suspended", AUG)


def test_no_figures():
    assert current_and_previous(figures_as_of([], SEP)) == (None, None)
