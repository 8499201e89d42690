"""A performance officer uploads a month's figures in a real browser."""

import pytest
from playwright.sync_api import expect

from .conftest import JOURNEY_WIDTHS, axe_clean_at, serious_accessibility_problems, sign_in


@pytest.mark.parametrize("width", JOURNEY_WIDTHS)
def test_officer_uploads_checks_and_confirms_an_extract(demo_site, page, width, tmp_path):
    extract = tmp_path / "shared-lives.csv"
    extract.write_text("code,period,numerator,denominator,value,note\nCS09,2020-09,,,102,\n")
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, demo_site, "officer", "demo-officer-pass")

    page.get_by_role("navigation", name="Account").get_by_role("link", name="Upload figures").click()
    expect(page.get_by_role("heading", name="Upload figures")).to_be_visible()
    axe_clean_at(page, width)
    page.get_by_label("File", exact=True).set_input_files(str(extract))
    page.get_by_label("Scorecard month (optional)").fill("Sep 20")
    page.get_by_role("button", name="Upload and check").click()

    expect(page.get_by_role("heading", name="Checked: ready to confirm")).to_be_visible()
    revised = page.get_by_role("table").filter(has_text="In this file")
    expect(revised.get_by_role("row").nth(1)).to_contain_text("CS09")
    expect(revised.get_by_role("row").nth(1)).to_contain_text("101")
    expect(revised.get_by_role("row").nth(1)).to_contain_text("102")
    expect(revised.get_by_role("row").nth(1)).to_contain_text("RED: missed target")  # the status it gives
    axe_clean_at(page, width)

    page.get_by_role("button", name="Confirm and import", exact=True).click()
    expect(page.get_by_role("heading", name="Imported")).to_be_visible()
    page.get_by_role("link", name="Back to uploads").click()
    expect(page.get_by_role("row").filter(has_text="shared-lives.csv")).to_contain_text("Imported")


def test_a_file_with_errors_shows_each_row_and_cannot_be_confirmed(demo_site, page, tmp_path):
    extract = tmp_path / "bad.csv"
    extract.write_text("code,period,value\nCS09,2020-09,102\nCS06,2020-09,ninety\nXX1,2020-09,3\n")
    sign_in(page, demo_site, "officer", "demo-officer-pass")
    page.goto(f"{demo_site}/imports/")
    page.get_by_label("File", exact=True).set_input_files(str(extract))
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", name="Refused: the file has errors")).to_be_visible()
    errors = page.get_by_role("table").filter(has_text="What is wrong")
    expect(errors).to_contain_text('"ninety" is not a number')
    expect(errors).to_contain_text('"XX1" is not a measure in the catalogue')
    expect(page.get_by_role("button", name="Confirm and import")).to_have_count(0)
    assert serious_accessibility_problems(page) == []


def test_a_form_mistake_is_reported_and_the_keyboard_reaches_it(demo_site, page):
    sign_in(page, demo_site, "officer", "demo-officer-pass")
    page.goto(f"{demo_site}/imports/")
    page.get_by_role("button", name="Upload and check").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("File: This field is required.")
    assert serious_accessibility_problems(page) == []


def messy_workbook(path) -> None:
    """October 2024 as an analyst keeps it: a cover sheet, a merged title and a source line above the
    headings, months as dates, a section row, Excel percentage cells and words beside figures."""
    import datetime as dt

    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Cover"
    book.active.append(["Adult Social Care dashboard, October 2024"])
    sheet = book.create_sheet("October")
    sheet.append(["Monthly ASC dashboard"])
    sheet.merge_cells("A1:E1")
    sheet.append(["Source: Mosaic, extracted 4 November 2024"])
    sheet.append([])
    sheet.append(["Ref", "Measure", dt.datetime(2024, 10, 1), "Trend", "Notes"])
    sheet.append(["Personalisation"])
    sheet.merge_cells("A5:E5")
    sheet.append(["3D part 2a", "Direct payments", 0.2251, "\u25b2", ""])
    sheet["C6"].number_format = "0.00%"
    sheet.append(["R2", "Weeks in reablement", "5.9 wks", "", ""])
    sheet.append(["SAT1", "Safeguarding concerns", "c. 9999", "", "check the spike"])
    book.save(path)


def test_an_officer_takes_a_messy_workbook_to_a_clean_preview(demo_site, page, tmp_path):
    workbook = tmp_path / "dashboard-october.xlsx"
    messy_workbook(workbook)
    sign_in(page, demo_site, "officer", "demo-officer-pass")
    page.goto(f"{demo_site}/imports/")
    page.get_by_label("File", exact=True).set_input_files(str(workbook))
    page.get_by_role("button", name="Upload and check").click()

    expect(page.get_by_role("heading", name="Checked: ready to confirm")).to_be_visible()
    state = page.get_by_role("status")
    expect(state).to_contain_text('Read sheet "October": its headings are in row 4')
    expect(state).to_contain_text('Sheet "Cover" has no table of figures.')
    warnings = page.get_by_role("region", name="Check these before confirming")
    expect(warnings).to_contain_text("SAT1 October 2024: 9,999 is more than 5 times the median")
    expect(warnings).to_contain_text("38 of 41 monthly measures have no October 2024 figure")
    new = page.get_by_role("table").filter(has_text="Figure")
    expect(new.get_by_role("row").filter(has_text="3D part 2a")).to_contain_text("22.51%")
    expect(new.get_by_role("row").filter(has_text="R2")).to_contain_text("5.9")
    expect(new.get_by_role("row").filter(has_text="SAT1")).to_contain_text("9,999approximate")
    expect(page.get_by_role("button", name="Confirm and import")).to_have_count(2)  # above and below the list
    assert serious_accessibility_problems(page) == []
