"""A scorecard's pages read only the years they show (this financial year and the three before), with each
XmR chart still of the whole history: every row must come out as it would from the whole history, and a
kept chart must never outlive a change to any figure it counts."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from indicators import periods
from indicators.models import DataPoint, KeptChart, Measure, ScorecardMeasure, StoredPeriod
from scorecard import queries

from ..factories import EntryFactory, MeasureFactory, RevisionFactory, SectionFactory, TargetFactory, period

REPORTING = "2025-03"  # financial year 2024/25: the years read are from April 2021
START = periods.parse_period("2019-04")
MONTHS = [START.shifted(i).code for i in range(72)]  # April 2019 to March 2025
EARLY = "2020-05"  # a month before the years read


def numerator(i: int) -> Decimal:
    """Figures that move (and shift up after two years), so every chart has limits worth comparing."""
    return Decimal(50 + (i * 7) % 13 + (6 if i >= 24 else 0))


def add_measure(section, code: str, months: list[str], frequency=Measure.Frequency.MONTHLY):
    measure = MeasureFactory(code=code, frequency=frequency)
    EntryFactory(section=section, scorecard=section.scorecard, measure=measure)
    TargetFactory(measure=measure, target=Decimal(58))
    return measure, months


@pytest.fixture
def scorecard(db):
    section = SectionFactory()
    first = RevisionFactory(reporting_period=period("2025-02"))
    shown = [
        add_measure(section, "LONG", MONTHS),
        add_measure(section, "STOPPED", MONTHS[:21]),  # nothing since December 2020
        add_measure(section, "SPARSE", ["2019-06", "2024-12", REPORTING]),  # one figure before the years read
        add_measure(section, "YEARLY", [f"{fy}/{str(fy + 1)[2:]}" for fy in range(2016, 2024)], "annual"),
    ]
    for measure, codes in shown:
        for i, code in enumerate(codes):
            DataPoint.objects.create(
                revision=first, measure=measure, period=period(code), numerator=numerator(i), denominator=100
            )
    revised = RevisionFactory(reporting_period=period(REPORTING))
    long = shown[0][0]
    for code, figure in ((EARLY, 71), ("2024-11", 40), (REPORTING, 66)):  # revisions inside and before
        DataPoint.objects.create(revision=revised, measure=long, period=period(code), numerator=figure, denominator=100)
    return section.scorecard


def built(scorecard, whole: bool = False):
    queries.report_cache.clear()
    return queries.working_report(scorecard, StoredPeriod.objects.get(code=REPORTING), whole_history=whole)


def shown_on_pages(row) -> tuple:
    """Everything a scorecard page, the PDF or an alert shows of a row."""
    grid = [periods.parse_period(REPORTING).shifted(-i) for i in range(36)]
    chart = row.spc
    return (
        row.current,
        row.previous,
        row.previous_recalculated,
        row.status,
        row.travel,
        row.trend,
        row.target_display,
        row.forecast,
        row.baseline,
        row.compared_with,
        row.series_for_year(),
        row.same_period_last_year(),
        row.figures_for(grid),
        None
        if chart is None
        else (chart.variation, chart.assurance, chart.reading, chart.reason, chart.chart_size, chart.last(2)),
    )


@pytest.mark.parametrize("charts", ["kept", "none kept"])
def test_the_years_read_give_every_row_as_the_whole_history_does(scorecard, charts):
    whole = built(scorecard, whole=True)  # keeps the charts
    if charts == "none kept":
        KeptChart.objects.all().delete()
    recent = built(scorecard)
    assert not recent.whole_history and whole.whole_history
    for short, full in zip(recent.rows, whole.rows, strict=True):
        assert shown_on_pages(short) == shown_on_pages(full), short.measure.code
        assert list(short.series) == list(full.series)[len(full.series) - len(short.series) :]
    long = next(row for row in whole.rows if row.measure.code == "LONG")
    assert long.spc.chart_size == 72 and len(long.spc.points) == 72
    assert [r.current.period.code for r in recent.rows] == [REPORTING, "2020-12", REPORTING, "2023/24"]


def figures_read(captured) -> list[str]:
    """The queries that read figures one by one (not the stamps counted in the database)."""
    return [q["sql"] for q in captured if "indicators_datapoint" in q["sql"] and "COUNT(" not in q["sql"].upper()]


def test_kept_charts_spare_reading_the_whole_history(scorecard):
    built(scorecard)  # charts worked out from the whole history and kept
    assert KeptChart.objects.count() == 4
    with CaptureQueriesContext(connection) as captured:
        recent = built(scorecard)
    assert {r.measure.code: len(r.series) for r in recent.rows} == {"LONG": 48, "STOPPED": 21, "SPARSE": 3, "YEARLY": 8}
    # one read of the years shown, and one of the whole history for the two whose latest figures are older
    assert len(figures_read(captured)) == 2
    ScorecardMeasure.objects.filter(measure__code__in=["STOPPED", "SPARSE"]).delete()
    with CaptureQueriesContext(connection) as captured:
        built(scorecard)
    assert len(figures_read(captured)) == 1, "the whole history was read though every chart was kept"


@pytest.mark.parametrize("change", ["added", "three changed, every sum kept"])
def test_any_new_figure_works_the_chart_out_again(scorecard, change):
    first = built(scorecard)
    long = Measure.objects.get(code="LONG")
    before = KeptChart.objects.get(measure=long).inputs
    later = RevisionFactory(reporting_period=period(REPORTING))
    early = {p.period.code: p for p in DataPoint.objects.filter(measure=long, period__code__in=EARLY_MONTHS)}
    if change == "added":
        changes = {"2019-07": 90}
    else:  # +1, -2, +1: the numerators' sum, and their sum weighted by period, stay as they were
        changes = {code: early[code].numerator + step for code, step in zip(EARLY_MONTHS, (1, -2, 1), strict=True)}
    for code, figure in changes.items():
        DataPoint.objects.create(revision=later, measure=long, period=period(code), numerator=figure, denominator=100)
    recent = built(scorecard)
    assert KeptChart.objects.get(measure=long).inputs != before
    assert recent.rows[0].spc.points != first.rows[0].spc.points
    whole = built(scorecard, whole=True)
    assert shown_on_pages(recent.rows[0]) == shown_on_pages(whole.rows[0])


EARLY_MONTHS = ("2019-07", "2019-08", "2019-09")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database's own guard is PostgreSQL's")
@pytest.mark.parametrize(
    "edit",
    [
        "UPDATE indicators_datapoint SET numerator = numerator + 30 WHERE id = %s",
        "DELETE FROM indicators_datapoint WHERE id = %s",
        "UPDATE indicators_revision SET reporting_period_id = reporting_period_id + 1 WHERE id = "
        "(SELECT revision_id FROM indicators_datapoint WHERE id = %s)",
        "DELETE FROM indicators_revision WHERE id = (SELECT revision_id FROM indicators_datapoint WHERE id = %s)",
    ],
)
def test_the_database_refuses_a_figure_changed_or_removed_by_hand(scorecard, edit):
    """The charts kept are matched to the figures by identity, which holds because no figure is ever
    changed: not by the product (`Kept`), and not by hand in the database either."""
    early = DataPoint.objects.get(measure__code="LONG", period__code="2019-07")
    with pytest.raises(IntegrityError, match="Figures are kept as loaded"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(edit, [early.pk])
    assert DataPoint.objects.get(pk=early.pk).numerator == early.numerator


def test_a_new_multiplier_works_the_chart_out_again(scorecard):
    built(scorecard)
    long = Measure.objects.get(code="LONG")
    before = KeptChart.objects.get(measure=long).inputs
    long.multiplier = Decimal(1000)
    long.unit = Measure.Unit.RATE
    long.save()
    built(scorecard)
    assert KeptChart.objects.get(measure=long).inputs != before


def test_a_measure_page_and_the_api_series_show_the_whole_history_of_a_draft(scorecard, signed_in):
    slug = scorecard.slug
    queries.report_cache.clear()
    page = signed_in.get(f"/scorecards/{slug}/{REPORTING}/measures/LONG/")
    assert page.status_code == 200
    assert len(page.context["row"].series) == 72 and len(page.context["row"].spc.points) == 72
    assert "April 2019" in page.content.decode()  # the chart's table starts at the first month held
    series = signed_in.get(f"/api/scorecards/{slug}/{REPORTING}/measures/LONG/series/").json()
    assert [p["period"] for p in series["points"]][:2] == ["2019-04", "2019-05"] and len(series["points"]) == 72
    listed = signed_in.get(f"/api/scorecards/{slug}/{REPORTING}/").json()
    long = next(m for s in listed["sections"] for m in s["measures"] if m["code"] == "LONG")
    assert long["spc"]["points"] == 72  # the whole chart's size, though the scorecard read four years


@pytest.mark.parametrize(("kept", "reads"), [("all", 1), ("none", 1), ("one", 2)])
def test_the_figures_are_read_once_whether_charts_are_kept_or_not(scorecard, kept, reads):
    ScorecardMeasure.objects.filter(measure__code__in=["STOPPED", "SPARSE"]).delete()
    built(scorecard)
    if kept != "all":
        KeptChart.objects.exclude(measure__code="LONG" if kept == "one" else "").delete()
    with CaptureQueriesContext(connection) as captured:
        recent = built(scorecard)
    assert len(figures_read(captured)) == reads
    assert {r.measure.code: len(r.series) for r in recent.rows} == {
        "LONG": 48 if kept != "none" else 72,
        "YEARLY": 8,
    }


def test_a_measure_once_monthly_now_yearly_is_built_from_its_whole_history(scorecard):
    """Its months (before the years read) are its own figures and its years beside them baselines: read
    from the years shown alone, its years would pass for its own figures."""
    section = scorecard.sections.first()
    measure, _ = add_measure(section, "SWITCHED", [])
    revision = RevisionFactory(reporting_period=period("2025-02"))
    for i, code in enumerate(MONTHS[:12] + ["2021/22", "2022/23", "2023/24"]):
        DataPoint.objects.create(
            revision=revision, measure=measure, period=period(code), numerator=numerator(i), denominator=100
        )
    whole = built(scorecard, whole=True)
    recent = built(scorecard)
    short, full = (next(r for r in report.rows if r.measure.code == "SWITCHED") for report in (recent, whole))
    assert shown_on_pages(short) == shown_on_pages(full)
    assert short.current.period.code == "2020-03" and short.spc.chart_size == 12


def test_a_measure_with_no_values_in_the_years_read_is_built_from_its_whole_history(scorecard):
    """Figures held for every recent month, each with a reason for no value: the chart's last points, its
    reading and the signals read from them are those of the earlier years."""
    section = scorecard.sections.first()
    measure, _ = add_measure(section, "PAUSED", [])
    revision = RevisionFactory(reporting_period=period("2025-02"))
    for i, code in enumerate(MONTHS):
        figure = {"numerator": numerator(i), "denominator": 100} if i < 24 else {"no_value_reason": "Paused"}
        DataPoint.objects.create(revision=revision, measure=measure, period=period(code), **figure)
    whole = built(scorecard, whole=True)
    recent = built(scorecard)
    short, full = (next(r for r in report.rows if r.measure.code == "PAUSED") for report in (recent, whole))
    assert shown_on_pages(short) == shown_on_pages(full)
    assert short.spc.last(1)[0].period.code == "2021-03"
