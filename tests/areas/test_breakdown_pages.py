"""A measure's breakdown by area as each reader sees it, and figures by area through the one upload path."""

import re

import pytest

from areas import drawing
from imports import services
from imports.models import Upload
from indicators.models import Area, AreaFigure, AreaParent, BoundaryRelease, DataPoint
from indicators.periods import Period

from ..helpers import text

CABINET = "/scorecards/cabinet-scorecard/2020-09/"
BREAKDOWN = CABINET + "measures/CS03/areas/"
EDGBASTON, ERDINGTON = "E14000560", "E14000561"


def area_extract(*rows, header="code,period,area,numerator,denominator,value,note") -> bytes:
    return "\n".join([header, *rows]).encode()


def take(data: bytes, month="2020-09", **options):
    return services.take_file(
        data, "by-area.csv", reporting_period=Period.month(*map(int, month.split("-"))), **options
    )


def test_every_tick_leads_to_a_breakdown_and_no_tick_stands_alone(demo, signed_in):
    page = signed_in.get(CABINET).content.decode()
    links = re.findall(r'href="(/scorecards/cabinet-scorecard/2020-09/measures/[^/]+/areas/)"', page)
    assert links == [CABINET + "measures/CS03/areas/", CABINET + "measures/CS07/areas/"]
    assert page.count('✓</span><span class="visually-hidden">Figures by area') == 2
    assert "Const." not in page and '<th scope="col">By area</th>' in page


def test_the_breakdown_compares_each_seat_with_the_council_in_fingertips_words(demo, signed_in):
    response = signed_in.get(BREAKDOWN)
    words = text(response)
    assert "Birmingham as a whole: 73.6%" in words
    assert re.search(r"\d+ of 10 Westminster constituencies (is|are) (worse|better) than Birmingham as a whole", words)
    assert "add up to Birmingham's figure" in words
    assert "Source: Office for National Statistics licensed under the Open Government Licence v.3.0" in words
    assert "Contains OS data © Crown copyright and database right 2017" in words
    found = response.context["breakdown"]()
    assert len(found.mapped) == 10 and [r.area.name for r in found.rows][-1] == "Not known"
    edgbaston = next(r for r in found.rows if r.area.code == EDGBASTON)
    assert edgbaston.ci95.lower < float(edgbaston.value) < edgbaston.ci95.upper
    assert edgbaston.ci998.lower < edgbaston.ci95.lower  # the 99.8% interval is the wider
    assert "Funnel plot" in words and "Each Westminster constituency over time" in words  # August and September


def test_the_map_colours_each_area_as_the_table_compares_it(demo, signed_in):
    response = signed_in.get(BREAKDOWN)
    found, area_map = response.context["breakdown"](), response.context["area_map"]()
    colours = {shape.name: shape.colour for shape in area_map.shapes}
    assert len(colours) == 10
    for row in found.mapped:
        assert colours[row.area.name] == drawing.COLOURS[row.compared]
    assert sum(entry.count for entry in area_map.legend) == 10
    assert len(area_map.shapes) == 10 and "<title>Birmingham, Edgbaston: " in response.content.decode()


def test_the_table_downloads_as_csv_with_no_formula_in_any_cell(demo, signed_in):
    response = signed_in.get(CABINET + "measures/CS03/areas.csv")
    lines = response.content.decode().splitlines()
    assert response["Content-Disposition"].endswith('-by-westminster-constituency.csv"')
    assert lines[0].startswith("area code,area,numerator,denominator,value,95% lower")
    assert len(lines) == 12 and lines[-1].startswith("not-known,Not known,")


def test_a_measure_without_figures_by_area_has_no_breakdown(demo, signed_in):
    response = signed_in.get(CABINET + "measures/CS09/areas/")
    assert response.status_code == 404 and "has no figures by area for September 2020" in text(response)


