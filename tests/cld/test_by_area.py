"""Client-level figures by area of residence: a postcode lookup checked as any file, each person's postcode
replaced by its ward on arrival and never kept, the measures worked out for each ward (adding up to the
council's), and the linked measures' figures by ward kept as figures by area."""

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from cld import arrival, by_area, catalogue, example, lookup, measures, quarters, service
from cld.models import PostcodeLookup, QuarterFigure, Submission
from imports import services
from imports.models import Upload
from indicators.models import AreaFigure, DataPoint
from indicators.problems import FileError

from .files import community, csv_file
from .test_catalogue import direct_payments
from .test_submissions import submission

pytestmark = pytest.mark.django_db
KEY = b"k" * 40
WARDS = {"E05000001": "Ash", "E05000002": "Beech", "E05000003": "Cedar"}


@pytest.fixture(autouse=True)
def key(settings):
    settings.CLD_PSEUDONYM_KEY = "a-secret-of-forty-characters-for-tests-00"


def square(x: int) -> dict:
    return {"type": "Polygon", "coordinates": [[[x, 52], [x, 53], [x + 1, 53], [x + 1, 52], [x, 52]]]}


@pytest.fixture
def wards(db):
    """Three square wards, loaded as a council's boundary file is."""
    collection = {
        "type": "FeatureCollection",
        "area_type": "ward",
        "area_type_plural": "wards",
        "release": "Test wards 2022",
        "vintage": "December 2022",
        "valid_from": "2022-05-05",
        "source": "Made up for a test",
        "attribution": ["Made up for a test"],
        "features": [
            {"type": "Feature", "properties": {"code": code, "name": name}, "geometry": square(i)}
            for i, (code, name) in enumerate(WARDS.items())
        ],
    }
    upload = services.take_file(json.dumps(collection).encode(), "wards.geojson", kind=Upload.Kind.BOUNDARIES)
    assert upload.state == Upload.State.COMMITTED, upload.message


def lookup_file(*rows: str, heading: str = "pcds,lad22cd,wd22cd") -> bytes:
    return "\n".join([heading, *rows]).encode()


# three postcodes in Ash, one in Beech, one in a neighbouring council's ward; Cedar has none
ONS_ROWS = (
    "B1 1AA,E08000025,E05000001",
    "B1 1AB,E08000025,E05000001",
    "b1  1ad,E08000025,E05000001",
    "B2 2AA,E08000025,E05000002",
    "B9 9ZZ,E08000031,E05009999",
    "B3 3AA,E08000025,",
)


def keep_lookup(data: bytes = lookup_file(*ONS_ROWS)) -> Upload:
    upload = services.take_file(data, "postcodes.csv", kind=Upload.Kind.POSTCODES)
    assert upload.state == Upload.State.COMMITTED, (upload.message, upload.errors)
    return upload


def read(path: Path, tmp_path: Path) -> lookup.Lookup:
    return lookup.read_lookup(path, path.name, tmp_path / "out")


def test_a_lookup_is_read_from_ons_headings_picking_the_column_of_loaded_wards(wards, tmp_path):
    path = tmp_path / "nspl.csv"
    path.write_bytes(lookup_file(*ONS_ROWS))
    found = read(path, tmp_path)
    assert (found.column, found.release_name, found.area_type_name) == ("wd22cd", "Test wards 2022", "ward")
    assert (found.postcodes, found.outside, found.no_area, found.areas_named, found.areas_in_release) == (5, 1, 1, 2, 3)
    kept = arrival.connect().execute(f"SELECT * FROM read_parquet('{found.path}') ORDER BY 1").fetchall()
    assert kept == [
        ("B11AA", "E05000001"),
        ("B11AB", "E05000001"),
        ("B11AD", "E05000001"),
        ("B22AA", "E05000002"),
        ("B99ZZ", "outside"),
    ]


