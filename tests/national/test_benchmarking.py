"""National files through the upload path and the command, the figures worked out from them, the API,
the benchmarking page and the scorecards' national benchmarks."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from imports import services as uploads
from imports.models import Upload
from national.models import Council, Record, Release

from .test_readers import ASCOF_2024, HOFLOG

pytestmark = pytest.mark.django_db


def rows_2d(year: str, values: dict[str, float]) -> str:
    lines = [HOFLOG]
    regions = {"E1": "East Midlands", "E2": "West Midlands"}
    for code, value in values.items():
        ons = f"E100000{code[-2:]}"
        lines.append(f"{year},{ons},Council {code},LA_Raw,Counties,{regions[code[:2]]},Outcome,ASC5,{value},0,0,desc")
    return "\n".join(lines) + "\n"


FIVE = {"E1-01": 90, "E1-02": 80, "E1-03": 80, "E2-04": 70, "E2-05": 60}


def test_import_national_loads_a_release_and_the_same_file_twice_changes_nothing(tmp_path):
    path = tmp_path / "oflog.csv"
    path.write_text(rows_2d("2021-22", FIVE))
    out = io.StringIO()
    call_command("import_national", str(path), stdout=out)
    assert "Loaded 5 national records" in out.getvalue()
    assert Record.objects.count() == 5 and Council.objects.count() == 5
    call_command("import_national", str(path), stdout=out)
    assert "loaded before" in out.getvalue() and Release.objects.count() == 1


def test_a_bad_national_file_changes_nothing(tmp_path):
    path = tmp_path / "oflog.csv"
    path.write_text(rows_2d("2021-22", FIVE).replace(",80,", ",eighty,", 1))
    with pytest.raises(CommandError):
        call_command("import_national", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert not Record.objects.exists() and not Release.objects.exists()


def test_a_published_proportion_over_its_denominator_is_kept_as_published_and_said():
    """The official files hold a few (Calderdale 2014-15 1G, Male: 131.7%): the publisher's figure is kept,
    the preview names it, and it has no interval."""
    from national import queries

    bad = ASCOF_2024.replace("E10000018,1A,Total,Numerator,10\n", "E10000018,2A,Total,Numerator,30\n").replace(
        "E10000018,1A,Total,Denominator,20\n", "E10000018,2A,Total,Denominator,20\n"
    )
    upload = uploads.take_file(bad.encode(), "ascof-2024-25.csv", kind=Upload.Kind.NATIONAL)
    assert upload.state == Upload.State.COMMITTED, upload.errors
    assert "1 published figure has a numerator larger than the denominator" in upload.message
    assert "row 6, Leicestershire 2A Total 2024/25: 30 of 20" in upload.message
    council = queries.measure_year("2A", 2024).council("E10000018")
    assert council.value == 150 and council.ci95 is None


def test_a_later_file_for_the_same_year_revises_it_and_both_are_kept():
    from national import queries

    uploads.take_file(rows_2d("2021-22", FIVE).encode(), "first.csv", kind=Upload.Kind.NATIONAL)
    assert queries.measure_year("2D", 2021).council("E10000001").value == 90
    revised = {**FIVE, "E1-01": 50}
    upload = uploads.take_file(rows_2d("2021-22", revised).encode(), "second.csv", kind=Upload.Kind.NATIONAL)
    assert "it revises 1 measure-years already held" in upload.message
    figures = queries.measure_year("2D", 2021)
    assert figures.council("E10000001").value == 50 and Release.objects.count() == 2


def test_the_figures_worked_out_rank_ties_quartiles_and_movement():
    from national import queries

    uploads.take_file(rows_2d("2020-21", {**FIVE, "E1-01": 60, "E2-05": 90}).encode(), "a.csv", kind="national")
    uploads.take_file(rows_2d("2021-22", FIVE).encode(), "b.csv", kind="national")
    figures = queries.measure_year("2D", 2021)
    ranks = {c.name: (c.rank, c.of, c.quartile, c.previous_rank) for c in figures.councils}
    assert ranks["Council E1-01"] == (1, 5, 1, 5)
    assert ranks["Council E1-02"][:2] == ranks["Council E1-03"][:2] == (2, 5)  # a tie shares the best rank
    assert ranks["Council E2-05"] == (5, 5, 4, 1)
    assert (figures.cuts.lower, figures.cuts.median, figures.cuts.upper) == (70, 80, 80)
    assert figures.group_value({"E10000001", "E10000004"}) == 80  # no counts: the median


def test_the_api_answers_with_the_fields_of_benchmarking_md(signed_in):
    uploads.take_file(rows_2d("2021-22", FIVE).encode(), "b.csv", kind="national")
    listed = signed_in.get("/api/national/").json()["measures"]
    assert listed[0]["code"] == "2D" and listed[0]["years"][0]["year"] == "2021-22"
    data = signed_in.get("/api/national/2D/2021-22/").json()
    assert set(data) >= {"code", "year", "title", "polarity", "count", "england", "quartiles", "councils"}
    # beyond BENCHMARKING.md: the edition, the kind of figure and why it has (or lacks) an interval
    assert (data["edition"], data["edition_name"], data["kind"]) == ("2014", "ASCOF 2014-15 to 2022-23", "counted")
    assert "no numerators or denominators" in data["interval_note"] and data["regions"] == {}
    assert (data["polarity"], data["count"], data["quartiles"]["method"]) == ("higher", 5, "type 7 (QUARTILE.INC)")
    assert set(data["councils"][0]) == {
        "code",
        "name",
        "region",
        "value",
        "numerator",
        "denominator",
        "rank",
        "of",
        "quartile",
        "lower_ci",
        "upper_ci",
        "interval_method",
        "previous_rank",
        "lower_ci_998",
        "upper_ci_998",
        "compared_with_england",
        "compared_with_region",
    }
    assert data["councils"][0]["compared_with_england"] == "not compared"
    assert signed_in.get("/api/national/2D/2031-32/").status_code == 404
    assert signed_in.get("/api/national/2D/soon/").status_code == 400


def test_the_benchmarking_page_ranks_filters_and_sorts(signed_in):
    uploads.take_file(rows_2d("2021-22", FIVE).encode(), "b.csv", kind="national")
    page = signed_in.get("/benchmarking/2D/2021-22/?council=E10000003&region=East+Midlands&sort=name")
    text = page.content.decode()
    assert (
        page.status_code == 200 and "Council E1-03" in text and "Council E2-04" not in text.split("Every council (")[1]
    )
    assert "3 shown of 5" in text and "Your council" in text and "ranked 2 of 5" in text
    bad = signed_in.get("/benchmarking/2D/2021-22/?region=Mars&sort=shoe").content.decode()
    assert "is not a region" in bad and "cannot be sorted by" in bad
    assert signed_in.get("/benchmarking/2D/2031-32/").status_code == 404


def test_a_signed_out_reader_is_sent_to_sign_in_when_no_scorecard_is_public(client):
    response = client.get("/benchmarking/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_demo_benchmarks_come_from_the_national_data(demo, signed_in):
    """Leicestershire's annual report: 2D's last-year quartile worked out from the national file."""
    from indicators.models import Scorecard, StoredPeriod
    from scorecard import queries

    report = queries.scorecard_report(
        Scorecard.objects.get(slug="adults-and-communities"), StoredPeriod.objects.get(code="2021-11")
    )
    row = next(r for r in report.rows if r.measure.code == "AC19")
    last_year = next(b for b in row.benchmarks if b.financial_year == 2020)
    assert (last_year.england_rank, last_year.england_rank_of, last_year.council_quartile) == (49, 150, "Second")
    assert "national data" in last_year.source and row.last_year_quartile() == "Second"
    for code in ("1D", "1J", "3D1", "3D2", "2D", "ASC6", "ASC7"):
        held = signed_in.get("/api/national/").json()["measures"]
        assert any(m["code"] == code for m in held), code
    page = signed_in.get("/benchmarking/2D/2020-21/?council=E10000018").content.decode()
    assert "Leicestershire" in page and "ranked 49 of 150" in page and "Open Government Licence v3.0" in page


def test_the_demo_holds_englands_published_counts_and_their_intervals(demo, signed_in):
    """ASCOF 2018-19, 2A(2): England 59,038 admissions of people aged 65+ over a population of
    10,189,035, 579.4 per 100,000 (../shared/national/README.md), with Byar's interval."""
    from indicators.statistics import byar
    from national import queries

    figures = queries.measure_year("2A2", 2018)
    england = next(r for r in Record.objects.filter(measure="2A2", year=2018, level="england", disaggregation="Total"))
    assert (england.numerator, england.denominator) == (59_038, 10_189_035)
    assert round(figures.england, 1) == 579.4
    low, high = byar(59_038)
    assert figures.england_ci.method == "Byar's"
    assert (round(figures.england_ci.lower, 4), round(figures.england_ci.upper, 4)) == (
        round(low / 10_189_035 * 100_000, 4),
        round(high / 10_189_035 * 100_000, 4),
    )
    assert (round(figures.england_ci.lower, 1), round(figures.england_ci.upper, 1)) == (574.8, 584.1)
    birmingham = figures.council("E08000025")
    assert (birmingham.value, birmingham.numerator, birmingham.denominator) == (452.9, 670, 147_944)
    assert birmingham.compared_with_england == "best"  # lower is better; England outside the 99.8% interval
    page = signed_in.get("/benchmarking/2A2/2018-19/?council=E08000025").content.decode()
    assert "579.4" in page and "Byar" in page and "ASCOF 2014-15 to 2022-23" in page
    # six years of counted figures, each with England and an interval
    for year in (2014, 2015, 2016, 2017, 2018, 2020):
        counted = queries.measure_year("2D", year)
        assert counted.england is not None and counted.council("E08000025").ci95 is not None, year
    # the same code in the new edition is another measure, on its own page
    assert queries.measure_year("2A", 2023).measure.title.startswith("Outcome of short-term services")
    listing = signed_in.get("/benchmarking/").content.decode()
    assert "ASCOF 2023-24 onwards" in listing and "ASCOF 2014-15 to 2022-23" in listing


