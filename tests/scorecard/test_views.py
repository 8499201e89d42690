"""The scorecard pages as readers see them, figure for figure against the seeds."""

import re

import pytest

from ..helpers import text


def test_index_lists_scorecards_and_periods_with_links(demo, signed_in):
    page = signed_in.get("/").content.decode()
    assert "Adult Social Care Cabinet Scorecard" in page and "Birmingham City Council" in page
    assert 'href="/api/scorecards/cabinet-scorecard/2020-09/"' in page
    assert "September 2020" in page and "July 2024" in page


def test_index_marks_draft_periods_for_staff_only(demo, signed_in, client):
    from django.contrib.auth.models import Group

    from accounts.roles import COUNCILLOR

    from ..factories import UserFactory

    page = text(signed_in.get("/"))
    assert "September 2024 Draft" in page and "August 2024 Draft" not in page
    councillor = UserFactory(username="index-councillor")
    councillor.groups.add(Group.objects.get(name=COUNCILLOR))
    client.force_login(councillor)
    page = text(client.get("/"))
    assert "August 2024" in page and "September 2024" not in page and "Draft" not in page


@pytest.mark.django_db
def test_index_with_nothing_loaded_says_what_to_do(signed_in):
    assert "There are no scorecards yet" in signed_in.get("/").content.decode()


CABINET = "/scorecards/cabinet-scorecard/2020-09/"


GRID = "/scorecards/monthly-asc-dashboard/2024-09/"


def test_cabinet_scorecard_reads_as_the_seed(demo, signed_in):
    page = text(signed_in.get(CABINET))
    assert "Adult Social Care Cabinet Scorecard September 2020" in page
    assert (
        # each status counted by what set it: two GREEN by judgement and three by direction of travel are
        # not "met target", and two RED with no target did not "miss" one
        "8 GREEN : show them 3 met or exceeded target 2 set by judgement 2 no target: improving "
        "1 no target: no significant change 0 AMBER 5 RED : show them 3 missed target 2 no target: worsening "
        "2 N/A : show them 2 no figure to judge against its target"
    ) in page
    assert "4 improved 3 no significant change 6 deteriorated 2 not compared" in page
    for expected in [
        "GREEN 75% 74.8% (Q4 2019/20) 75.9% (Q1 2020/21) ▲ Up (Green) 1.1 pp",
        "RED 42.9 above the target 560 565.6 (Q4 2019/20) 602.9 (Q1 2020/21) ▲ Up (Red) 6.6%",
        "GREEN 35% (EoY 35%) 37.5% (Aug 20) 37.5% (Sep 20) ▶ Static (Amber) 0 pp",
        "RED 39 below the target 140 97 (Aug 20) Recalculated: 99 101 (Sep 20) ▲ Up (Green) 4.1%",
        "GREEN Set by judgement N/A 14 (Aug 20) Recalculated: 15 19 (Sep 20) ▲ Up (Red) 35.7%",
        "RED No target: worsening DoT Only 28.3% (2016/17) 25.1% (2018/19) ▼ Down (Red) 3.2 pp",
        "N/A Collection suspended by NHS Digital during the Covid-19 pandemic 7.95 "
        "No figure (Aug 20) No figure (Sep 20)",
    ]:
        assert expected in page, expected


def test_monthly_grid_reads_as_the_seed(demo, signed_in):
    page = text(signed_in.get(GRID))
    assert "Jul 24 Aug 24 Sep 24 Trend" in page
    assert "Minimum target: 23% Stretch target: 24% National: 22.9% Regional (London): 24.6%" in page
    assert (
        "RED 0.55 pp below the minimum 23.03% 662 / 2,875 22.58% 654 / 2,896 22.45% 654 / 2,913 ▼ Trend: down" in page
    )
    assert "4.9 12 / 243,101" in page  # 2B, per 100,000
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
        ("?months=40", "'40' months cannot be shown; choose 1 to 36."),
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
        "< Previous: CS08 Care in own home",
        "Return to scorecard",
        "Next: CS10 DV safeguarding count >",
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
    assert "Benchmarking data is taken from 2018/19 ASCOF (typed in)." in page and "historical" in page
    assert (
        "Worst council 1,417.4 +814.5 135% 1205 3rd quartile starts 682.2 +79.3 13% 117 Birmingham City Council 602.9 "
        "2nd quartile starts (the median) 575.6 -27.3 -5% -40" in page
    )
    assert "Current quartile 3rd" in page and "= 40 admissions" in page and "= 212 admissions" in page


