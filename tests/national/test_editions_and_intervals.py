"""The two editions of ASCOF kept apart, each kind of figure given the interval it calls for, a values-only
file never hiding figures with counts, and gzipped files read within the unpacking limit."""

import gzip

import pytest
from django.test import override_settings

from imports import services as uploads
from imports.models import Upload
from national import queries

from .test_readers import H2024, HOUTCOMES

pytestmark = pytest.mark.django_db

COUNCILS = [(f"E1000000{i}", f"Council {i}") for i in range(1, 6)]


def open_data(year: str, code: str, figures: list[tuple], england: tuple | None = None) -> bytes:
    """An ASCOF open-data file for one year: figures are (numerator, denominator, outcome, margin) per council."""
    lines = [H2024 + ",Financial year"]

    def add(area, name, level, numerator, denominator, outcome, margin):
        for kind, figure in (
            ("Numerator", numerator),
            ("Denominator", denominator),
            ("Outcome", outcome),
            ("Margin Of Error", margin),
        ):
            if figure is not None:
                lines.append(f"{area},{name},{level},{area},{code},Total,{kind},{figure},{year}")

    if england:
        add("E92000001", "England", "England", *england)
    for (area, name), row in zip(COUNCILS, figures, strict=True):
        add(area, name, "Council", *row)
    return ("\n".join(lines) + "\n").encode()


def load(data: bytes, name: str = "ascof.csv") -> Upload:
    upload = uploads.take_file(data, name, kind=Upload.Kind.NATIONAL)
    assert upload.state == Upload.State.COMMITTED, (upload.message, upload.errors)
    return upload


def test_a_survey_measure_takes_its_published_margin_of_error_not_a_wilson_interval():
    # 3D1 is a weighted survey estimate: its "numerator" and "denominator" are not counts of people.
    rows = [(6000, 8000, 75.0, 4.1), (5000, 8000, 62.5, 5.0), (7000, 8000, 87.5, 3.0), (6400, 8000, 80.0, 2.5)]
    load(open_data("2018-19", "3D1", [*rows, (5600, 8000, 70.0, None)], england=(None, None, 74.0, None)))
    figures = queries.measure_year("3D1", 2018)
    first = figures.council("E10000001")
    assert (first.ci95.lower, first.ci95.upper, first.ci95.method) == (70.9, 79.1, "published margin of error")
    assert first.ci998 is None  # published at 95% only
    assert first.compared_with_england == "similar"
    assert figures.council("E10000003").compared_with_england == "better"  # 84.5 to 90.5, England 74
    assert figures.council("E10000005").ci95 is None  # no margin published: not compared
    assert "margin of error the publisher gives" in figures.no_interval_reason


def test_a_measure_published_as_outcomes_only_has_no_interval_and_says_why():
    rows = [(None, None, v, None) for v in (0.40, 0.41, 0.39, 0.42, 0.38)]
    load(open_data("2019-20", "1J", rows, england=(None, None, 0.40, None)))
    figures = queries.measure_year("1J", 2019)
    assert all(c.ci95 is None and c.compared_with_england == "not compared" for c in figures.councils)
    assert "Only the value is published" in figures.no_interval_reason


def test_the_counts_of_2014_15_are_said_to_be_rounded():
    rows = [(n, 100_000, None, None) for n in (15, 20, 25, 30, 35)]
    load(open_data("2014-15", "2A1", rows))
    assert "rounded to the nearest 5" in queries.measure_year("2A1", 2014).note
    load(open_data("2015-16", "2A1", rows), "ascof-b.csv")
    assert queries.measure_year("2A1", 2015).note == ""


