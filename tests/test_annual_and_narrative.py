"""The annual outcomes view (seed 002) and the narrative quarterly report (seed 004), read as the seeds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators import periods
from indicators.models import Scorecard

from .factories import scorecard_with_measures
from .test_scorecard_pages import text

ANNUAL = "/scorecards/adults-and-communities/2021-11/"
NARRATIVE = "/scorecards/quarterly-performance/2020-09/"


def test_annual_view_reads_as_the_seed(demo, signed_in):
    page = text(signed_in.get(ANNUAL))
    assert "Adults and Communities Performance 2021/22" in page
    assert "2021/22 to date: April to November 2021." in page
    # the report's RAG column: 17 green, 5 amber, 1 red, 7 with no judgement
    assert "17 met or exceeded target 5 within tolerance 1 missed target 7 no judgement" in page
    assert "2021/22 target 2021/22 performance 2020/21 performance 2020/21 quartile" in page
    for expected in [
        "Local % of sequels that 'Prevent Need' Target band GREEN 55–60% 57.4% 54.7% N/A",
        "ASCOF 3D pt 1 % of service users who find it easy to find information about services High N/A 68% "
        "Due June 2022 No survey in 2020/21 because of the Covid-19 pandemic N/A",
        "Heritage visits (including website visits), thousands High GREEN 163.8k (Apr–Nov) 182.0 84.6 N/A",
        "Total community library issues, thousands N/A N/A For information only 163.4 44.9 N/A",
        "ASCOF 1E % of people with a learning disability in paid employment High RED 10.5% 9.4% 10.5% Top",
        "ASCOF 1G % of people with a learning disability in settled accommodation High AMBER 86% 84.1% 84.3% Second",
        "ASCOF 2A pt 1 Permanent admissions to residential and nursing care (aged 18-64) per 100,000 population Low "
        "AMBER Set by judgement <4.1 (17 admissions) 5.4 23 admissions 3.8 17 admissions Top",
        "ASCOF 2A pt 2 BCF Permanent admissions to residential and nursing care (aged 65+) per 100,000 population "
        "Low AMBER <538 (780 admissions) 559.4 820 admissions 528.7 780 admissions Top",
        "ASCOF 1C pt 2a Adults aged 18+ receiving direct payments High GREEN Set by judgement 42% 41.6% 42.0% Top",
        "% of service users who received their annual review High AMBER 70% 68.0% 63.0% N/A",
    ]:
        assert expected in page, expected


def test_annual_view_groups_outcomes_under_their_headings(demo, signed_in):
    response = signed_in.get(ANNUAL)
    body = response.content.decode()
    assert [g for g in ("Prevent need", "Reduce need", "Delay need", "Meet need") if f">{g}</h2>" in body] == [
        "Prevent need",
        "Reduce need",
        "Delay need",
        "Meet need",
    ]
    # two outcomes with the same title under different headings stay apart
    assert body.count('<section class="scorecard-section">') == 8
    filtered = text(signed_in.get(ANNUAL + "?section=7"))
    assert "Adults aged 18+ receiving direct payments" in filtered and "Delay Need" not in filtered


def test_narrative_report_reads_as_the_seed(demo, signed_in):
    page = text(signed_in.get(NARRATIVE))
    assert "Q2 2020/21 (Jul–Sep 2020)" in page
    assert "Target 2020/21 Reporting frequency Latest figure Q2 achievements Status" in page
    for expected in [
        "4.1: Develop a safe environment",
        "Increase the number of foster carers 3 Annual Reported annually; 2 foster families at the end of the quarter",
        "Reduce the percentage of referrals for adult social care resulting in no further action (NFA) 5% Quarterly "
        "0% (Q2) All 47 referrals to adult social care this quarter went through the duty system",
        "Percentage of children subject to child in need maintained at the current level 7% Quarterly 14% (Q2)",
        "Effective safeguarding board training offer across the partnership Two multi-agency training courses per "
        "quarter Quarterly Target achieved The target was met. GREEN The service reports the target achieved.",
    ]:
        assert expected in page, expected


@pytest.mark.django_db
@pytest.mark.parametrize("layout", [choice for choice, _ in Scorecard.Layout.choices])
def test_every_layout_issues_a_fixed_number_of_queries(signed_in, layout):
    counts = {}
    for n in (5, 40):
        scorecard = scorecard_with_measures(n)
        scorecard.layout = layout
        scorecard.save()
        with CaptureQueriesContext(connection) as queries:
            response = signed_in.get(f"/scorecards/{scorecard.slug}/2024-09/")
        assert response.status_code == 200
        counts[n] = len(queries)
    assert counts[5] == counts[40], counts


@pytest.mark.parametrize(
    "code, expected",
    [
        ("2021-11", "April to November 2021"),
        ("2021-04", "April 2021"),
        ("2022-03", "April 2021 to March 2022"),
        ("2020/21 Q2", "April to September 2020"),
        ("2021/22", "April 2021 to March 2022"),
    ],
)
def test_year_to_date_label(code, expected):
    assert periods.parse_period(code).year_to_date_label == expected
