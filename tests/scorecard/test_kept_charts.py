"""XmR charts kept per measure and month (`KeptChart`): worked out once, read back by later reports, and
worked out again when anything they were worked out from changes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.models import KeptChart, StoredPeriod, Target
from scorecard import queries

from ..factories import scorecard_with_measures

MONTHS = tuple(f"{year}-{month:02d}" for year in (2023, 2024) for month in range(1, 13))[:21]  # 21 points


def report(scorecard):
    queries.report_cache.clear()
    return queries.working_report(scorecard, StoredPeriod.objects.get(code=MONTHS[-1]))


@pytest.mark.django_db
def test_a_report_keeps_its_charts_and_the_next_reads_them():
    scorecard = scorecard_with_measures(3, months=MONTHS)
    first = report(scorecard)
    kept = KeptChart.objects.filter(as_of=MONTHS[-1])
    assert kept.count() == 3
    with CaptureQueriesContext(connection) as read_again:
        second = report(scorecard)
    assert not any("keptchart" in q["sql"].lower() and "insert" in q["sql"].lower() for q in read_again), (
        "charts were written again though nothing changed"
    )
    for before, after in zip(first.rows, second.rows, strict=True):
        assert after.spc.points == before.spc.points
        assert (after.spc.variation, after.spc.assurance, after.spc.reading) == (
            before.spc.variation,
            before.spc.assurance,
            before.spc.reading,
        )


@pytest.mark.django_db
def test_a_new_target_works_the_chart_out_again():
    scorecard = scorecard_with_measures(2, months=MONTHS)
    report(scorecard)
    measure = scorecard.entries.order_by("order").first().measure
    before = KeptChart.objects.get(measure=measure).inputs
    target = Target.objects.get(measure=measure)
    target.target = target.target + 10
    target.save()
    row = next(r for r in report(scorecard).rows if r.measure.id == measure.id)
    assert KeptChart.objects.get(measure=measure).inputs != before
    assert row.spc.assurance is not None  # worked out against the new target
    other = scorecard.entries.order_by("order").last().measure
    assert KeptChart.objects.filter(measure=other).count() == 1