def test_an_ascof_file_with_england_and_regions_gives_intervals_and_comparisons():
    from national import queries

    lines = [
        "Geographical code,Geographical description,Geographical level,ONS code,ASCOF measure code,"
        "Disaggregation level,Measure type,Measure value"
    ]
    areas = [("England", "England", "England", "E92000001", 7000, 10000)] + [
        (f"E1000000{i}", f"Council {i}", "Local Authority", f"E1000000{i}", n, 100)
        for i, n in enumerate([65, 72, 80, 55, 70], start=1)
    ]
    for code, name, level, ons, numerator, denominator in areas:
        lines.append(f"{code},{name},{level},{ons},2A,Total,Numerator,{numerator}")
        lines.append(f"{code},{name},{level},{ons},2A,Total,Denominator,{denominator}")
    upload = uploads.take_file(("\n".join(lines) + "\n").encode(), "ascof-2024-25.csv", kind="national")
    assert upload.state == Upload.State.COMMITTED, upload.errors
    figures = queries.measure_year("2A", 2024)
    assert figures.england == 70.0 and figures.count == 5
    first = figures.council("E10000001")  # 65 of 100: Wilson 55.25 - 73.64 holds England's 70
    assert (round(first.ci95.lower, 2), round(first.ci95.upper, 2), first.compared_with_england) == (
        55.25,
        73.64,
        "similar",
    )
    assert figures.council("E10000003").compared_with_england == "better"  # 80 of 100: 71.1 - 86.7
    assert figures.council("E10000004").compared_with_england == "worst"  # 55 of 100: outside the 99.8% interval too