def test_quartile_page_without_people(demo, signed_in):
    page = text(signed_in.get(CABINET + "measures/CS13/quartiles/"))
    assert "no numerator or denominator" in page and "Current quartile 4th" in page


def test_quartile_page_top_quartile(demo, signed_in):
    page = text(signed_in.get(CABINET + "measures/CS07/quartiles/"))
    assert "Current quartile 1st" in page and "Distance to next quartile N/A: already in the top quartile" in page


@pytest.mark.django_db
def test_a_scorecard_with_no_figures_yet_says_so(signed_in):
    from ..factories import ScorecardFactory

    scorecard = ScorecardFactory(title="Quarterly scrutiny scorecard")
    response = signed_in.get(f"/scorecards/{scorecard.slug}/")
    assert response.status_code == 404
    assert "Quarterly scrutiny scorecard No figures have been loaded for this scorecard yet." in text(response)
    page = text(signed_in.get("/"))
    assert "Quarterly scrutiny scorecard" in page and "No figures have been loaded for this scorecard yet." in page


ANNUAL = "/scorecards/adults-and-communities/2021-11/"


NARRATIVE = "/scorecards/quarterly-performance/2020-21-q2/"


def test_annual_view_reads_as_the_seed(demo, signed_in):
    page = text(signed_in.get(ANNUAL))
    assert "Adults and Communities Performance 2021/22" in page
    assert "2021/22 to date: April to November 2021." in page
    # the report's RAG column: 17 green, 5 amber, 1 red, 7 with no judgement
    assert "17 GREEN : show them 15 met or exceeded target 2 set by judgement" in page
    assert (
        "5 AMBER : show them 4 within tolerance of target 1 set by judgement 1 RED : show it 1 missed target "
        "7 N/A : show them 5 no figure to judge against its target 2 for information: no target"
    ) in page
    assert "2021/22 target 2021/22 performance 2020/21 performance 2020/21 quartile" in page
    for expected in [
        "Local % of sequels that 'Prevent Need' Target band GREEN 55–60% 57.4% 54.7% N/A",
        "ASCOF 3D pt 1 % of service users who find it easy to find information about services High N/A 68% "
        "Due June 2022 No survey in 2020/21 because of the Covid-19 pandemic N/A",
        "Heritage visits (including website visits), thousands High GREEN profile: 182.0 against 163.8 to date "
        "163.8k (Apr–Nov) 182.0 84.6 N/A",
        "Total community library issues, thousands N/A N/A For information only 163.4 44.9 N/A",
        "ASCOF 1E % of people with a learning disability in paid employment High RED 1.1 pp below the target "
        "10.5% 9.4% 10.5% Top",
        "ASCOF 1G % of people with a learning disability in settled accommodation High AMBER 1.9 pp below the "
        "target 86% 84.1% 84.3% Second",
        "ASCOF 2A pt 1 Permanent admissions to residential and nursing care (aged 18-64) per 100,000 population Low "
        "AMBER Set by judgement <4.1 (17 admissions) 5.4 23 admissions 3.8 17 admissions Top",
        "ASCOF 2A pt 2 BCF Permanent admissions to residential and nursing care (aged 65+) per 100,000 population "
        "Low AMBER 21.4 above the target <538 (780 admissions) 559.4 820 admissions 528.7 780 admissions Top",
        "ASCOF 1C pt 2a Adults aged 18+ receiving direct payments High GREEN Set by judgement 42% 41.6% 42.0% Top",
        "% of service users who received their annual review High AMBER 2.0 pp below the target 70% 68.0% 63.0% N/A",
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
    assert "Target 2020/21 Reporting frequency Latest figure Q2 2020/21 achievements Status" in page
    for expected in [
        "4.1: Develop a safe environment",
        "Increase the number of foster carers 3 Annual Reported annually; 2 foster families at the end of the quarter",
        "Reduce the percentage of referrals for adult social care resulting in no further action (NFA) 5% Quarterly "
        "0% (Q2 2020/21) All 47 referrals to adult social care this quarter went through the duty system",
        "Percentage of children subject to child in need maintained at the current level 7% Quarterly 14% (Q2 2020/21)",
        "Effective safeguarding board training offer across the partnership Two multi-agency training courses per "
        "quarter Quarterly Target achieved The target was met. GREEN Set by judgement: "
        "The service reports the target achieved.",
    ]:
        assert expected in page, expected


def test_a_measure_title_with_markup_is_text_in_the_chart(demo, signed_in):
    from indicators.models import Measure

    Measure.objects.filter(code="2E").update(short_title='<a href="https://evil.example">Click</a>')
    from indicators.models import DataVersion

    DataVersion.bump()
    page = signed_in.get(GRID + "measures/2E/").content.decode()  # a draft: catalogue changes show
    chart = page.split('id="measure-chart"')[1].split("</script>")[0]
    assert "&lt;a href=" in chart.replace("\\u0026lt;", "&lt;") and "<a href" not in chart


def test_a_status_resting_on_a_forecast_says_so_on_the_grid_the_measure_page_the_pdf_and_the_api(demo, signed_in):
    note = "forecast: 90 admissions (489.1 per 100,000 population aged 65+) against Minimum 315 / Stretch 315"
    assert f"RED {note}" in text(signed_in.get(GRID))
    measure_page = text(signed_in.get(GRID + "measures/2C/"))
    assert (
        note in measure_page
        and "Year-end forecast: 90 admissions (489.1 per 100,000 population aged 65+)" in measure_page
    )
    from io import BytesIO

    from pypdf import PdfReader

    pdf = PdfReader(BytesIO(signed_in.get(GRID + "scorecard.pdf").content))
    assert "forecast: 90 admissions" in " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    api = signed_in.get("/api/scorecards/monthly-asc-dashboard/2024-09/").json()
    row = next(m for s in api["sections"] for m in s["measures"] if m["code"] == "2C")
    assert row["status"]["note"] == note and row["year_end_forecast_people"] == 90


def test_the_scorecard_compares_on_its_chosen_basis_and_words_the_summary_to_match(demo, signed_in):
    from indicators.models import Scorecard

    Scorecard.objects.filter(slug="monthly-asc-dashboard").update(comparison="baseline")
    from indicators.models import DataVersion

    DataVersion.bump()
    page = text(signed_in.get(GRID))
    assert "improvement from baseline" in page and "deterioration from baseline" in page
    api = signed_in.get("/api/scorecards/monthly-asc-dashboard/2024-09/").json()
    assert api["summary"]["direction_of_travel"]["compared_with"] == "baseline"


def test_a_quarterly_scorecard_is_addressed_by_quarter_everywhere(demo, signed_in):
    page = signed_in.get("/scorecards/quarterly-performance/2020-21-q2/")
    assert page.status_code == 200 and "Q2 2020/21 (Jul–Sep 2020)" in text(page)
    assert '<option value="2020-21-q2" selected>' in page.content.decode()
    by_month = signed_in.get("/scorecards/quarterly-performance/2020-09/")
    assert by_month.status_code == 404 and "is reported by quarter: ask for Q2 2020/21" in text(by_month)
    assert "2020-21-q2" in by_month.content.decode()
    assert signed_in.get("/scorecards/quarterly-performance/?period=2020%2F21+Q2").url.endswith("/2020-21-q2/")
    listed = signed_in.get("/api/scorecards/").json()["scorecards"]
    quarterly = next(s for s in listed if s["slug"] == "quarterly-performance")
    assert [p["period"] for p in quarterly["periods"]] == ["2020/21 Q2"]
    assert quarterly["periods"][0]["url"].endswith("/api/scorecards/quarterly-performance/2020-21-q2/")
    api = signed_in.get("/api/scorecards/quarterly-performance/2020-21-q2/").json()
    assert api["period"]["published"] is True and api["period"]["label"] == "Q2 2020/21 (Jul–Sep 2020)"
    assert signed_in.get("/scorecards/quarterly-performance/2020-21-q2/scorecard.csv").status_code == 200
    index = signed_in.get("/").content.decode()
    assert "/scorecards/quarterly-performance/2020-21-q2/" in index


APPENDIX = "/scorecards/ascof-appendix/2022-23-q3/"


def test_the_ascof_appendix_reads_as_an_integrated_performance_report(demo, signed_in):
    page = text(signed_in.get(APPENDIX))
    assert "Example figures, not a council's" in page  # made-up figures are labelled as such
    for expected in [
        "Baseline 2021/22 outturn England average England rank (movement) Q1 2022/23 Q2 2022/23 Q3 2022/23 "
        "Q4 2022/23 Target 2022/23 Rating and direction from baseline Comment",
        # direct payments: baseline with its numerator and denominator, rank with movement, each quarter
        "1C(2A) Proportion of people who use services who receive direct payments 28.4% 1,136 / 4,000 26.7% "
        "2021/22 (example figures) 40/151 (from 52/151) 28.9% 1,160 / 4,014 29.3% 1,180 / 4,027 29.0% 1,171 / 4,038 — "
        "30% AMBER 1.0 pp below the target ▲ Up (Green) 0.6 pp from baseline (2021/22: 28.4%)",
        # a cumulative rate: judged and compared through its forecast, counted in whole admissions first
        "RED forecast: 59 admissions (15.7 per 100,000 population aged 18-64) against 14; 1.7 above the target "
        "▲ Up (Red) 5.4% "
        "forecast from baseline (2021/22: 14.9)",
        "Rating: forecast to meet or exceed target 2 · within tolerance 4 · forecast to miss 1 · no data 0",
        "Direction: improvement from baseline 5 · no significant change 0 · deterioration from baseline 2 · no data 0",
    ]:
        assert expected in page, expected


def test_councillors_are_not_shown_the_api_words_staff_are(demo, signed_in):
    from django.test import Client

    from accounts import roles

    from ..helpers import person

    client = Client()
    client.force_login(person("plain-councillor", roles.COUNCILLOR))
    for url in ("/", CABINET):
        page = client.get(url).content.decode()
        assert "JSON" not in page and "docs/api.md" not in page, url
    assert "Data (JSON)" in signed_in.get("/").content.decode()  # an officer still has them


def test_the_year_chart_and_its_table_show_the_same_minimum_and_stretch_targets(demo, signed_in):
    """The chart draws a minimum and a stretch line; the table beside it has both as columns."""
    import json
    import re

    page = signed_in.get("/scorecards/monthly-asc-dashboard/2024-09/measures/3D%20part%202a/").content.decode()
    chart = json.loads(re.search(r'<script id="measure-chart" type="application/json">(.*?)</script>', page).group(1))
    drawn = {trace["name"]: trace["y"] for trace in chart["data"]}
    assert drawn["Minimum target"][0] == 23 and drawn["Stretch target"][0] == 24
    table = page[page.index("The figures in the chart</caption>") :]
    table = table[: table.index("</table>")]
    headings = re.findall(r'<th scope="col">(.*?)</th>', table)
    assert headings == ["Period", "Reported outturn", "Recalculated", "Minimum target", "Stretch target"]
    body = table[table.index("<tbody>") :]
    first_row = body[: body.index("</tr>")]
    assert re.findall(r"<td>(.*?)</td>", first_row)[-2:] == ["23%", "24%"]


def test_the_measure_page_says_what_the_measure_is_and_how_it_is_worked_out(demo, signed_in):
    from indicators.models import Measure

    measure = Measure.objects.get(code="2B")
    page = text(signed_in.get("/scorecards/monthly-asc-dashboard/2024-09/measures/2B/"))
    assert "About this measure" in page
    if measure.definition:
        assert " ".join(measure.definition.split())[:60] in page
    assert "The numerator divided by the denominator, as a rate per 100,000" in page
    assert "Lower is better." in page and "cumulative from 1 April to date" in page


def test_filters_are_kept_when_the_period_changes_and_the_result_is_counted(demo, signed_in):
    page = signed_in.get("/scorecards/monthly-asc-dashboard/2024-09/?status=RED&months=6")
    words = text(page)
    assert "Showing 7 of 41 measures with status RED." in words
    html = page.content.decode()
    picker = html[html.index('id="period-picker"') - 600 : html.index('id="period-picker"')]
    assert 'name="status" value="RED"' in picker and 'name="months" value="6"' in picker
    moved = signed_in.get("/scorecards/monthly-asc-dashboard/?period=2024-08&status=RED&months=6")
    assert moved.status_code == 302
    assert moved["Location"] == "/scorecards/monthly-asc-dashboard/2024-08/?status=RED&months=6"


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["CS09", "2A(1)", "A B", "é"])
def test_the_measure_link_is_the_address_django_gives(code):
    from django.template import Context, Template
    from django.urls import reverse

    from ..factories import period, scorecard_with_measures

    scorecard, month = scorecard_with_measures(1), period("2024-09")
    drawn = Template("{% load scorecard_tags %}{% measure_url s p c %}").render(
        Context({"s": scorecard, "p": month, "c": code})
    )
    assert drawn == reverse("scorecard:measure", args=[scorecard.slug, month.slug, code])