def test_an_extract_with_an_area_column_imports_by_area_through_the_preview(demo):
    data = area_extract(f"CS09,2020-09,{EDGBASTON},,,12,", f"CS09,2020-09,{ERDINGTON},,,14,")
    checked = take(data, dry_run=True)
    assert checked.state == Upload.State.CANCELLED
    assert "2 new or revised figures by area" in checked.message
    assert [(e["area"], e["new"], e["change"]) for e in checked.preview] == [
        ("Birmingham, Edgbaston (E14000560)", "12", "new"),
        ("Birmingham, Erdington (E14000561)", "14", "new"),
    ]
    kept = take(data)
    assert kept.state == Upload.State.COMMITTED
    assert AreaFigure.objects.filter(revision=kept.revision).count() == 2
    assert take(data).state == Upload.State.NO_CHANGES  # the same figures again change nothing


@pytest.mark.parametrize(
    "rows, where, message",
    [
        (["CS09,2020-09,E99999999,,,12,"], "C3", '"E99999999" is not an area whose boundaries are loaded'),
        ([f"CS09,2020-09,{ERDINGTON},,,13,"], "C3", "is already in row 2: give each figure once"),
        (["CS08,2020-09,Not known,,,12,"], "C3", "needs the other areas of CS08 2020-09"),
        # the July 2024 seats were not in force in September 2020
        (["CS09,2020-09,E14001092,,,12,"], "C3", "July 2024 boundaries, not in force in September 2020"),
    ],
)
def test_an_area_that_cannot_be_is_named_by_row_and_nothing_is_kept(demo, rows, where, message):
    figures, points = AreaFigure.objects.count(), DataPoint.objects.count()
    upload = take(area_extract(f"CS09,2020-09,{ERDINGTON},,,14,", *rows, "CS08,2020-09,,,,71.0,"))
    assert upload.state == Upload.State.REFUSED
    problems = [(e.get("cell", ""), e["message"]) for e in upload.errors]
    assert any(cell == where and message in words for cell, words in problems), problems
    assert (AreaFigure.objects.count(), DataPoint.objects.count()) == (figures, points)  # all or nothing


def test_areas_that_do_not_add_up_are_said_to(demo, signed_in):
    """2E in September 2024 (a draft) is 676 of 776 for the council; two seats giving 300 of 350 and 200 of
    250 leave people out, and the page says so (the July 2024 seats were in force by then)."""
    rows = ["2E,2024-09,E14001092,300,350,,", "2E,2024-09,E14001093,200,250,,"]
    assert take(area_extract(*rows), month="2024-09").state == Upload.State.COMMITTED
    words = text(signed_in.get("/scorecards/monthly-asc-dashboard/2024-09/measures/2E/areas/"))
    assert re.search(r"The areas do not add up to .*'s figure ?: together they give 500 of 600\.", words)
    assert "Westminster Parliamentary Constituencies, July 2024 boundaries" in words


def test_a_count_under_six_is_shown_only_to_officers_and_the_next_smallest_is_withheld_with_it(demo, signed_in, client):
    """Three seats give 2E for September 2024, one of them 3 people; once the month is published a
    councillor sees neither that count nor the next smallest (which with the council's figure would give
    it away), and no totals; the officer sees them all."""
    from accounts import roles
    from indicators.models import Scorecard, StoredPeriod
    from workflow import services as workflow

    from ..helpers import person

    seats = ["E14001092", "E14001093", "E14001094"]
    rows = [f"2E,2024-09,{seats[0]},3,10,,", f"2E,2024-09,{seats[1]},20,40,,", f"2E,2024-09,{seats[2]},30,50,,"]
    take(area_extract(*rows), month="2024-09")
    scorecard, month = Scorecard.objects.get(slug="monthly-asc-dashboard"), StoredPeriod.objects.get(code="2024-09")
    workflow.publish(None, scorecard, month, confirm_missing=True, check_permission=False)
    address = "/scorecards/monthly-asc-dashboard/2024-09/measures/2E/areas/"
    staff = {r.area.code: r for r in signed_in.get(address).context["breakdown"]().rows}
    assert not any(r.suppressed for r in staff.values()) and staff[seats[0]].numerator == 3
    client.force_login(person("councillor-areas", roles.COUNCILLOR))
    response = client.get(address)
    read = {r.area.code: r for r in response.context["breakdown"]().rows}
    assert [code for code, r in read.items() if r.suppressed] == seats[:2]
    assert read[seats[2]].numerator == 30
    words = text(response)
    assert "together they give" not in words and "Fewer than 6" in words and "3 of 10" not in words
    client.force_login(person("manager-areas", roles.MANAGER))  # sees the drafts, but not the small counts
    managed = {r.area.code: r for r in client.get(address).context["breakdown"]().rows}
    assert [code for code, r in managed.items() if r.suppressed] == seats[:2]
    download = client.get(address.replace("/areas/", "/areas.csv")).content.decode()
    assert f"{seats[0]},Birmingham Edgbaston,,10.00000000,Fewer than 6," in download  # no count of 3