def test_a_cabinet_row_with_national_figures_links_to_every_council_and_an_empty_tick_is_gone(demo, signed_in):
    """Birmingham's Cabinet scorecard: the direct payments row leads to the national page with the council
    picked out; a measure ticked benchmarkable with nothing behind it shows no tick."""
    import re

    page = signed_in.get("/scorecards/cabinet-scorecard/2020-09/").content.decode()
    assert 'href="/benchmarking/1C2A/2020-21/?council=E08000025"' in page
    row = next(r for r in page.split("<tr>") if "/measures/CS11/" in r)  # benchmarkable, no figures held
    assert "✓" not in row and "Other councils" in page
    linked = re.findall(r'href="(/benchmarking/[^"]+)"', page)
    for address in linked:
        assert signed_in.get(address).status_code == 200, address


def test_the_councils_own_row_comes_first_with_its_neighbours_and_the_full_list_folded(signed_in):
    uploads.take_file(rows_2d("2021-22", FIVE).encode(), "b.csv", kind="national")
    page = signed_in.get("/benchmarking/2D/2021-22/?council=E10000005").content.decode()
    neighbours = page[page.index('id="neighbours-title"') : page.index('class="all-councils"')]
    # 60 is ranked 5th: 70 (4th) is within two places; the two 80s, tied 2nd, are three places up
    assert "Council E2-05" in neighbours and "Council E2-04" in neighbours and "Council E1-01" not in neighbours
    assert '<details class="all-councils">' in page  # folded
    sorted_page = signed_in.get("/benchmarking/2D/2021-22/?council=E10000005&sort=name").content.decode()
    assert '<details class="all-councils" open>' in sorted_page
    plain = signed_in.get("/benchmarking/2D/2021-22/").content.decode()
    assert 'id="neighbours-title"' not in plain and '<details class="all-councils" open>' in plain