def test_each_summary_count_opens_the_scorecard_filtered_to_it(demo, signed_in):
    page = signed_in.get(CABINET).content.decode()
    assert 'href="?status=RED&amp;basis=worsening">2 no target: worsening</a>' in page
    judged = text(signed_in.get(CABINET + "?status=GREEN&basis=judgement"))
    assert "Showing 2 of 15 measures with status GREEN (set by judgement)." in judged
    assert judged.count("Set by judgement") == 2
    wrong = text(signed_in.get(CABINET + "?basis=luck"))
    assert "'luck' is not a reason for a status; every reason is shown." in wrong


def test_with_too_few_points_for_any_chart_the_spc_columns_fold_away_with_one_sentence(demo, signed_in):
    page = signed_in.get(CABINET).content.decode()
    assert '<th scope="col">Variation</th>' not in page and "Too few points" not in page
    assert page.count("Variation and assurance are not shown") == 1
    assert "the 15 points since its last recalculation" in page


def test_the_trend_line_shows_the_figures_the_direction_of_travel_compares(demo, signed_in):
    """August's 97 was recalculated to 99: the arrow compares 97 with 101, and the trend line draws 97 too
    (as first reported), saying one of its points has been recalculated since; the page says what that
    means once, with a link to Help."""
    page = text(signed_in.get(CABINET))
    assert "Trend this year as first reported" in page
    assert "97 (Aug 20) Recalculated: 99 101 (Sep 20) ▲ Up (Green) 4.1% Figures this year as first reported: " in page
    row = page[page.index("97 (Aug 20) Recalculated: 99") :][:400]
    assert "Aug 20 97, Sep 20 101 1 since recalculated" in row, row
    assert page.count("Direction of travel and the trend line use the figures as first reported") == 1


