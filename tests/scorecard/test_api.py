"""The read API, against the demo scorecards: the figures the seeds show."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ..factories import scorecard_with_measures


def measures(response):
    return {m["code"]: m for s in response.json()["sections"] for m in s["measures"]}


@pytest.fixture
def cabinet(demo, signed_in):
    response = signed_in.get("/api/scorecards/cabinet-scorecard/2020-09/")
    assert response.status_code == 200
    return response


@pytest.fixture
def monthly(demo, signed_in):
    response = signed_in.get("/api/scorecards/monthly-asc-dashboard/2024-09/")
    assert response.status_code == 200
    return response


def test_3d_part_2a_september_2024(monthly):
    m = measures(monthly)["3D part 2a"]
    assert m["this_period"]["value_display"] == "22.45%"
    assert (m["this_period"]["numerator"], m["this_period"]["denominator"]) == ("654", "2913")
    assert m["status"]["status"] == "RED"
    assert m["trend"] == {"direction": "Down", "arrow": "\u25bc"}
    assert m["target"]["display"] == "Minimum 23% / Stretch 24%"
    assert (m["benchmark"]["england_average"], m["benchmark"]["regional_average"]) == ("22.9", "24.6")


def test_monthly_grid_values_and_arrows(monthly):
    got = {code: (m["this_period"]["value_display"], m["trend"]["arrow"]) for code, m in measures(monthly).items()}
    assert got["2E"] == ("87.11%", "\u25bc")
    assert got["2B"] == ("4.9", "\u25bc")
    assert got["2C"] == ("244.6", "\u25b2")
    assert got["FD2"] == ("1,210", "\u25bc")
    assert got["R2"] == ("5.8", "\u25b2")
    assert len(got) == 41


def test_cumulative_rate_is_judged_on_its_year_end_forecast(monthly):
    m = measures(monthly)["2C"]
    assert m["status"]["judged_on"] == "forecast"
    assert m["year_end_forecast_display"] == "489.1"  # 244.6 at six months
    assert m["status"]["status"] == "RED"  # forecast above the 315 minimum


CABINET = {
    # number: (status, target, last, last period, this, this period, direction of travel)
    "1": ("N/A", "7.95", "", "Aug 20", "", "Sep 20", None),
    "2": ("GREEN", "75%", "74.8%", "Q4 2019/20", "75.9%", "Q1 2020/21", "Up (Green) 1.1 pp"),
    "3": ("RED", "85%", "73.6%", "Aug 20", "73.6%", "Sep 20", "Static (Amber) 0 pp"),
    "4": ("RED", "560", "565.6", "Q4 2019/20", "602.9", "Q1 2020/21", "Up (Red) 6.6%"),
    "5": ("N/A", "70%", "", "Q1 2020/21", "", "Q2 2020/21", None),
    "6": ("GREEN", "85%", "95%", "Aug 20", "92%", "Sep 20", "Down (Red) 3 pp"),
    "7": ("GREEN", "35% (EoY 35%)", "37.5%", "Aug 20", "37.5%", "Sep 20", "Static (Amber) 0 pp"),
    "8": ("GREEN", "DoT Only", "70.0%", "Aug 20", "70.1%", "Sep 20", "Up (Green) 0.1 pp"),
    "9": ("RED", "140", "97", "Aug 20", "101", "Sep 20", "Up (Green) 4.1%"),
    "10": ("GREEN", "N/A", "14", "Aug 20", "19", "Sep 20", "Up (Red) 35.7%"),
    "11": ("GREEN", "N/A", "14.9%", "Aug 20", "17.3%", "Sep 20", "Up (Red) 2.4 pp"),
    "12": ("GREEN", "DoT Only", "9", "Q1 2020/21", "10", "Q2 2020/21", "Up (Green) 11.1%"),
    "13": ("GREEN", "DoT Only", "4.0%", "2017/18", "4.0%", "2018/19", "Static (Amber) 0 pp"),
    "14": ("RED", "DoT Only", "46.5%", "2017/18", "44.0%", "2018/19", "Down (Red) 2.5 pp"),
    "15": ("RED", "DoT Only", "28.3%", "2016/17", "25.1%", "2018/19", "Down (Red) 3.2 pp"),
}


def test_cabinet_scorecard_reads_as_seed_001(cabinet):
    got = {}
    for m in measures(cabinet).values():
        dot = m["direction_of_travel"]
        got[m["number"]] = (
            m["status"]["status"],
            m["target"]["display"],
            m["last_period"]["value_display"],
            m["last_period"]["period_label"],
            m["this_period"]["value_display"],
            m["this_period"]["period_label"],
            dot["display"] if dot else None,
        )
    assert got == CABINET


def test_cabinet_summary_counts(cabinet):
    summary = cabinet.json()["summary"]
    by_status = {
        s["status"]: (s["count"], [(p["set_by"], p["count"]) for p in s["parts"]]) for s in summary.pop("by_status")
    }
    assert by_status == {
        "GREEN": (8, [("target", 3), ("judgement", 2), ("improving", 2), ("steady", 1)]),
        "AMBER": (0, []),
        "RED": (5, [("target", 3), ("worsening", 2)]),
        "N/A": (2, [("target", 2)]),
    }
    assert summary == {
        "status": {
            "met_or_exceeded_target": 8,
            "met_without_a_target": 5,
            "within_tolerance": 0,
            "missed_target": 5,
            "no_judgement": 2,
        },
        "direction_of_travel": {
            "improved": 4,
            "no_significant_change": 3,
            "deteriorated": 6,
            "not_compared": 2,
            "compared_with": "auto",
            "words": ["improved", "no significant change", "deteriorated"],
        },
        "measures": 15,
    }


@pytest.mark.parametrize(
    "code, recalculated",
    [
        ("CS06", "92%"),
        ("CS07", None),
        ("CS08", "69.9%"),
        ("CS09", "99"),
        ("CS10", "15"),
        ("CS11", "11.9%"),
        ("CS03", None),
    ],
)
def test_recalculated_last_month(cabinet, code, recalculated):
    got = measures(cabinet)[code]["last_period_recalculated"]
    assert (got["value_display"] if got else None) == recalculated


def test_no_value_reasons_and_manual_status(cabinet):
    m = measures(cabinet)
    assert m["CS01"]["this_period"]["no_value_reason"].startswith("Collection suspended by NHS Digital")
    assert m["CS01"]["status"]["reason"].startswith("Collection suspended")
    assert m["CS10"]["status"]["source"] == "manual" and "judged" in m["CS10"]["status"]["reason"]


def test_quartiles_long_term_admissions(cabinet):
    q = measures(cabinet)["CS04"]["quartile"]
    assert q["current"] == "3rd"
    assert (q["to_next"]["people_display"], q["to_top"]["people_display"]) == ("40 admissions", "212 admissions")
    assert [(r["label"], r["score"], r["difference"] and r["difference"]["people"]) for r in q["table"]] == [
        ("Worst", "1417.4", 1205),
        ("3rd", "682.2", 117),
        ("This council", "602.9", None),
        ("2nd", "575.6", -40),
        ("1st", "459.9", -212),
        ("Best", "212.4", -578),
    ]


def test_quartiles_carers_and_external_figures(cabinet):
    m = measures(cabinet)
    carers = m["CS15"]["quartile"]
    assert (carers["current"], carers["to_next"]["people"], carers["to_top"]["people"]) == ("4th", 21, 317)
    assert (carers["to_next"]["figure_display"], carers["to_top"]["figure_display"]) == ("+0.7", "+10.7")
    assert m["CS07"]["quartile"]["current"] == "1st" and m["CS07"]["quartile"]["to_next"] is None
    mh = m["CS13"]["quartile"]
    assert mh["current"] == "4th" and mh["to_next"]["people"] is None
    assert "no numerator or denominator" in mh["people_reason"]
    assert "2018/19 ASCOF" in m["CS13"]["benchmark"]["historical_warning"]


def test_published_commentary_is_included(cabinet):
    commentary = measures(cabinet)["CS09"]["commentary"]
    assert "101 people" in commentary["data"] and commentary["author"] == "Shared Lives Service Manager"


def test_the_august_scorecard_shows_what_august_reported(demo, signed_in):
    m = measures(signed_in.get("/api/scorecards/cabinet-scorecard/2020-08/"))
    assert m["CS09"]["this_period"]["value_display"] == "97"
    assert m["CS02"]["this_period"]["period_label"] == "Q4 2019/20"


def test_scorecard_list_links_each_period(demo, signed_in):
    data = signed_in.get("/api/scorecards/").json()["scorecards"]
    cabinet = next(s for s in data if s["slug"] == "cabinet-scorecard")
    assert [p["period"] for p in cabinet["periods"]] == ["2020-09", "2020-08"]
    assert cabinet["periods"][0]["url"].endswith("/api/scorecards/cabinet-scorecard/2020-09/")
    monthly = next(s for s in data if s["slug"] == "monthly-asc-dashboard")
    assert [p["period"] for p in monthly["periods"]] == ["2024-09", "2024-08", "2024-07"]


@pytest.mark.parametrize(
    "url, status, message",
    [
        ("/api/scorecards/nope/2020-09/", 404, "There is no scorecard 'nope'"),
        ("/api/scorecards/cabinet-scorecard/soon/", 400, "Period: 'soon' is not a period"),
        ("/api/scorecards/cabinet-scorecard/2031-01/", 404, "has no figures for January 2031"),
        # a month the other demo scorecard has figures for, but this one does not
        ("/api/scorecards/cabinet-scorecard/2024-09/", 404, "has no figures for September 2024"),
        ("/api/scorecards/cabinet-scorecard/2020-13/", 400, "no month 13"),
    ],
)
def test_bad_urls_get_clear_json_errors(demo, signed_in, url, status, message):
    response = signed_in.get(url)
    assert response.status_code == status and message in response.json()["error"]


@pytest.mark.parametrize("url", ["/api/scorecards/", "/api/scorecards/cabinet-scorecard/2020-09/", "/"])
def test_everything_needs_a_log_in(demo, client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_query_count_does_not_grow_with_the_number_of_measures(signed_in):
    counts = {}
    for n in (5, 60):
        cache.clear()  # the same cache state for each count (permissions are read afresh)
        scorecard = scorecard_with_measures(n)
        with CaptureQueriesContext(connection) as queries:
            response = signed_in.get(f"/api/scorecards/{scorecard.slug}/2024-09/")
        assert response.status_code == 200 and len(measures(response)) == n
        counts[n] = len(queries)
    assert counts[5] == counts[60], counts


def test_query_count_is_the_same_for_5_measures_over_1_year_and_40_over_10_years(signed_in):
    """Long histories (SPC over ten years) cost no more queries than a short one."""
    from indicators.periods import Period

    ten_years = tuple(Period.month(2014, 10).shifted(i).code for i in range(120))
    one_year = ten_years[-12:]
    counts = {}
    for n, months in ((5, one_year), (40, ten_years)):
        cache.clear()  # the same cache state for each count (permissions are read afresh)
        scorecard = scorecard_with_measures(n, months)
        with CaptureQueriesContext(connection) as queries:
            response = signed_in.get(f"/scorecards/{scorecard.slug}/2024-09/")
        assert response.status_code == 200
        counts[n] = len(queries)
    assert counts[5] == counts[40], counts