@pytest.mark.parametrize(
    "data, message",
    [
        (b"postcode_x,wd22cd\nB1 1AA,E05000001", "line 1: there is no postcode column"),
        (b"postcode,ward name\nB1 1AA,Ash", "line 1: there is no column of area codes"),
        (b"postcode,area_code\nB1 1AA,E05123456", "none of the codes in 'area_code' is an area whose boundaries"),
        (b"postcode,area_code\nB1 1AA,E05000001\nNOT A CODE,E05000001", "row 3, postcode: 'NOT A CODE' is not a"),
        (b"postcode,area_code\nB1 1AA,E05000001\n,E05000001", "row 3, postcode: the postcode is empty"),
        (b"postcode,area_code\nB1 1AA,E05000001,extra,more", "the lookup cannot be read as CSV"),
        (
            b"postcode,area_code\nB1 1AA,E05000001\nB1 1AA,E05000002",
            "row 2, postcode: B1 1AA is placed in two areas, here and in row 3",
        ),
    ],
)
def test_a_lookup_that_cannot_be_used_is_refused_saying_where_and_nothing_is_kept(wards, data, message):
    upload = services.take_file(data, "postcodes.csv", kind=Upload.Kind.POSTCODES)
    assert upload.state == Upload.State.REFUSED
    assert message in upload.message + " ".join(f"{e['where']}: {e['message']}" for e in upload.errors)
    assert not PostcodeLookup.objects.exists()


def test_the_lookup_is_kept_on_confirming_and_the_preview_says_what_it_places(wards, settings):
    upload = services.take_file(lookup_file(*ONS_ROWS), "postcodes.csv", kind=Upload.Kind.POSTCODES, dry_run=True)
    assert upload.state == Upload.State.CANCELLED and not PostcodeLookup.objects.exists()
    assert not list(Path(settings.MEDIA_ROOT).glob("cld/lookups/*.parquet"))  # what the check staged is gone
    assert "5 postcodes placed in 2 of the 3 wards of Test wards 2022, read from the column 'wd22cd'" in upload.message
    assert "1 are outside the council's wards" in upload.message and "1 of the wards have no postcode" in upload.message
    assert "upload them again" in upload.message  # submissions already kept were read without postcodes
    keep_lookup()
    assert PostcodeLookup.objects.in_use().postcodes == 5
    again = services.take_file(lookup_file(*ONS_ROWS), "postcodes.csv", kind=Upload.Kind.POSTCODES)
    assert again.state == Upload.State.NO_CHANGES


def test_on_arrival_each_postcode_becomes_its_ward_and_is_not_kept(wards, tmp_path):
    keep_lookup()
    rows = [
        community("1", **{"Postcode": "B1 1AA"}),
        community("2", **{"Postcode": "b11ab"}),  # matched without regard to case or spaces
        community("3", **{"Postcode": "B9 9ZZ"}),  # a neighbouring council's
        community("4", **{"Postcode": "ZZ99 3VZ"}),  # no fixed abode: in no lookup
        community("5", **{"Postcode": ""}),
    ]
    arrived = arrival.read_file(csv_file(rows), "q4.csv", KEY, Path(PostcodeLookup.objects.get().lookup_file.path))
    frame = arrived.frame()
    assert "postcode" not in frame.columns
    assert list(frame["area"].fillna("")) == ["E05000001", "E05000001", "outside", "", ""]
    assert dict(arrived.quality.fields["Postcode"]) == {"valid": 3, "invalid": 1, "blank": 1}
    without = arrival.read_file(csv_file(rows), "q4.csv", KEY)
    assert without.frame()["area"].isna().all() and "Postcode" not in without.quality.fields


def test_a_person_lives_where_their_latest_event_begun_by_the_periods_end_was_recorded(wards, tmp_path):
    keep_lookup()
    moved = [
        community("1", "2024-01-01", **{"Postcode": "B1 1AA"}),
        community("1", "2024-08-01", end="2024-09-01", **{"Postcode": "B2 2AA", "Service Component": "Day care"}),
        community("2", "2024-01-01", **{"Postcode": ""}),
    ]
    path = Path(PostcodeLookup.objects.get().lookup_file.path)
    from cld.service import joined

    history = joined([arrival.read_file(csv_file(moved), "q4.csv", KEY, path)])
    try:
        where = {p[:6]: a for p, a in by_area.residence(history, dt.date(2025, 3, 31)).items()}
        early = by_area.residence(history, dt.date(2024, 6, 30))
    finally:
        history.close()
    assert sorted(where.values()) == ["E05000002", "not known"]
    assert sorted(early.values()) == ["E05000001", "not known"]


