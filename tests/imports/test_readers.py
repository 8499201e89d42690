"""Reading CSV and XLSX safely, in the long and wide layouts."""

import datetime as dt

import pytest
from django.test import override_settings

from imports.extract import check_extract
from imports.opening import sniff
from imports.readers import read_table
from indicators.problems import FileError

from ..workbooks import SEED_000_SEPTEMBER_WIDE, with_extra_member, xlsx


def test_long_format_xlsx_with_excel_dates_for_periods(demo):
    data = xlsx(
        {
            "Extract": [
                ["Code", "Period", "Numerator", "Denominator", "Value", "Note"],
                ["SAT1", dt.datetime(2024, 9, 1), None, None, 110, None],
                ["CS02", dt.datetime(2020, 6, 30), None, None, 75.9, None],
            ]
        }
    )
    table = read_table(data, "extract.xlsx")
    checked = check_extract(table)
    assert table.layout == "long" and checked.ok, checked.errors
    assert [(r.code, r.period, str(r.value)) for r in checked.listed()] == [
        ("SAT1", "2024-09", "110"),
        ("CS02", "2020/21 Q1", "75.9"),
    ]


def test_seed_000_september_as_a_wide_workbook(demo):
    table = read_table(xlsx({"Dashboard": SEED_000_SEPTEMBER_WIDE}), "dashboard.xlsx")
    checked = check_extract(table)
    assert table.layout == "wide" and checked.ok, checked.errors
    got = {(r.code, r.period): (r.numerator, r.denominator, r.value) for r in checked.listed()}
    assert got[("3D part 2a", "2024-09")] == (654, 2913, None)
    assert got[("2B", "2024-09")] == (12, 243101, None)
    assert got[("SAT1", "2024-07")] == (None, None, 151)
    assert str(got[("R2", "2024-08")][2]) == "5.4"
    assert len(checked) == 18


def test_wide_errors_name_the_row_and_the_period_column(demo):
    rows = [row[:] for row in SEED_000_SEPTEMBER_WIDE]
    rows[1][4] = "654 / 0"
    rows[3][3] = "(13 x 1000) / 243101"
    rows[5][2] = "lots"
    checked = check_extract(read_table(xlsx({"S": rows}), "d.xlsx"))
    assert [str(e) for e in checked.errors] == [
        'sheet "S", cell E2 (3D part 2a, Sep 24): the denominator is zero: a figure cannot be worked out from it',
        'sheet "S", cell D4 (2B, Aug 24): the cell multiplies by 1000 but 2B is per 100,000: correct the multiplier',
        'sheet "S", cell C6 (SAT1, Jul 24): "lots" is not a number: write the figure alone, and any words in the note',
    ]


def test_wide_grid_words_are_a_reason_and_blanks_are_skipped(demo):
    rows = [["code", "2024-07", "2024-08"], ["SAT1", "Due June 2022", ""], ["FD2", "N/A", "1,288"]]
    checked = check_extract(read_table(xlsx({"S": rows}), "d.xlsx"))
    assert [(r.code, r.period, r.reason, r.value) for r in checked.listed()] == [
        ("SAT1", "2024-07", "Due June 2022", None),
        ("FD2", "2024-08", "", 1288),
    ]


def test_wide_headings_that_are_not_periods_are_listed():
    with pytest.raises(FileError, match=r"Row 1: column heading\(s\) 'Colour' are not periods"):
        read_table(b"code,Colour,Sep 24\nSAT1,x,1\n", "d.csv")


def test_headings_that_fit_neither_layout_are_listed():
    with pytest.raises(
        FileError, match=r"d.csv has no headings with a code column; its first row with words \(row 1\) is: a, b"
    ):
        read_table(b"a,b\n1,2\n", "d.csv")


def test_long_format_with_an_unknown_column():
    with pytest.raises(FileError, match=r"Row 1: unknown column\(s\) colour"):
        read_table(b"code,period,value,colour\nSAT1,2024-09,1,red\n", "d.csv")


def test_the_sheet_with_codes_is_chosen_or_the_one_asked_for(demo):
    data = xlsx({"Notes": [["Read me first"]], "Data": [["code", "period", "value"], ["SAT1", "2024-09", 5]]})
    table = read_table(data, "d.xlsx")
    assert (table.sheet, table.sheets) == ("Data", ["Notes", "Data"])
    with pytest.raises(FileError, match='has no sheet "Figures"; its sheets are: Notes, Data'):
        read_table(data, "d.xlsx", sheet="Figures")


@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"code,period\n", "extract.xlsx", "is named .xlsx but is not an Excel workbook"),
        (b"PK\x03\x04rest", "extract.csv", "is named .csv but is not a text file"),
        (b"x", "extract.xlsm", "macro-enabled"),
        (b"x", "extract.pdf", "upload a .csv or .xlsx file"),
        (b"PK\x03\x04broken", "extract.xlsx", "damaged or is not an Excel workbook"),
    ],
)
def test_files_that_are_not_what_their_name_says(data, name, message):
    with pytest.raises(FileError, match=message):
        read_table(data, name)


def test_workbooks_with_macros_or_external_links_are_refused():
    book = xlsx({"S": [["code", "period", "value"]]})
    with pytest.raises(FileError, match="contains macros"):
        read_table(with_extra_member(book, "xl/vbaProject.bin"), "d.xlsx")
    with pytest.raises(FileError, match="links to other workbooks"):
        read_table(with_extra_member(book, "xl/externalLinks/externalLink1.xml"), "d.xlsx")


def test_a_workbook_that_unpacks_too_large_is_refused_before_opening():
    bomb = with_extra_member(xlsx({"S": [["code"]]}), "xl/media/padding.bin", b"\0" * 3_000_000)
    with override_settings(IMPORT_MAX_UNPACKED_BYTES=2_000_000):
        with pytest.raises(FileError, match="unpacks to 3.02 MB, more than the 2 MB allowed"):
            read_table(bomb, "d.xlsx")


@override_settings(IMPORT_MAX_UPLOAD_BYTES=100, IMPORT_MAX_ROWS=2)
def test_size_and_row_limits(settings):
    with pytest.raises(FileError, match="d.csv is 318 bytes; the largest file accepted is 100 bytes"):
        read_table(b"code,period,value\n" + b"SAT1,2024-09,1\n" * 20, "d.csv")
    settings.IMPORT_MAX_UPLOAD_BYTES = 10_000
    with pytest.raises(FileError, match="has more than 2 rows; the most accepted in one file is 2"):
        list(read_table(b"code,period,value\n" + b"A,1,1\n" * 40, "d.csv").records)


def test_sniff():
    assert sniff(b"code,period", "X.CSV") == "csv"
    assert sniff(b"PK\x03\x04", "x.xlsx") == "xlsx"


def _with_replaced_member(data: bytes, name: str, content: bytes) -> bytes:
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, content if item.filename == name else source.read(item.filename))
    return buffer.getvalue()


@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.xml", "xl/workbook.xml"])
def test_xml_entity_tricks_are_refused(member):
    """A workbook whose XML declares entities (billion laughs, external entities) is refused unread."""
    book = xlsx({"S": [["code", "period", "value"], ["SAT1", "2024-09", "x"]]})
    evil = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>'
    )
    with pytest.raises(FileError, match="could not be (opened|read)"):
        read_table(_with_replaced_member(book, member, evil), "d.xlsx")