def test_a_published_months_breakdown_is_unchanged_by_a_later_upload(demo, signed_in):
    before = {r.area.code: r.display for r in signed_in.get(BREAKDOWN).context["breakdown"]().rows}
    take(area_extract(f"CS03,2020-09,{EDGBASTON},1,917,,"))  # September 2020 is published
    after = {r.area.code: r.display for r in signed_in.get(BREAKDOWN).context["breakdown"]().rows}
    assert after == before and AreaFigure.objects.filter(numerator=1).exists()


def test_a_ward_split_between_two_seats_belongs_to_both_with_its_shares(demo):
    from pathlib import Path

    from areas.loading import keep_parents

    wards = BoundaryRelease.objects.get(name="Wards, December 2022")
    seats = BoundaryRelease.objects.get(name__startswith="Westminster Parliamentary Constituencies, 2010")
    lookup = Path(__file__).parents[2] / "demo" / "areas" / "birmingham-ward-to-constituency-2010-overlaps.csv"
    assert keep_parents(lookup.read_text(encoding="utf-8"), wards, seats) == 89
    aston = {p.parent.name: float(p.share) for p in AreaParent.objects.filter(area__code="E05011121")}
    assert set(aston) == {"Birmingham, Ladywood", "Birmingham, Perry Barr"}
    assert aston["Birmingham, Ladywood"] > aston["Birmingham, Perry Barr"] and sum(aston.values()) <= 1


def test_the_measure_page_and_the_pdf_carry_the_breakdown(demo, signed_in):
    import io

    from pypdf import PdfReader

    page = signed_in.get(CABINET + "measures/CS03/").content.decode()
    assert f'href="{BREAKDOWN}">CS03 by area: the table, map and funnel plot</a>' in page
    assert "by area: the table" not in signed_in.get(CABINET + "measures/CS09/").content.decode()
    whole = PdfReader(io.BytesIO(signed_in.get(CABINET + "scorecard.pdf").content))
    words = " ".join(p.extract_text() for p in whole.pages)
    assert words.count("By Westminster constituency") == 2  # CS03 and CS07, each on its own page
    assert "Contains OS data © Crown copyright and database right 2017" in words
    summary = PdfReader(io.BytesIO(signed_in.get(CABINET + "scorecard.pdf?summary=1").content))
    assert "By Westminster constituency" not in " ".join(p.extract_text() for p in summary.pages)