def test_the_wards_add_up_to_the_council_and_a_linked_measure_keeps_them_as_figures_by_area(wards, tmp_path):
    keep_lookup()
    direct_payments()
    places = ["B1 1AA"] * 7 + ["B2 2AA"] * 3 + ["B9 9ZZ"] * 2 + [""] * 2
    rows = [
        community(str(n), delivery="Direct payment" if n % 2 else "", **{"Postcode": postcode})
        for n, postcode in enumerate(places)
    ]
    call_command("import_cld", str(submission(tmp_path, "q4.csv", rows)))
    assert Submission.objects.get().lookup == PostcodeLookup.objects.get()
    figures = QuarterFigure.objects.filter(code="3D2A", group="Total", quarter_end=dt.date(2025, 3, 31))
    council = figures.get(area="")
    by_ward = {f.area: (f.numerator, f.denominator) for f in figures.exclude(area="")}
    assert by_ward == {"E05000001": (3, 7), "E05000002": (2, 3), "outside": (1, 2), "not known": (1, 2)}
    assert (council.numerator, council.denominator) == (7, 14)
    assert tuple(map(sum, zip(*by_ward.values(), strict=True))) == (7, 14)  # every person in one area
    kept = {
        f.area.name: (int(f.numerator), int(f.denominator))
        for f in AreaFigure.objects.filter(measure__code="DP").select_related("area")
    }
    assert kept == {"Ash": (3, 7), "Beech": (2, 3), "Outside the council": (1, 2), "Not known": (1, 2)}
    assert DataPoint.objects.get(measure__code="DP").numerator == 7  # the council's own, as before


def test_the_councils_figures_from_grouped_rows_are_those_from_each_persons_row(tmp_path):
    """`every` counts each measure's rows grouped in DuckDB; the figures by area and the people pages count
    one row a person. Over a made-up council's files, at every quarter end they cover, both give the same
    figures, and the people behind each figure add up to it."""
    files = example.submissions(tmp_path / "files", 400, 6, dt.date(2023, 6, 30))
    history = service.joined([arrival.read_path(path, path.name, KEY, tmp_path) for path in files])
    population = {"18 to 64": 250_000, "65 and above": 60_000}

    def counts(figures):
        return [(f.code, f.group, f.numerator, f.denominator, f.value, f.left_out) for f in figures]

    try:
        for end in (dt.date(2024, 3, 31), dt.date(2024, 6, 30), dt.date(2024, 9, 30)):
            start = quarters.year_to(end)
            grouped = measures.every(history, start, end, population)
            assert grouped and all(f.people == [] and f.cohort == [] for f in grouped)
            council, _areas = by_area.council_and_areas(history, start, end, population)
            assert counts(grouped) == counts(council), end
            for figure in grouped:
                (one,) = [
                    f for f in measures.of_code(history, figure.code, start, end, population) if f.group == figure.group
                ]
                assert counts([one]) == counts([figure]), (end, figure.code, figure.group)
                named = Counter(counted for _person, counted, _note in one.cohort)
                if figure.per == 100:  # a share: its people are its numerator and the rest of its denominator
                    assert named["numerator"] == figure.numerator, (figure.code, figure.group)
                    assert named["numerator"] + named["denominator"] == figure.denominator
    finally:
        history.close()


def test_an_officer_reads_a_figure_by_area_of_residence_whole(wards, tmp_path, client, officer):
    import re

    from django.urls import reverse

    keep_lookup()
    places = ["B1 1AA"] * 7 + ["B2 2AA"] * 3 + [""] * 2
    rows = [
        community(str(n), delivery="Direct payment" if n % 2 else "", **{"Postcode": postcode})
        for n, postcode in enumerate(places)
    ]
    call_command("import_cld", str(submission(tmp_path, "q4.csv", rows)))
    client.force_login(officer)
    people = client.get(reverse("cld:people", args=["2025-03-31", "3D2A", "Total"])).content.decode()
    address = reverse("cld:areas", args=["2025-03-31", "3D2A", "Total"])
    assert f'href="{address}"' in people
    page = " ".join(client.get(address).content.decode().split())
    found = re.findall(
        r'<th scope="row">([A-Za-z ]+)(?:<span class="hint">\w+</span>)?</th> <td class="num">(\d+)</td>', page
    )
    assert found == [("Ash", "3"), ("Beech", "2"), ("Not known", "1")]  # 3 of 7 shown whole to an officer
    missing = client.get(reverse("cld:areas", args=["2025-03-31", "2B", "Total"]))
    assert missing.status_code == 404
    not_a_day = client.get(reverse("cld:areas", args=["2025-13-31", "3D2A", "Total"]))
    assert not_a_day.status_code == 404 and "write it as 2025-03-31" in not_a_day.content.decode()


