"""The downloadable templates: a council-style workbook that reads back exactly as filled in."""

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from imports import services
from imports.models import Upload
from imports.template_workbook import recent_months
from indicators.models import Measure


@pytest.mark.parametrize("layout", ["long", "wide"])
def test_templates_are_prefilled_with_the_catalogues_codes(july_and_august, signed_in, layout):
    text = signed_in.get(f"/imports/template/{layout}.csv").content.decode("utf-8-sig")
    assert "3D part 2a" in text and "ICNP2" in text
    book = load_workbook(io.BytesIO(signed_in.get(f"/imports/template/{layout}.xlsx").content))
    rows = list(book["Figures"].iter_rows(values_only=True))
    assert rows[0][0].startswith("Adult Social Care performance: figures for")  # a title row
    assert rows[1][0].startswith("Source:")
    assert rows[3][:2] == ("Ref", "Measure")  # the headings below them
    codes = [row[0] for row in rows[4:]]
    assert "SAT1" in codes and codes[0] == (  # the measures under their scorecard sections
        "Monthly Adult Social Care dashboard: 1. Enhancing Quality of Life for People with Care and Support Needs"
    )


def test_a_template_filled_in_reads_back(july_and_august, signed_in):
    text = signed_in.get("/imports/template/wide.csv").content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("code,title,")


def test_the_workbook_filled_in_as_an_analyst_would_reads_back_unchanged(july_and_august, signed_in):
    """Percentage measures' cells are Excel percentages: 0.381 typed as 38.1% is read as 38.1."""
    book = load_workbook(io.BytesIO(signed_in.get("/imports/template/wide.xlsx").content))
    sheet = book["Figures"]
    month = recent_months()[-1]
    column = 3 + len(recent_months())  # the latest month, after Ref, Measure, Unit and the months before
    assert sheet.cell(4, column).value == month.label
    typed = {}
    for row in range(5, sheet.max_row + 1):
        code = sheet.cell(row, 1).value
        measure = Measure.objects.filter(code=code, frequency="monthly").first()
        if measure is None:
            continue  # a section row, or a measure reported quarterly or yearly
        cell = sheet.cell(row, column)
        if measure.unit == Measure.Unit.PERCENTAGE:
            assert cell.number_format.endswith("%")
            cell.value = 0.381  # shown as 38.1% (or 38.10%)
            typed[code] = D("38.1")
        else:
            cell.value = 42
            typed[code] = D(42)
    buffer = io.BytesIO()
    book.save(buffer)
    upload = services.receive(buffer.getvalue(), "filled.xlsx", queue_check=False, reporting_period=month)
    upload = services.check(upload.pk)
    assert upload.state == Upload.State.READY, (upload.message, upload.errors[:3])
    assert upload.rows_new == len(typed) and upload.sheet_used == "Figures"
    assert {c["code"]: c["new"] for c in upload.preview} == {code: _shown(code, value) for code, value in typed.items()}


def _shown(code: str, value: D) -> str:
    from indicators.formatting import format_value

    measure = Measure.objects.get(code=code)
    return format_value(value, measure.unit, measure.decimal_places)


def test_recent_months_are_the_last_three_that_have_ended():
    assert [m.code for m in recent_months(dt.date(2024, 10, 3))] == ["2024-07", "2024-08", "2024-09"]