def test_the_breakdown_reads_a_fixed_number_of_queries_however_many_areas_and_periods(demo, signed_in):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    seats = [a.code for a in Area.objects.filter(release__name__contains="July 2024", kind=Area.Kind.MAPPED)]
    address = "/scorecards/monthly-asc-dashboard/2024-09/measures/2E/areas/"
    signed_in.get("/scorecards/monthly-asc-dashboard/2024-09/measures/2E/")  # templates read once
    drawing.outlines(BoundaryRelease.objects.get(name__contains="July 2024"))  # projected once per process
    take(area_extract(f"2E,2024-09,{seats[0]},60,80,,", f"2E,2024-09,{seats[1]},50,70,,"), month="2024-09")
    with CaptureQueriesContext(connection) as few:  # the first request after an upload: nothing kept for it
        assert signed_in.get(address).status_code == 200
    rows = [
        f"2E,{month},{code},{40 + i},{60 + i},," for month in ("2024-08", "2024-09") for i, code in enumerate(seats)
    ]
    take(area_extract(*rows), month="2024-09")
    with CaptureQueriesContext(connection) as many:
        response = signed_in.get(address)
    assert len(response.context["breakdown"]().mapped) == 10 and len(response.context["breakdown"]().trend_periods) == 2
    few_sql = [q["sql"][:300] for q in few.captured_queries]
    many_sql = [q["sql"][:300] for q in many.captured_queries]
    assert len(many) == len(few), "\n".join(sorted(set(many_sql) ^ set(few_sql)))
    with CaptureQueriesContext(connection) as warm:
        signed_in.get(address)
    assert len(warm) < len(many)  # a page kept for the figures version reads neither figures nor outlines
    assert not [q for q in warm.captured_queries if "areafigure" in q["sql"]]  # nor whether it has any


def test_an_areas_profile_lists_every_measure_broken_down_for_it(demo, signed_in):
    profile = f"/areas/westminster-constituency/{EDGBASTON}/"
    assert f'href="{profile}">Birmingham, Edgbaston' in signed_in.get(BREAKDOWN).content.decode()
    response = signed_in.get(profile)
    words = text(response)
    assert [(r.row.measure.code, r.period.code) for r in response.context["rows"]] == [
        ("CS03", "2020-09"),
        ("CS07", "2020-09"),
    ]
    assert "Birmingham, Edgbaston Westminster constituency E14000560" in words
    assert "this Westminster constituency no longer exists on later boundaries" in words  # the 2010 seats
    assert signed_in.get("/areas/westminster-constituency/E99999999/").status_code == 404


def test_a_wide_grid_with_an_area_column_gives_a_row_per_measure_and_area(demo):
    """The wide layout's block of rows per area: code, area, then a column per month."""
    from ..workbooks import xlsx

    grid = [
        ["Code", "Area", "Aug 20", "Sep 20"],
        ["CS09", EDGBASTON, "10", "12"],
        ["CS09", ERDINGTON, "11", "13"],
        ["CS09", "E99999999", "1", "2"],
    ]
    refused = services.take_file(xlsx({"By seat": grid}), "seats.xlsx", reporting_period=Period.month(2020, 9))
    assert refused.state == Upload.State.REFUSED
    assert [(e["cell"], e["message"][:12]) for e in refused.errors][:1] == [("B4", '"E99999999" ')]
    kept = services.take_file(xlsx({"By seat": grid[:3]}), "seats.xlsx", reporting_period=Period.month(2020, 9))
    assert kept.state == Upload.State.COMMITTED and kept.layout == "wide"
    held = AreaFigure.objects.filter(revision=kept.revision).select_related("area", "period")
    assert sorted((f.area.code, f.period.code, int(f.value)) for f in held) == [
        (EDGBASTON, "2020-08", 10),
        (EDGBASTON, "2020-09", 12),
        (ERDINGTON, "2020-08", 11),
        (ERDINGTON, "2020-09", 13),
    ]


def test_a_trend_across_a_change_of_boundaries_is_broken_with_a_note(demo, signed_in):
    """June 2024 on the 2010 seats, September 2024 on the July 2024 ones: September's breakdown is on the
    new seats only, its trend starts there, and it says why."""
    take(area_extract(f"2E,2024-06,{EDGBASTON},50,70,,", "2E,2024-09,E14001092,60,80,,"), month="2024-09")
    response = signed_in.get("/scorecards/monthly-asc-dashboard/2024-09/measures/2E/areas/")
    found = response.context["breakdown"]()
    assert {r.area.code for r in found.rows} == {"E14001092"}
    assert [p.code for p in found.trend_periods] == ["2024-09"]
    assert "Earlier figures are on other boundaries (Westminster Parliamentary Constituencies, 2010 to 2024" in text(
        response
    )