def test_a_code_in_the_two_editions_is_two_measures_never_one_line():
    # 1B to 2022-23 is control over daily life (%); from 2023-24 it is the impact of services score.
    old = [(None, None, v, None) for v in (77.0, 78.0, 76.0, 79.0, 75.0)]
    new = [(None, None, v, None) for v in (0.40, 0.41, 0.39, 0.42, 0.38)]
    load(open_data("2022-23", "1B", old))
    load(open_data("2023-24", "1B", new), "ascof-new.csv")
    held = {(h.edition, h.code): h.years for h in queries.catalogue()}
    assert held == {("2014", "1B"): (2022,), ("2023", "1B"): (2023,)}
    assert queries.years_of("1B", "Total", "2023") == [2023]
    later = queries.measure_year("1B", 2023)
    assert later.measure.unit == "score" and later.measure.edition == "2023"
    assert all(c.previous_rank is None for c in later.councils)  # last year's 1B is another measure
    assert queries.measure_year("1B", 2022).measure.unit == "percentage"


def test_a_values_only_file_fills_in_years_but_never_hides_figures_with_counts():
    counted = [(n, 200, None, None) for n in (150, 160, 170, 180, 190)]
    load(open_data("2018-19", "2D", counted, england=(8000, 10000, None, None)))
    values = [HOUTCOMES]
    for area, name in COUNCILS:
        values.append(f"2018-19,{name},{area},2D,Short-term services,50,Council,Total,Outcome")
        values.append(f"2019-20,{name},{area},2D,Short-term services,60,Council,Total,Outcome")
    upload = load(("\n".join(values) + "\n").encode(), "ascof-outcomes.csv")
    assert "1 are held already from a file with counts, which stays in use for them" in upload.message
    kept = queries.measure_year("2D", 2018).council("E10000001")
    assert (kept.value, kept.ci95.method) == (75.0, "Wilson")
    assert queries.measure_year("2D", 2019).council("E10000001").value == 60  # a year only it holds


def test_a_gzipped_file_is_read_and_one_that_unpacks_too_far_is_refused():
    rows = [(n, 200, None, None) for n in (150, 160, 170, 180, 190)]
    load(gzip.compress(open_data("2018-19", "2D", rows)), "ascof-2018-19.csv.gz")
    assert queries.measure_year("2D", 2018).count == 5
    with override_settings(IMPORT_MAX_UNPACKED_BYTES=100_000):
        bomb = gzip.compress(open_data("2017-18", "2D", rows) + b"\n" * 1_000_000)
        upload = uploads.take_file(bomb, "ascof-2017-18.csv.gz", kind=Upload.Kind.NATIONAL)
    assert upload.state == Upload.State.REFUSED
    assert "unpacks to more than the" in upload.message + str(upload.errors)
    truncated = gzip.compress(open_data("2016-17", "2D", rows))[:-20]
    upload = uploads.take_file(truncated, "ascof-2016-17.csv.gz", kind=Upload.Kind.NATIONAL)
    assert upload.state == Upload.State.REFUSED


@pytest.mark.django_db
def test_a_catalogue_measure_takes_its_benchmarks_from_its_own_edition_only():
    """2A before 2023-24 is care home admissions; from 2023-24 it is the outcome of short-term services.
    A catalogue measure linked to 2A reads only the years of the edition it names."""
    from types import SimpleNamespace

    from national.links import benchmarks_for
    from national.models import Record, Release

    release = Release.objects.create(layout=Release.Layout.ASCOF_OUTCOMES, file_name="two-editions.csv")
    for year, edition in ((2021, "2014"), (2022, "2014"), (2023, "2023")):
        for i, value in enumerate((10, 20, 30, 40, 50), 1):
            Record.objects.create(
                release=release,
                edition=edition,
                measure="2A",
                year=year,
                level="council",
                area_code=f"E0800000{i}",
                area_name=f"Council {i}",
                value=value + year - 2021,
            )
    old = SimpleNamespace(id=1, national_code="2A", national_disaggregation="", national_edition="")
    new = SimpleNamespace(id=2, national_code="2A", national_disaggregation="", national_edition="2023")
    found = benchmarks_for([old, new], "E08000001", up_to=2024)
    assert sorted(b.financial_year for b in found[1]) == [2021, 2022]
    assert [b.financial_year for b in found[2]] == [2023]