def test_filters_survive_drilling_into_a_measure_and_back(demo, signed_in):
    """The reader filters to RED, opens a measure, walks to the next and returns: still RED. A filter the
    scorecard refused is not carried."""
    html = signed_in.get(CABINET, {"status": "red"}).content.decode()
    links = re.findall(r'href="(/scorecards/cabinet-scorecard/2020-09/measures/[^"/]+/(?:\?[^"]*)?)"', html)
    assert links and all(link.endswith("?status=RED") for link in links), links
    measure = signed_in.get(links[0]).content.decode()
    assert f'href="{CABINET}?status=RED">Return to scorecard</a>' in measure
    assert re.search(r'href="[^"]+/measures/[^"/]+/\?status=RED" rel="next">Next: <span class="number">', measure)
    refused = signed_in.get(CABINET, {"status": "purple"}).content.decode()
    assert "is not a status" in refused and "?status=" not in refused.split("scorecard-caption")[1]


def test_each_chart_on_the_measure_page_downloads_its_figures_as_csv(demo, signed_in):
    """As Power BI users take figures away: the year's chart and the XmR chart each as CSV, in full
    precision, the same periods as their tables; an unknown chart or range says so."""
    import csv
    import io

    address = "/scorecards/cabinet-scorecard/2020-09/measures/CS09/"
    page = signed_in.get(address).content.decode()
    assert 'href="/scorecards/cabinet-scorecard/2020-09/measures/CS09/figures.csv">Download the figures as CSV' in page
    assert 'data-download-chart="measure-chart" data-format="png"' in page  # shown by the script once drawn
    year = signed_in.get(address + "figures.csv")
    assert year["Content-Disposition"] == 'attachment; filename="CS09-2020-09-this-year.csv"'
    rows = list(csv.DictReader(io.StringIO(year.content.decode("utf-8-sig"))))
    assert rows[0].keys() >= {"period", "reported", "recalculated"}
    august = next(r for r in rows if r["period"] == "2020-08")
    assert (august["reported"], august["recalculated"]) == ("97", "99")  # as the table: 97, recalculated 99
    xmr = signed_in.get(address + "figures.csv", {"chart": "xmr", "range": "all"})
    assert xmr.status_code == 200 and xmr.content.decode("utf-8-sig").startswith("period,figure,mean,lower_limit")
    assert signed_in.get(address + "figures.csv", {"chart": "pie"}).status_code == 404
    assert signed_in.get(address + "figures.csv", {"range": "forever"}).status_code == 404


