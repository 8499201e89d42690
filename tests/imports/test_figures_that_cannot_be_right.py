"""Figures that cannot be right are refused or warned of by name, never passed silently: a fraction of a
count, a year-to-date figure that falls, a wide grid's notes column."""

import io

import pytest
from openpyxl import Workbook

from imports import services
from imports.models import Upload
from indicators import periods
from indicators.models import DataPoint, Measure

from ..factories import MeasureFactory
from ..helpers import EXTRACT_HEADER


@pytest.fixture
def measures(db):
    MeasureFactory(code="SL1", unit=Measure.Unit.COUNT, multiplier=1, decimal_places=0, people_noun="people")
    MeasureFactory(code="R2", unit=Measure.Unit.AVERAGE, multiplier=1, unit_label="weeks")
    MeasureFactory(code="2C", unit=Measure.Unit.RATE, multiplier=100000, accumulation=Measure.Accumulation.CUMULATIVE)
    MeasureFactory(
        code="ADM",
        unit=Measure.Unit.COUNT,
        multiplier=1,
        decimal_places=0,
        accumulation=Measure.Accumulation.CUMULATIVE,
    )
    MeasureFactory(code="PCT", accumulation=Measure.Accumulation.CUMULATIVE)  # a proportion may fall


def checked(data: bytes, name: str = "extract.csv") -> Upload:
    upload = services.receive(
        data, name, queue_check=False, reporting_period=periods.parse_period("2024-10"), source=Upload.Source.COMMAND
    )
    return services.check(upload.pk)


def warned(upload: Upload, kind: str) -> list[str]:
    return [w["message"] for w in upload.warnings if w["kind"] == kind]


def test_a_fraction_of_a_count_is_refused_naming_the_cell(measures):
    upload = checked((EXTRACT_HEADER + "SL1,2024-09,,,8.7,\nR2,2024-09,,,5.75,\n").encode())
    assert upload.state == Upload.State.REFUSED
    assert [(e["row"], e["column"], e["message"]) for e in upload.errors] == [
        (
            2,
            "value",
            "8.7 is not a whole number, but SL1 counts people in whole numbers: give the count itself (a count "
            "shown with decimals, such as thousands of visits, has decimal places set in the catalogue)",
        )
    ]  # the average in weeks keeps its decimals
    assert not DataPoint.objects.exists()


def test_a_fraction_in_an_excel_cell_is_refused_too(measures):
    book = Workbook()
    sheet = book.active
    sheet.append(["Code", "Measure", "Sep 24"])
    sheet.append(["SL1", "Shared Lives", 8.7])
    buffer = io.BytesIO()
    book.save(buffer)
    upload = checked(buffer.getvalue(), "dashboard.xlsx")
    assert upload.state == Upload.State.REFUSED
    assert [(e["cell"], e["code"]) for e in upload.errors] == [("C2", "SL1")]


def test_a_year_to_date_figure_that_falls_is_warned_of(measures):
    lines = [
        "ADM,2024-08,,,41,",
        "ADM,2024-09,,,12,",  # September alone, typed in place of the year to date
        "ADM,2024-10,,,56,",
        "2C,2024-09,45,18400,,",
        "2C,2024-10,44,18400,,",
        "PCT,2024-09,5,10,,",
        "PCT,2024-10,4,10,,",
        "ADM,2024-04,,,3,",  # April starts the year again
    ]
    upload = checked((EXTRACT_HEADER + "\n".join(lines) + "\n").encode())
    assert upload.state == Upload.State.READY  # a warning, never a refusal
    assert warned(upload, "cumulative") == [
        "Row 3, ADM September 2024: 12 is less than August 2024's 41, but ADM counts from 1 April to date, so it "
        "should not fall. Check it is the year to date, not the month alone, before confirming.",
        "Row 6, 2C October 2024: 44 is less than September 2024's 45, but 2C counts from 1 April to date, so it "
        "should not fall. Check it is the year to date, not the month alone, before confirming.",
    ]


def test_a_fall_from_the_figure_already_held_is_warned_of(measures):
    services.take_file((EXTRACT_HEADER + "ADM,2024-09,,,41,\n").encode(), "september.csv")
    upload = checked((EXTRACT_HEADER + "ADM,2024-10,,,40,\n").encode())
    assert len(warned(upload, "cumulative")) == 1


def test_a_wide_grids_notes_column_is_said_not_to_be_kept(measures):
    book = Workbook()
    sheet = book.active
    sheet.append(["Code", "Measure", "Sep 24", "Notes"])
    sheet.append(["SL1", "Shared Lives", 101, "September not yet validated"])
    sheet.append(["R2", "Reablement", 5.8, None])
    buffer = io.BytesIO()
    book.save(buffer)
    upload = checked(buffer.getvalue(), "dashboard.xlsx")
    assert upload.state == Upload.State.READY
    assert warned(upload, "notes") == [
        "The notes in column D (row 2) will not be kept: in the wide grid a note cannot be tied to one period's "
        "figure. To keep a note with a figure, use the long layout's note column; to explain the month, write it "
        "in the commentary."
    ]


def test_a_long_files_notes_are_kept_with_each_figure(measures):
    services.take_file((EXTRACT_HEADER + "SL1,2024-09,,,101,Not yet validated\n").encode(), "september.csv")
    assert DataPoint.objects.get().note == "Not yet validated"
