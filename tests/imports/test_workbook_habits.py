"""A council's monthly workbook, kept the usual way in Excel, read to exactly the figures it shows or
refused cell by cell (the workbooks are made here with openpyxl, as the analysts' habits make them)."""

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from openpyxl import Workbook

from imports.extract import check_extract
from imports.readers import read_table
from indicators.models import Measure
from indicators.problems import FileError

from ..factories import MeasureFactory


@pytest.fixture
def catalogue(db):
    MeasureFactory(code="3D part 2a", decimal_places=2, title="Direct payments")
    MeasureFactory(code="R2", unit=Measure.Unit.AVERAGE, unit_label="weeks", multiplier=1, title="Weeks in reablement")
    MeasureFactory(
        code="SAT1", unit=Measure.Unit.COUNT, unit_label="", multiplier=1, decimal_places=0, title="Concerns"
    )
    MeasureFactory(code="FD2", unit=Measure.Unit.COUNT, multiplier=1, decimal_places=0, people_noun="assessments")
    MeasureFactory(code="2C", unit=Measure.Unit.RATE, multiplier=100000, unit_label="per 100,000 aged 65+")
    MeasureFactory(code="DTOC", unit=Measure.Unit.AVERAGE, unit_label="days", multiplier=1)


def council_workbook(figures: dict[str, list] | None = None, formats: dict[str, str] | None = None) -> bytes:
    """A cover sheet first; then the figures under a merged title, a source line and a blank row, months
    as Excel dates, sections as merged rows, percentages as Excel percentage cells, a notes column."""
    book = Workbook()
    cover = book.active
    cover.title = "Cover"
    cover.append(["Adult Social Care performance dashboard"])
    cover.append(["Prepared by the Business Intelligence team"])
    cover.append(["Contents: Dashboard"])
    sheet = book.create_sheet("Dashboard")
    sheet.append(["ASC monthly dashboard, July to September 2024"])
    sheet.merge_cells("A1:G1")
    sheet.append(["Source: Mosaic, extracted 3 October 2024"])
    sheet.append([])
    sheet.append(
        ["Ref", "Measure", dt.datetime(2024, 7, 1), dt.datetime(2024, 8, 1), dt.datetime(2024, 9, 1), "Trend", "Notes"]
    )
    rows = figures or {
        "Personalisation": None,
        "3D part 2a": [0.2303, 0.2258, 0.2245, "\u25bc", "Excel percentage cells"],
        "R2": ["4.6 wks", "5.4 wks", "5.8 wks", "\u25b2", ""],
        "Safeguarding": None,
        "SAT1": [151, "c. 140", "n/a", "\u25bc", "September not yet validated"],
        "FD2": ["1,266", "1,288 assessments", "-", "", ""],
        "DTOC": ["Collection suspended by NHS", "28 days", "27 days", "", ""],
    }
    for code, cells in rows.items():
        if cells is None:
            sheet.append([code])
            sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=7)
            continue
        sheet.append([code, f"Title of {code}", *cells])
        if code == "3D part 2a":
            for column in "CDE":
                sheet[f"{column}{sheet.max_row}"].number_format = "0.00%"
    for ref, number_format in (formats or {}).items():
        sheet[ref].number_format = number_format
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def figures(data: bytes) -> dict:
    table = read_table(data, "dashboard.xlsx")
    checked = check_extract(table)
    assert checked.ok, [str(e) for e in checked.errors]
    return table, {(f.code, f.period): (f.value, f.reason, f.note) for f in checked.listed()}


def test_the_workbook_is_read_to_exactly_the_figures_it_shows(catalogue):
    table, got = figures(council_workbook())
    assert (table.sheet, table.heading_row, table.layout) == ("Dashboard", 4, "wide")
    assert table.why == (
        'Read sheet "Dashboard": its headings are in row 4 (Ref, Measure, Jul 24, Aug 24, Sep 24, Trend, Notes). '
        'Sheet "Cover" has no table of figures.'
    )
    assert got == {
        ("3D part 2a", "2024-07"): (D("23.03"), "", ""),
        ("3D part 2a", "2024-08"): (D("22.58"), "", ""),
        ("3D part 2a", "2024-09"): (D("22.45"), "", ""),
        ("R2", "2024-07"): (D("4.6"), "", ""),
        ("R2", "2024-08"): (D("5.4"), "", ""),
        ("R2", "2024-09"): (D("5.8"), "", ""),
        ("SAT1", "2024-07"): (D(151), "", ""),
        ("SAT1", "2024-08"): (D(140), "", "approximate"),
        ("FD2", "2024-07"): (D(1266), "", ""),
        ("FD2", "2024-08"): (D(1288), "", ""),
        ("DTOC", "2024-07"): (None, "Collection suspended by NHS", ""),
        ("DTOC", "2024-08"): (D(28), "", ""),
        ("DTOC", "2024-09"): (D(27), "", ""),
    }