def test_an_assurance_that_seems_to_contradict_the_status_is_explained_on_the_row_and_the_measure_page(demo, signed_in):
    """The example history's EX01 is GREEN this month while its XmR assurance fails: both the scorecard
    row and the measure page say why in one sentence; a row where they agree says nothing."""
    why = "GREEN because this period's figure meets the target; the assurance fails because"
    grid = text(signed_in.get("/scorecards/example-history/2024-03/"))
    assert grid.count(why) == 1
    assert why in text(signed_in.get("/scorecards/example-history/2024-03/measures/EX01/"))
    assert "the target lies within the figures' usual range" in text(
        signed_in.get("/scorecards/example-history/2024-03/measures/EX07/")
    )
    assert "GREEN because" not in text(signed_in.get("/scorecards/example-history/2024-03/measures/EX06/"))


def test_a_chart_of_a_measure_with_no_target_says_so_in_words(demo, signed_in):
    """CS15 is judged on its direction of travel for want of a target: its chart's summary says there is
    none; CS04's names its target."""
    page = text(signed_in.get(CABINET + "measures/CS15/"))
    assert "There is no target: the chart shows the figures alone." in page
    assert "against a target of DoT Only" not in page  # what it said before
    assert "against a target of 560" in text(signed_in.get(CABINET + "measures/CS04/"))