def council_ward_and_not_known(quarter_end: dt.date) -> list[QuarterFigure]:
    """3D2A for the quarter: 30 of 90 for the council, for ward E05000001 and for "not known"."""
    return [
        QuarterFigure(
            quarter_end=quarter_end,
            code="3D2A",
            group="Total",
            area=area,
            numerator=30,
            denominator=90,
            per=100,
            worked_at=dt.datetime.combine(quarter_end, dt.time(), tzinfo=dt.UTC),
        )
        for area in ("", "E05000001", "not known")
    ]


def test_figures_by_area_are_not_written_for_boundaries_not_in_force_in_the_quarter(wards):
    figures = council_ward_and_not_known(dt.date(2021, 3, 31))
    written = catalogue.rows(figures, [direct_payments()])
    assert written == [["DP", "2021-03-31", "", "30", "90", "Worked out from client-level data to 31 March 2021"]]


def test_boundaries_are_judged_in_force_on_each_measures_own_period(wards):
    """Wards that ended in February are in force in the quarter to March, not in the month of March: a
    quarterly measure gets the figures by ward, a monthly one (given the quarter's last month) does not, as
    the extract itself would judge them."""
    from indicators.models import BoundaryRelease, Measure

    BoundaryRelease.objects.update(valid_to=dt.date(2025, 2, 14))
    figures = council_ward_and_not_known(dt.date(2025, 3, 31))
    quarterly, monthly = direct_payments(), direct_payments(code="DP-MONTH", frequency=Measure.Frequency.MONTHLY)
    written = {(row[0], row[2]) for row in catalogue.rows(figures, [quarterly, monthly])}
    assert written == {("DP", ""), ("DP", "E05000001"), ("DP", "Not known"), ("DP-MONTH", "")}


def test_no_postcode_is_kept_with_anyone_only_the_lookup_holds_postcodes(wards, tmp_path, settings):
    keep_lookup()
    rows = [community("LOCAL-7", **{"Postcode": "B1 1AD", "NHS Number": "943 476 5919"})]
    call_command("import_cld", str(submission(tmp_path, "q4.csv", rows)))
    lookups = {Path(p.lookup_file.path) for p in PostcodeLookup.objects.all()}
    upload_files = {Path(u.file.path) for u in Upload.objects.filter(kind=Upload.Kind.POSTCODES) if u.file}
    files = b"".join(
        p.read_bytes() for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file() and p not in lookups | upload_files
    )
    held = "\n".join(repr(values) for model in apps.get_models() for values in model.objects.values_list())
    for text in ("B1 1AD", "B11AD", "LOCAL-7", "9434765919"):
        assert text not in held and text.encode() not in files, text
    assert Submission.objects.get().events == 1


def test_a_lookup_is_refused_before_any_boundaries_are_loaded(db, tmp_path):
    path = tmp_path / "postcodes.csv"
    path.write_bytes(lookup_file(*ONS_ROWS))
    with pytest.raises(FileError, match="Load the boundaries of the wards"):
        read(path, tmp_path)


def test_an_officer_loads_a_lookup_from_the_client_level_page_and_the_page_says_what_it_does(
    wards, client, officer, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(officer)
    before = " ".join(client.get(reverse("cld:index")).content.decode().split())
    assert "No postcode lookup is loaded, so postcodes are not read" in before
    wrong = client.post(reverse("cld:postcodes"), {"lookup": SimpleUploadedFile("lookup.xlsx", b"PK")})
    assert wrong.status_code == 400 and "A postcode lookup is a .csv file" in wrong.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cld:postcodes"), {"lookup": SimpleUploadedFile("postcodes.csv", lookup_file(*ONS_ROWS))}
        )
    upload = Upload.objects.get(kind=Upload.Kind.POSTCODES)
    assert response["Location"] == reverse("imports:detail", args=[upload.pk])
    page = " ".join(client.get(response["Location"]).content.decode().split())
    assert "What the lookup places" in page and "5, in 2 of the 3 wards" in page and "Confirm" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:confirm", args=[upload.pk]))
    after = " ".join(client.get(reverse("cld:index")).content.decode().split())
    assert "Each person's postcode is replaced by the code of their ward (Test wards 2022)" in after