def test_the_sheet_can_be_chosen_and_a_sheet_without_a_table_says_what_it_holds(catalogue):
    data = council_workbook()
    assert read_table(data, "dashboard.xlsx", sheet="Dashboard").sheet == "Dashboard"
    with pytest.raises(FileError) as refused:
        read_table(data, "dashboard.xlsx", sheet="Cover")
    assert str(refused.value).startswith(
        'Sheet "Cover" has no headings with a code column; its first row with words (row 1) is: Adult Social Care '
        "performance dashboard. For the long format the headings are: code, period"
    )


@pytest.mark.parametrize(
    "code, cells, formats, message",
    [
        (
            "SAT1",
            [151, "2 people moved", 110],
            {},
            'cell D6 (SAT1, Aug 24): "2 people moved" has words beside the figure',
        ),
        ("SAT1", [151, "12%", 110], {}, 'cell D6 (SAT1, Aug 24): "12%" has a % sign, but the measure is a count'),
        (
            "2C",
            [0.0025, 244.6, 244.6],
            {"C6": "0.0%"},
            "cell C6 (2C, Jul 24): is formatted as a percentage, but the measure is per 100,000 aged 65+",
        ),
        ("SAT1", [151, "#DIV/0!", 110], {}, "cell D6 (SAT1, Aug 24): shows the Excel error #DIV/0!"),
        (
            "SAT1",
            [151, dt.datetime(2024, 8, 3), 110],
            {},
            "cell D6 (SAT1, Aug 24): holds a date (03 Aug 2024), not a figure",
        ),
        (
            "R2",
            ["4.6 wks", "28 days", "5.8"],
            {},
            'cell D6 (R2, Aug 24): "28 days" has words beside the figure that are not the measure\'s unit (weeks)',
        ),
        ("SAT1", [151, "<5", 110], {}, 'cell D6 (SAT1, Aug 24): says "<5", a small number held back'),
        ("SAT1", [151, "1e17", 110], {}, "cell D6 (SAT1, Aug 24): 1e17 is too large"),
    ],
)
def test_a_cell_that_is_not_a_figure_is_refused_naming_its_sheet_cell_and_measure(
    catalogue, code, cells, formats, message
):
    data = council_workbook({"Section": None, code: [*cells, "", ""]}, formats)
    checked = check_extract(read_table(data, "dashboard.xlsx"))
    assert not checked.ok
    assert str(checked.errors[0]).startswith(f'sheet "Dashboard", {message}'), str(checked.errors[0])
    assert checked.errors[0].code == code and checked.errors[0].sheet == "Dashboard"


def test_long_format_below_a_title_with_percent_cells_and_numbers_stored_as_text(catalogue):
    book = Workbook()
    sheet = book.active
    sheet.title = "Extract"
    sheet.append(["Monthly extract"])
    sheet.append(["Code", "Period", "Numerator", "Denominator", "Value", "Note"])
    sheet.append(["3D part 2a", dt.datetime(2024, 9, 1), None, None, 0.2245, None])
    sheet["E3"].number_format = "0.00%"
    sheet.append(["SAT1", "Sep 24", None, None, "110", "typed as text"])
    sheet.append(["2C", "2024-09", "45", 18400, None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    checked = check_extract(read_table(buffer.getvalue(), "extract.xlsx"))
    assert checked.ok, [str(e) for e in checked.errors]
    assert [(f.code, f.numerator, f.denominator, f.value, f.note) for f in checked.listed()] == [
        ("3D part 2a", None, None, D("22.45"), ""),
        ("SAT1", None, None, D(110), "typed as text"),
        ("2C", D(45), D(18400), None, ""),
    ]