def test_a_kept_benchmarking_page_is_kept_per_address_and_figures_version(signed_in, monkeypatch):
    """The measure-year page, its map and a council's profile are drawn once per figures version and
    address: a second reader of the same address reads only the versions, and another address, or a
    new national file, is drawn afresh."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    uploads.take_file(rows_2d("2021-22", FIVE).encode(), "b.csv", kind="national")
    from national import views

    def worked_out(*args):
        raise AssertionError("a kept page worked its figures out again")

    for address, work in (
        ("/benchmarking/2D/2021-22/?council=E10000003", "_measure_year"),
        ("/benchmarking/2D/2021-22/map/", "_council_map"),
        ("/benchmarking/council/E10000003/", "_profile"),
    ):
        first = signed_in.get(address).content.decode().split("<main")[1]
        with CaptureQueriesContext(connection) as kept, monkeypatch.context() as patch:
            patch.setattr(views, work, worked_out)
            assert signed_in.get(address).content.decode().split("<main")[1] == first
        tables = {
            q["sql"].split(" FROM ")[1].split()[0].strip('"') for q in kept.captured_queries if " FROM " in q["sql"]
        }
        reader = {"django_session", "auth_user", "auth_permission"}  # who is reading, and what they may do
        assert tables <= reader | {"indicators_dataversion", "indicators_scorecard", "national_council"}
    other = signed_in.get("/benchmarking/2D/2021-22/?council=E10000004").content.decode()
    assert "<dt>Council E2-04</dt>" in other and "<dt>Council E1-03</dt>" not in other
    changed = {**FIVE, "E1-03": 12.5}
    uploads.take_file(rows_2d("2021-22", changed).encode(), "c.csv", kind="national")
    assert "12.5" in signed_in.get("/benchmarking/2D/2021-22/?council=E10000003").content.decode()
    long = "/benchmarking/2D/2021-22/?council=E10000003&q=" + "x" * 600  # longer than any form makes: not kept
    assert signed_in.get(long).status_code == 200
    with monkeypatch.context() as patch, pytest.raises(AssertionError, match="worked its figures out again"):
        patch.setattr(views, "_measure_year", worked_out)
        signed_in.get(long)  # drawn again, not read from the cache
