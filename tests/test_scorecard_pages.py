"""The pages councillors read: what a person sees, bad addresses, and a fixed number of queries."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import scorecard_with_measures

CABINET = "/scorecards/cabinet-scorecard/2020-09/"
GRID = "/scorecards/monthly-asc-dashboard/2024-09/"


def text(response) -> str:
    """The page as words, without tags."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_cabinet_scorecard_reads_as_the_seed(demo, signed_in):
    page = text(signed_in.get(CABINET))
    assert "Adult Social Care Cabinet Scorecard September 2020" in page
    assert "8 met or exceeded target 0 within tolerance 5 missed target 2 no judgement" in page
    assert "4 improved 3 no significant change 6 deteriorated 2 not compared" in page
    for expected in [
        "GREEN 75% 74.8% (Q4) 75.9% (Q1) ▲ Up (Green) 1.1 pp",
        "RED 560 565.6 (Q4) 602.9 (Q1) ▲ Up (Red) 6.6%",
        "GREEN 35% (EoY 35%) 37.5% (Aug 20) 37.5% (Sep 20) ▶ Static (Amber) 0 pp",
        "RED 140 97 (Aug 20) Recalculated: 99 101 (Sep 20) ▲ Up (Green) 4.1%",
        "GREEN Set by judgement N/A 14 (Aug 20) Recalculated: 15 19 (Sep 20) ▲ Up (Red) 35.7%",
        "RED DoT Only 28.3% (2016/17) 25.1% (2018/19) ▼ Down (Red) 3.2 pp",
        "N/A Collection suspended by NHS Digital during the Covid-19 pandemic 7.95 "
        "No figure (Aug 20) No figure (Sep 20)",
    ]:
        assert expected in page, expected


def test_monthly_grid_reads_as_the_seed(demo, signed_in):
    page = text(signed_in.get(GRID))
    assert "Jul 24 Aug 24 Sep 24 Trend" in page
    assert "Minimum target: 23% Stretch target: 24% National: 22.9% Regional (London): 24.6%" in page
    assert "RED 23.03% 662 / 2875 22.58% 654 / 2896 22.45% 654 / 2913 ▼ Trend: down" in page
    assert "4.9 12 / 243101" in page  # 2B, per 100,000
    assert "National: 343" in page  # SAT3


def test_grid_shows_more_months(demo, signed_in):
    page = text(signed_in.get(GRID + "?months=4"))
    assert "Jun 24 Jul 24 Aug 24 Sep 24 Trend" in page


@pytest.mark.parametrize(
    "query, shown, hidden",
    [
        ("?status=RED", "Proportion of clients reviewed", "Uptake of Direct Payments"),
        ("?section=3", "domestic abuse", "Uptake of Direct Payments"),
        ("?status=n/a", "Daily Average Delay beds", "Shared Lives"),
    ],
)
def test_filters(demo, signed_in, query, shown, hidden):
    page = text(signed_in.get(CABINET + query))
    assert shown in page and hidden not in page


@pytest.mark.parametrize(
    "query, message",
    [
        ("?section=9", "There is no section '9'; choose one of 1 to 4. All sections are shown."),
        ("?status=PURPLE", "'PURPLE' is not a status; choose GREEN, AMBER, RED or N/A."),
        ("?months=40", "'40' months cannot be shown; choose 1 to 12."),
    ],
)
def test_bad_parameters_say_what_is_wrong_and_show_everything(demo, signed_in, query, message):
    page = text(signed_in.get((GRID if "months" in query else CABINET) + query))
    assert "There is a problem with the address" in page and message in page


@pytest.mark.parametrize(
    "url, message",
    [
        ("/scorecards/nope/2020-09/", "There is no scorecard called 'nope'."),
        (
            "/scorecards/cabinet-scorecard/2031-01/",
            "Adult Social Care Cabinet Scorecard has no figures for January 2031.",
        ),
        ("/scorecards/cabinet-scorecard/2024-09/", "has no figures for September 2024"),
        ("/scorecards/cabinet-scorecard/soon/", "The period in the address is not right"),
        ("/scorecards/cabinet-scorecard/2020-09/measures/NOPE/", "There is no measure 'NOPE'."),
        (
            "/scorecards/cabinet-scorecard/2020-09/measures/SAT1/",
            "The measure 'SAT1' is not on Adult Social Care Cabinet",
        ),
        ("/scorecards/cabinet-scorecard/2020-09/measures/CS09/quartiles/", "CS09 has no national quartiles"),
    ],
)
def test_bad_addresses_get_a_page_that_says_why(demo, signed_in, url, message):
    response = signed_in.get(url)
    assert response.status_code == 404 and message in text(response)


def test_period_picker_and_latest_redirect(demo, signed_in):
    assert signed_in.get("/scorecards/cabinet-scorecard/")["Location"] == CABINET
    assert (
        signed_in.get("/scorecards/cabinet-scorecard/?period=2020-08")["Location"]
        == "/scorecards/cabinet-scorecard/2020-08/"
    )
    assert (
        signed_in.get("/scorecards/cabinet-scorecard/?period=Aug+20")["Location"]
        == "/scorecards/cabinet-scorecard/2020-08/"
    )


