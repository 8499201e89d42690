"""Fixed query counts and caching per data version."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.models import Scorecard

from ..factories import scorecard_with_measures
from ..helpers import text

CABINET = "/scorecards/cabinet-scorecard/2020-09/"


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["", "measures/{code}/"])
def test_pages_issue_a_fixed_number_of_queries(signed_in, suffix):
    counts = {}
    for n in (5, 40):
        cache.clear()  # each page starts from the same cache: permissions and pages read afresh
        scorecard = scorecard_with_measures(n)
        code = scorecard.entries.first().measure.code
        with CaptureQueriesContext(connection) as queries:
            response = signed_in.get(f"/scorecards/{scorecard.slug}/2024-09/" + suffix.format(code=code))
        assert response.status_code == 200
        counts[n] = len(queries)
    assert counts[5] == counts[40], counts


def test_a_change_to_the_figures_shows_at_once(demo, signed_in):
    """Reports are cached per data version; any saved change moves the version on."""
    from indicators.models import DataPoint, Revision

    assert "101 (Sep 20)" in text(signed_in.get(CABINET))
    point = DataPoint.objects.get(measure__code="CS09", period__code="2020-09")
    later = Revision.objects.create(reporting_period=point.revision.reporting_period)  # a re-upload of September
    DataPoint.objects.create(revision=later, measure=point.measure, period=point.period, value=105)
    page = text(signed_in.get(CABINET))
    # the month is published: its figure stays as published, with the new one beside it
    assert "101 (Sep 20)" in page and "Recalculated since publication: 105" in page


def test_a_warm_page_costs_one_query_for_the_report(demo, signed_in):
    signed_in.get(CABINET)
    with CaptureQueriesContext(connection) as warm:
        signed_in.get(CABINET)
    statements = [q["sql"] for q in warm.captured_queries]
    assert not any("numerator" in sql for sql in statements), "the figures were read again"
    # an officer's page: session, user, the two versions (the periods, cycles and words laid over the
    # report are kept per version), and one permission look-up (config.auth) unless permissions are kept
    # in a shared cache
    assert len(statements) == (3 if settings.CACHE_PERMISSIONS else 4), statements


@pytest.mark.django_db
@pytest.mark.parametrize("layout", [choice for choice, _ in Scorecard.Layout.choices])
def test_every_layout_issues_a_fixed_number_of_queries(signed_in, layout):
    counts = {}
    for n in (5, 40):
        cache.clear()  # each page starts from the same cache: permissions and pages read afresh
        scorecard = scorecard_with_measures(n)
        scorecard.layout = layout
        scorecard.save()
        with CaptureQueriesContext(connection) as queries:
            response = signed_in.get(f"/scorecards/{scorecard.slug}/2024-09/")
        assert response.status_code == 200
        counts[n] = len(queries)
    assert counts[5] == counts[40], counts


def test_a_draft_is_built_once_for_staff_and_readers_alike(demo, monkeypatch):
    """The import warms a draft's report for readers; a staff page then finds it built, not built again."""
    from indicators.models import StoredPeriod
    from scorecard import queries

    queries.report_cache.clear()
    scorecard = Scorecard.objects.get(slug="monthly-asc-dashboard")
    draft = StoredPeriod.objects.get(code="2024-09")
    built = counting_builds(monkeypatch)
    first = queries.cached_scorecard_report(scorecard, draft)
    assert not first.is_published
    assert queries.cached_scorecard_report(scorecard, draft, staff=True).rows == first.rows
    assert built == [draft.code]


def counting_builds(monkeypatch) -> list[str]:
    """The periods whose figures report is worked out from here on (not found kept)."""
    from scorecard import queries

    built, build = [], queries.figures_report

    def counted(scorecard, period, *args, **kwargs):
        built.append(period.code)
        return build(scorecard, period, *args, **kwargs)

    monkeypatch.setattr(queries, "figures_report", counted)
    return built


def test_saving_commentary_leaves_the_report_warm_and_shows_the_words(demo, signed_in, monkeypatch):
    """Commentary is words, laid over the kept report on each request: a draft saved or approved shows at
    once, and the figures are not worked out again."""
    from indicators.models import Commentary, Measure, StoredPeriod

    page = "/scorecards/monthly-asc-dashboard/2024-09/"
    measure = Measure.objects.filter(entries__scorecard__slug="monthly-asc-dashboard").first()
    measure_page = page + f"measures/{measure.code}/"
    assert signed_in.get(page).status_code == 200
    assert signed_in.get(measure_page).status_code == 200  # its whole history worked out once
    built = counting_builds(monkeypatch)
    note, _ = Commentary.objects.update_or_create(
        measure=measure, period=StoredPeriod.objects.get(code="2024-09"), defaults={"text": "Words saved just now."}
    )
    assert "Words saved just now." in text(signed_in.get(measure_page))
    note.text = "Words changed again."
    note.save()
    assert "Words changed again." in text(signed_in.get(measure_page))
    assert signed_in.get(page).status_code == 200
    assert built == [], "a commentary save made the report cold"
