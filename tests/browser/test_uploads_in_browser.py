"""A performance officer uploads a month's figures in a real browser."""

from playwright.sync_api import expect

from .conftest import serious_accessibility_problems, sign_in


def test_officer_uploads_checks_and_confirms_an_extract(demo_site, page, tmp_path):
    extract = tmp_path / "shared-lives.csv"
    extract.write_text("code,period,numerator,denominator,value,note\nCS09,2020-09,,,102,\n")
    sign_in(page, demo_site, "officer", "demo-officer-pass")

    page.get_by_role("link", name="Upload figures").click()
    expect(page.get_by_role("heading", name="Upload figures")).to_be_visible()
    assert serious_accessibility_problems(page) == []
    page.get_by_label("File", exact=True).set_input_files(str(extract))
    page.get_by_label("Scorecard month (optional)").fill("Sep 20")
    page.get_by_role("button", name="Upload and check").click()

    expect(page.get_by_role("heading", name="Checked: ready to confirm")).to_be_visible()
    revised = page.get_by_role("table").filter(has_text="In this file")
    expect(revised.get_by_role("row").nth(1)).to_contain_text("CS09")
    expect(revised.get_by_role("row").nth(1)).to_contain_text("101")
    expect(revised.get_by_role("row").nth(1)).to_contain_text("102")
    assert serious_accessibility_problems(page) == []

    page.get_by_role("button", name="Confirm and import").click()
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