def test_an_officer_is_offered_to_recalculate_the_limits_after_a_sustained_shift(people, client, monkeypatch):
    """EX01's figures have stayed above the mean for the 11 months since May 2023. The product asks for 15
    (enough for new limits); with 7 asked for here, the officer (not the councillor) is told so and may
    recalculate the limits from there with a reason; the mark is kept and audited, and the chart is worked
    out again, so the offer goes."""
    from indicators import spc_report
    from indicators.models import AuditEvent, DataVersion, ScorecardPeriod, SpcMark

    assert (
        spc_report.sustained_shift(queries_row("example-history", "EX01").spc.points) is None
    )  # 11 months is not yet long enough by default
    monkeypatch.setattr(spc_report, "SHIFT_LONG_ENOUGH", 7)

    page_address = "/scorecards/example-history/2024-03/measures/EX01/"
    action = page_address + "recalculate/"
    client.force_login(people["officer"])
    assert "For officers: a sustained shift" not in text(client.get(page_address))  # published: as it was
    refused = text(client.post(action, {"start": "2023-05", "reason": "New service"}, follow=True))
    assert "This month is published, so its chart stays as published" in refused
    # March 2024 as a draft month still being worked on
    ScorecardPeriod.objects.filter(scorecard__slug="example-history", period__code="2024-03").update(published_at=None)
    DataVersion.bump(words=True)  # update() sends no signal; the publishing steps bump it themselves
    client.force_login(people["councillor"])
    assert "sustained shift" not in text(client.get(page_address))
    client.force_login(people["officer"])
    page = text(client.get(page_address))
    assert "For officers: a sustained shift since May 2023" in page
    marks = SpcMark.objects.count()  # the demo's own marks
    refused = text(client.post(action, {"start": "2023-05", "reason": " "}, follow=True))
    assert "Say why the limits are recalculated" in refused and SpcMark.objects.count() == marks
    stale = text(client.post(action, {"start": "2023-04", "reason": "New service"}, follow=True))
    assert "The chart has changed since the page was shown" in stale and SpcMark.objects.count() == marks
    done = text(client.post(action, {"start": "2023-05", "reason": "New discharge service"}, follow=True))
    assert "The limits of EX01 are recalculated from May 2023." in done
    assert SpcMark.objects.count() == marks + 1
    mark = SpcMark.objects.get(measure__code="EX01", period__code="2023-05")
    assert (mark.measure.code, mark.period.code, mark.kind, mark.set_by) == (
        "EX01",
        "2023-05",
        SpcMark.Kind.RECALCULATE,
        people["officer"],
    )
    assert AuditEvent.objects.filter(summary__contains="EX01: SPC mark at May 23").exists()
    after = text(client.get(page_address))
    assert "For officers: a sustained shift" not in after, after[after.find("sustained shift") - 300 :][:600]


def queries_row(slug: str, code: str):
    from scorecard import queries

    reading = queries.reading(slug, drafts=True)
    return queries.whole_row(queries.report_for_reading(reading, reading.periods[0]), code)
