"""Kept XmR charts: a chart read back from what is kept is the chart worked out afresh, and any change to
what it was worked out from makes it be worked out again. No database."""

from dataclasses import replace
from decimal import Decimal as D

import pytest

from indicators.periods import Period
from indicators.spc_report import ChartBook, KeptPoints, SpcMethodFacts, chart_points, summarise

START = Period.month(2021, 4)
WORKED_CASE = [5, 4, 3, 4, 6, 5, 4, 3, 5, 6, 4, 5, 3, 4, 5, 6, 12, 4, 5, 4]


def series(values, start=START):
    return [(start.shifted(i), None if v is None else D(str(v))) for i, v in enumerate(values)]


METHODS = {
    "default": SpcMethodFacts(),
    "screened": SpcMethodFacts(screen=True),
    "baseline": SpcMethodFacts(baseline_end=START.shifted(14)),
    "recalculated": SpcMethodFacts(recalculations=((START.shifted(20), "new service model"),)),
    "excluded": SpcMethodFacts(exclusions=((START.shifted(16), "system outage"),)),
    "concern wins": SpcMethodFacts(conflict="concern", improvement="down"),
}
SERIES = {
    "worked case": WORKED_CASE + [5] * 20,
    "rising": list(range(40)),
    "gaps": [5, None, 4, 6] * 10,
    "constant": [7] * 40,
    "run chart": [3, 4, 5, 6],
}


@pytest.mark.parametrize("method", METHODS, ids=list(METHODS))
@pytest.mark.parametrize("name", SERIES, ids=list(SERIES))
def test_a_kept_chart_reads_back_as_the_chart_worked_out(name, method):
    figures, facts = series(SERIES[name]), METHODS[method]
    fresh = summarise(figures, "higher", D(5), facts)
    first = ChartBook(salt="r1")
    assert first.chart(1, figures, "higher", D(5), facts) == fresh
    again = ChartBook(kept=first.made, salt="r1")
    kept = again.chart(1, figures, "higher", D(5), facts)
    assert again.made == {}, "an unchanged chart was worked out again"
    assert kept.points == fresh.points  # period, value, type, limits and note of every point
    assert (kept.variation, kept.assurance, kept.reading, kept.reason, kept.improvement) == (
        fresh.variation,
        fresh.assurance,
        fresh.reading,
        fresh.reason,
        fresh.improvement,
    )
    assert len(kept.points) == len(fresh.points)


CHANGES = {
    "a figure": lambda f: (f[:10] + [(f[10][0], f[10][1] + D("0.01"))] + f[11:], "higher", D(5), METHODS["default"]),
    "a figure added": lambda f: (f + [(f[-1][0].next(), D(5))], "higher", D(5), METHODS["default"]),
    "the periods": lambda f: ([(p.next(), v) for p, v in f], "higher", D(5), METHODS["default"]),
    "the polarity": lambda f: (f, "lower", D(5), METHODS["default"]),
    "the target": lambda f: (f, "higher", D("5.5"), METHODS["default"]),
    "no target": lambda f: (f, "higher", None, METHODS["default"]),
    "the method": lambda f: (f, "higher", D(5), METHODS["screened"]),
    "a mark's reason": lambda f: (
        f,
        "higher",
        D(5),
        replace(METHODS["excluded"], exclusions=((START.shifted(16), "data lost"),)),
    ),
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_a_change_to_what_a_chart_is_worked_out_from_works_it_out_again(change):
    figures = series(WORKED_CASE + [5] * 20)
    first = ChartBook(salt="r1")
    first.chart(1, figures, "higher", D(5), METHODS["excluded"] if change == "a mark's reason" else METHODS["default"])
    changed = CHANGES[change](figures)
    again = ChartBook(kept=first.made, salt="r1")
    chart = again.chart(1, *changed)
    assert 1 in again.made
    assert chart == summarise(*changed)


def test_a_new_release_works_every_chart_out_again():
    figures = series(WORKED_CASE)
    first = ChartBook(salt="r1")
    first.chart(1, figures, "higher", None, SpcMethodFacts())
    again = ChartBook(kept=first.made, salt="r2")
    again.chart(1, figures, "higher", None, SpcMethodFacts())
    assert 1 in again.made


def test_a_chart_is_kept_for_its_own_measure_only():
    figures = series(WORKED_CASE)
    first = ChartBook(salt="r1")
    first.chart(1, figures, "higher", None, SpcMethodFacts())
    again = ChartBook(kept=first.made, salt="r1")
    again.chart(2, figures, "higher", None, SpcMethodFacts())
    assert set(again.made) == {2}


def test_a_measure_with_no_figures_has_no_chart():
    book = ChartBook()
    assert book.chart(1, series([None, None]), "higher", None, SpcMethodFacts()) is None
    assert book.made == {}


# A scorecard that reads only its latest years matches kept charts by a stamp of the whole history.


@pytest.mark.parametrize("shown", [0, 1, 3, 25, 40])
def test_a_chart_matched_by_its_stamp_reads_back_for_the_latest_points(shown):
    figures = series(WORKED_CASE + [5] * 20)
    fresh = summarise(figures, "higher", D(5), METHODS["excluded"])
    first = ChartBook(salt="r1", stamps={1: "40 figures"})
    first.chart(1, figures, "higher", D(5), METHODS["excluded"])
    latest = figures[len(figures) - shown :] if shown else []
    again = ChartBook(kept=first.made, salt="r1", stamps={1: "40 figures"}, whole=False)
    kept = again.chart(1, latest, "higher", D(5), METHODS["excluded"])
    assert again.made == {} and again.wanted == set()
    assert list(kept.points) == list(fresh.points)[len(fresh.points) - shown :]
    assert kept.chart_size == fresh.chart_size == len(fresh.points)
    assert (kept.variation, kept.assurance, kept.reading) == (fresh.variation, fresh.assurance, fresh.reading)


def test_a_chart_not_kept_for_its_stamp_is_wanted_from_the_whole_history():
    figures = series(WORKED_CASE)
    first = ChartBook(salt="r1", stamps={1: "20 figures"})
    first.chart(1, figures, "higher", None, SpcMethodFacts())
    for stamps, kept in (({1: "21 figures"}, first.made), ({1: "20 figures"}, {})):
        book = ChartBook(kept=kept, salt="r1", stamps=stamps, whole=False)
        assert book.chart(1, figures[-5:], "higher", None, SpcMethodFacts()) is None
        assert book.wanted == {1} and book.made == {}


def test_kept_points_longer_than_their_chart_are_refused():
    figures = series(WORKED_CASE)
    first = ChartBook(salt="r1")
    first.chart(1, figures, "higher", None, SpcMethodFacts())
    text = first.made[1].points
    with pytest.raises(ValueError, match="does not fit"):
        list(KeptPoints(text, chart_points(figures + series([5], start=figures[-1][0].next())), {}))


def test_figures_with_no_value_keep_no_chart_and_are_not_worked_out_again():
    reasons_only = series([None, None, None])
    first = ChartBook(salt="r1", stamps={1: "3 figures"})
    assert first.chart(1, reasons_only, "higher", None, SpcMethodFacts()) is None
    again = ChartBook(kept=first.made, salt="r1", stamps={1: "3 figures"}, whole=False)
    assert again.chart(1, reasons_only[-1:], "higher", None, SpcMethodFacts()) is None
    assert again.wanted == set() and again.made == {}
