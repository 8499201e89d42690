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


def _template(client, **choices):
    return client.get("/imports/", {"template": "1", **choices})


@pytest.mark.parametrize("layout", ["wide", "long"])
def test_a_scorecards_template_for_a_month_uploads_as_it_comes(demo, signed_in, layout):
    """The monthly dashboard's template for September 2024 holds exactly its measures and that month. Sent
    back unchanged, it is refused with one sentence, not one error per measure; with two figures filled
    in, those two are new and the rest are listed as having no figure yet."""
    from indicators.models import Scorecard

    dashboard = Scorecard.objects.get(slug="monthly-asc-dashboard")
    codes = list(dashboard.entries.order_by("order").values_list("measure__code", flat=True))
    response = _template(signed_in, scorecard=dashboard.slug, month="2024-09", layout=layout, fmt="xlsx")
    assert response["Content-Disposition"] == f'attachment; filename="monthly-asc-dashboard-2024-09-{layout}.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Figures"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Monthly Adult Social Care dashboard: figures for September 2024"
    assert (rows[3][3] == "Sep 24") if layout == "wide" else rows[3][2] == "Period"
    listed = [row[0] for row in rows[4:] if Measure.objects.filter(code=row[0]).exists()]
    assert listed == codes  # exactly the scorecard's measures, in its order

    def upload(workbook) -> Upload:
        buffer = io.BytesIO()
        workbook.save(buffer)
        made = services.receive(buffer.getvalue(), "filled.xlsx", queue_check=False)
        return services.check(made.pk)

    unchanged = upload(book)
    assert unchanged.state == Upload.State.REFUSED and unchanged.error_count <= 1, unchanged.errors
    if layout == "wide":  # a grid of empty cells has no figures at all
        assert unchanged.message.startswith("The file has no figures yet: every figure cell is empty.")
    else:
        assert unchanged.message.startswith(
            f"The file has no figures yet: its {len(codes)} rows naming a measure and a period are empty."
        )
    filled = {"2C": 12, "2B": 4}  # counts per 100,000 as the dashboard reports them
    for row in range(5, sheet.max_row + 1):
        code = sheet.cell(row, 1).value
        if code in filled:
            sheet.cell(row, 4 if layout == "wide" else 6).value = filled[code]
    checked = upload(book)
    assert checked.state == Upload.State.READY, (checked.message, checked.errors[:3])
    assert checked.rows_new + checked.rows_revised + checked.rows_unchanged == 2
    if layout == "long":
        waiting = [c for c in checked.preview if c["status"] == "not_yet"]
        assert len(waiting) == len(codes) - 2
        assert f"{len(codes) - 2} rows with no figure yet are listed" in checked.message
        page = signed_in.get(f"/imports/{checked.pk}/").content.decode()
        assert "No figure yet" in page and "every figure cell is empty, so nothing is kept for them" in page


def test_a_template_asked_for_wrongly_says_which_choice_and_downloads_nothing(demo, signed_in):
    response = _template(signed_in, scorecard="no-such", month="2031-02", layout="tall", fmt="pdf")
    page = response.content.decode()
    assert response.status_code == 400 and response["Content-Type"].startswith("text/html")
    assert "<title>Error: Upload figures" in page
    for message in (
        "Scorecard: Choose one of the scorecards in the list",
        "Layout: Choose the wide grid or the long layout",
        "Format: Choose an Excel workbook or CSV",
        'href="#id_month"',
    ):
        assert message in page, message