def test_measure_page(demo, signed_in):
    response = signed_in.get(CABINET + "measures/CS09/")
    page = text(response)
    for expected in [
        "9 The number of people who have Shared Lives",
        "RED",
        "▲ Up (Green) 4.1%",
        "97 Recalculated: 99 101 140",
        "Up from 97 to 101, against a target of 140.",
        "Commentary Data 101 people have a Shared Lives placement",
        "Source Carefirst service agreements.",
        "Measure owner Assistant Director, Community Services",
        "Responsible officer Shared Lives Service Manager",
        "< Previous: Care in own home",
        "Return to scorecard",
        "Next: DV safeguarding count >",
        "August 2020 97 99 140",
    ]:
        assert expected in page, expected
    assert (
        'id="measure-chart"' in response.content.decode()
        and "/static/plotly/plotly.min.js" in response.content.decode()
    )


def test_measure_page_for_a_measure_with_no_figure(demo, signed_in):
    page = text(signed_in.get(CABINET + "measures/CS01/"))
    assert "N/A" in page and "Collection suspended by NHS Digital" in page and "This year's figures" not in page


def test_quartile_page(demo, signed_in):
    page = text(signed_in.get(CABINET + "measures/CS04/quartiles/"))
    assert "Benchmarking data is taken from 2018/19 ASCOF." in page and "historical" in page
    assert (
        "Worst 1,417.4 +814.5 135% 1205 3rd 682.2 +79.3 13% 117 Birmingham City Council 602.9 2nd 575.6 -27.3 -5% -40"
        in page
    )
    assert "Current quartile 3rd" in page and "= 40 admissions" in page and "= 212 admissions" in page


def test_quartile_page_without_people(demo, signed_in):
    page = text(signed_in.get(CABINET + "measures/CS13/quartiles/"))
    assert "no numerator or denominator" in page and "Current quartile 4th" in page


def test_quartile_page_top_quartile(demo, signed_in):
    page = text(signed_in.get(CABINET + "measures/CS07/quartiles/"))
    assert "Current quartile 1st" in page and "Distance to next quartile N/A: already in the top quartile" in page


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["", "measures/{code}/"])
def test_pages_issue_a_fixed_number_of_queries(signed_in, suffix):
    counts = {}
    for n in (5, 40):
        scorecard = scorecard_with_measures(n)
        code = scorecard.entries.first().measure.code
        with CaptureQueriesContext(connection) as queries:
            response = signed_in.get(f"/scorecards/{scorecard.slug}/2024-09/" + suffix.format(code=code))
        assert response.status_code == 200
        counts[n] = len(queries)
    assert counts[5] == counts[40], counts


def test_a_change_to_the_figures_shows_at_once(demo, signed_in):
    """Reports are cached per data version; any saved change moves the version on."""
    from indicators.models import DataPoint

    assert "101 (Sep 20)" in text(signed_in.get(CABINET))
    point = DataPoint.objects.get(measure__code="CS09", period__code="2020-09")
    point.value = 105
    point.save()
    page = text(signed_in.get(CABINET))
    assert "105 (Sep 20)" in page and "101 (Sep 20)" not in page


def test_a_warm_page_costs_one_query_for_the_report(demo, signed_in):
    signed_in.get(CABINET)
    with CaptureQueriesContext(connection) as warm:
        signed_in.get(CABINET)
    statements = [q["sql"] for q in warm.captured_queries]
    assert not any("numerator" in sql for sql in statements), "the figures were read again"
    # an officer's page: session, user, one permission look-up (scorecard.auth), data version
    assert len(statements) == 4, statements


def test_a_change_inside_a_rolled_back_savepoint_does_not_lose_the_next_bump(demo):
    from django.db import transaction

    from indicators.models import DataPoint, DataVersion

    before = DataVersion.current()
    point = DataPoint.objects.get(measure__code="CS09", period__code="2020-09")
    try:
        with transaction.atomic():
            point.value = 1
            point.save()
            raise RuntimeError
    except RuntimeError:
        pass
    assert DataVersion.current() == before  # the bump went with the rolled-back savepoint
    point.refresh_from_db()
    point.value = 106
    point.save()
    assert DataVersion.current() != before


@pytest.mark.django_db
def test_a_scorecard_with_no_figures_yet_says_so(signed_in):
    from .factories import ScorecardFactory

    scorecard = ScorecardFactory(title="Quarterly scrutiny scorecard")
    response = signed_in.get(f"/scorecards/{scorecard.slug}/")
    assert response.status_code == 404
    assert "Quarterly scrutiny scorecard No figures have been loaded for this scorecard yet." in text(response)
    page = text(signed_in.get("/"))
    assert "Quarterly scrutiny scorecard" in page and "No figures have been loaded for this scorecard yet." in page