def test_a_workbook_of_percentage_cells_by_area_over_its_own_figures_changes_nothing(demo):
    """No phantom revisions by area: Edgbaston's 625 of 917 (the demo's CS03, September 2020) typed into
    Excel as =625/917 and kept as a percentage cell, the double 0.6815703380588877, is the figure held."""
    import io

    from openpyxl import Workbook

    held = AreaFigure.objects.filter(measure__code="CS03", period__code="2020-09", area__code=EDGBASTON).get()
    book = Workbook()
    sheet = book.active
    sheet.append(["Code", "Area", "Sep 20"])
    sheet.append(["CS03", EDGBASTON, float(held.numerator / held.denominator)])
    sheet["C2"].number_format = "0.00%"
    buffer = io.BytesIO()
    book.save(buffer)
    again = services.take_file(buffer.getvalue(), "seats.xlsx", reporting_period=Period.month(2020, 9), dry_run=True)
    assert again.state == Upload.State.NO_CHANGES and again.preview == [], again.message
    assert "1 figures by area are already as in this file" in again.message


def test_when_no_area_differs_the_sentence_says_so_in_the_singular(demo, signed_in):
    """2E is 676 of 776 (87.1%) for the council; two seats of 87 of 100 and 88 of 100 are similar."""
    take(area_extract("2E,2024-09,E14001092,87,100,,", "2E,2024-09,E14001093,88,100,,"), month="2024-09")
    found = signed_in.get("/scorecards/monthly-asc-dashboard/2024-09/measures/2E/areas/").context["breakdown"]()
    assert {r.compared for r in found.rows} == {"similar"}
    assert found.summary() == f"No Westminster constituency differs from {found.council_name} as a whole."


def test_client_level_figures_come_by_ward_through_the_lookup_adding_up_to_the_council(demo, signed_in, client):
    """The made-up council's people are placed in Birmingham's wards by the demo's postcode lookup; each
    linked measure's wards, 'Not known' and 'Outside the council' add up to its own figure, and a ward's
    small count is withheld from a councillor."""
    from accounts import roles

    from ..helpers import person

    address = "/scorecards/ascof-client-level/2024-25-q4/measures/CL-3D2A/areas/"
    response = signed_in.get(address)
    found = response.context["breakdown"]()
    assert len([r for r in found.rows if r.area.kind == "mapped"]) == 69
    assert {"Not known", "Outside the council"} <= {r.area.name for r in found.rows}
    assert found.adds_up is True and "add up to" in text(response)
    assert not any(r.suppressed for r in found.rows)
    client.force_login(person("councillor-wards", roles.COUNCILLOR))
    read = client.get(address).context["breakdown"]()
    small = [r for r in found.rows if r.numerator is not None and 0 < r.numerator < 6]
    assert small and all(r.suppressed for r in read.rows if r.area in {s.area for s in small})


@pytest.mark.parametrize(
    "numerator, denominator, proportion, small",
    [
        (3, 10, True, True),  # 3 people
        (0, 3, True, True),  # none of 3: tells what became of all 3
        (9, 13, True, True),  # 4 people not counted
        (30, 50, True, False),
        (0, 40, True, False),  # nobody is not a person
        (3, 250_000, False, True),  # a rate: its numerator only
        (30, 250_000, False, False),
        (None, 10, True, False),  # no count given
    ],
)
def test_an_area_figure_giving_away_1_to_5_people_is_withheld(numerator, denominator, proportion, small):
    from areas.breakdown import _small

    assert _small(AreaFigure(numerator=numerator, denominator=denominator), proportion) is small


def test_a_withheld_figure_says_why_and_hides_a_small_denominator():
    from areas.breakdown import BESIDE, withheld

    ward = Area(code="E05011118", name="Acocks Green")
    own = withheld(AreaFigure(area=ward, numerator=0, denominator=3))
    beside = withheld(AreaFigure(area=ward, numerator=9, denominator=724), True)
    assert (own.display, own.denominator, own.words) == ("Fewer than 6", None, "Not shown: fewer than 6 people")
    assert (beside.display, beside.denominator, beside.words) == ("Not shown", 724, BESIDE)
