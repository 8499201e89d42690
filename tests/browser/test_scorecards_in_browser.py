"""A councillor reads the Cabinet scorecard in a real browser. With UPDATE_SCREENSHOTS=1 the test also
saves the screenshots used in docs/screenshots."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import JOURNEY_WIDTHS, axe_clean_at, serious_accessibility_problems, sign_in

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def demo_site(connections_closed_after, shared_demo_site, db):
    """These tests only read: the demo is loaded once for all of them (`db` keeps what a test writes,
    such as its log-in, to the test)."""
    return shared_demo_site


def snapshot(page, name: str) -> None:
    if os.environ.get("UPDATE_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("width", JOURNEY_WIDTHS)
def test_councillor_reads_the_scorecard_and_drills_down(demo_site, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, demo_site, "councillor", "demo-councillor-pass")
    page.get_by_role("link", name="Adult Social Care Cabinet Scorecard, September 2020", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("September 2020")
    table = page.get_by_role("table", name="Adult Social Care Cabinet Scorecard, September 2020", exact=False)
    expect(table.get_by_role("heading", name="1. Use of Resources", level=2)).to_be_visible()
    expect(table.get_by_role("row").filter(has_text="long-term admissions to residential")).to_contain_text(
        "Up (Red) 6.6%"
    )
    axe_clean_at(page, width)
    if width == 1280:
        snapshot(page, "cabinet-scorecard")

    page.get_by_label("Period", exact=True).select_option(label="August 2020")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("August 2020")
    page.get_by_label("Period", exact=True).select_option(label="September 2020")
    page.get_by_role("button", name="Show").click()

    page.get_by_role("link", name="Uptake of Direct Payments").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Uptake of Direct Payments")
    expect(page.locator(".chart .main-svg").first).to_be_visible()  # Plotly drew the chart
    expect(page.get_by_role("table", name="The figures in the chart")).to_contain_text("37.5%")
    axe_clean_at(page, width)
    if width == 1280:
        snapshot(page, "measure-page")

    page.get_by_role("link", name="Next: CS08 Care in own home >").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("in their own home")
    page.get_by_role("link", name="< Previous: CS07 Direct payments uptake").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Uptake of Direct Payments")

    page.get_by_role("link", name="Performance against national quartiles").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Uptake of Direct Payments")
    expect(page.get_by_text("Current quartile")).to_be_visible()
    axe_clean_at(page, width)

    page.get_by_role("link", name="Return to scorecard").first.click()
    expect(page).to_have_url(f"{demo_site}/scorecards/cabinet-scorecard/2020-09/")


def test_quartile_page_for_admissions(demo_site, page):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, demo_site, "councillor", "demo-councillor-pass")
    page.goto(f"{demo_site}/scorecards/cabinet-scorecard/2020-09/measures/CS04/quartiles/")
    table = page.get_by_role("table")
    expect(table.get_by_role("row").filter(has_text="Birmingham City Council")).to_contain_text("602.9")
    expect(page.get_by_text("= 40 admissions")).to_be_visible()
    expect(page.locator(".chart .main-svg").first).to_be_visible()
    assert serious_accessibility_problems(page) == []
    snapshot(page, "quartile-page")


def test_monthly_grid_at_tablet_width_and_by_keyboard(demo_site, page):
    """The performance officer checks this month's draft grid before it is published."""
    page.set_viewport_size({"width": 768, "height": 1024})
    sign_in(page, demo_site, "officer", "demo-officer-pass")
    page.goto(f"{demo_site}/scorecards/monthly-asc-dashboard/2024-09/")
    expect(
        page.get_by_role("region", name="1. Enhancing Quality of Life for People with Care and Support Needs")
    ).to_contain_text("654 / 2,913")
    assert serious_accessibility_problems(page) == []
    snapshot(page, "monthly-grid")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.get_by_label("Status").select_option("RED")
    page.get_by_role("button", name="Filter").press("Enter")
    expect(page).to_have_url(f"{demo_site}/scorecards/monthly-asc-dashboard/2024-09/?months=3&section=&status=RED")
    expect(page.get_by_role("main")).not_to_contain_text("Number of Safeguarding Concerns received")


def test_downloads_from_the_scorecard_page(demo_site, page):
    import io

    from openpyxl import load_workbook

    sign_in(page, demo_site, "councillor", "demo-councillor-pass")
    page.goto(f"{demo_site}/scorecards/cabinet-scorecard/2020-09/")
    with page.expect_download() as pdf:
        page.get_by_role("link", name="PDF for committee papers").click()
    assert pdf.value.suggested_filename == "cabinet-scorecard-2020-09.pdf"
    assert open(pdf.value.path(), "rb").read(5) == b"%PDF-"
    with page.expect_download() as excel:
        page.get_by_role("link", name="Excel").click()
    sheet = load_workbook(io.BytesIO(open(excel.value.path(), "rb").read())).active
    codes = {row[2].value: row for row in sheet.iter_rows(min_row=4)}
    assert codes["CS04"][4].value == "RED" and codes["CS04"][12].value == 602.9


def test_a_benchmarking_page_ranks_every_council_with_its_figures_in_a_table(demo_site, page):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, demo_site, "councillor", "demo-councillor-pass")
    page.goto(demo_site + "/benchmarking/")
    page.get_by_role("link", name="2020-21 2D", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Outcome of short-term services")
    page.get_by_label("Highlight council", exact=True).select_option(label="Leicestershire")
    page.get_by_role("button", name="Show").click()
    # the council's own row near the top with its neighbours in rank; every council folded away below
    table = page.get_by_role("region", name="Leicestershire and its neighbours in rank")
    expect(table.get_by_role("row", name="Leicestershire", exact=False).first).to_contain_text("49 of 150")
    expect(table.get_by_role("row")).to_have_count(6)  # the header, ranks 47 to 51
    page.locator("details.all-councils > summary").click()
    # ASCOF's 2020-21 open data has the counts, so Leicestershire's 81.1% is compared, not "not compared"
    expect(page.get_by_text("compared with England: best", exact=False)).to_be_visible()
    expect(page.locator("[data-chart='ranked-chart'] .main-svg").first).to_be_attached()
    page.get_by_role("link", name="Council", exact=True).click()  # sort by name, keeping the highlight
    assert "sort=name" in page.url and "council=E10000018" in page.url
    assert serious_accessibility_problems(page) == []
    page.get_by_label("Region", exact=True).select_option("East Midlands")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="Every council (9 shown of 150)")).to_be_visible()
    assert serious_accessibility_problems(page) == []
    snapshot(page, "benchmarking")


def test_the_xmr_chart_and_the_icons_read_in_the_browser(demo_site, page):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, demo_site, "councillor", "demo-councillor-pass")
    page.goto(demo_site + "/scorecards/example-history/2024-03/")
    expect(page.get_by_text("1 special cause concern", exact=False)).to_be_visible()
    assert serious_accessibility_problems(page) == []
    page.get_by_role("link", name="People delayed in hospital", exact=False).first.click()
    expect(page.get_by_role("heading", name="Variation over time")).to_be_visible()
    expect(page.get_by_text("Special cause: concern (higher than expected).", exact=False)).to_be_visible()
    expect(page.locator("[data-chart='spc-chart'] .main-svg").first).to_be_attached()
    page.get_by_role("link", name="this year", exact=True).click()
    assert "range=year" in page.url
    expect(page.get_by_role("region", name="The XmR chart's figures")).to_contain_text("March 2024")
    assert serious_accessibility_problems(page) == []
    snapshot(page, "xmr-chart")
    # the chart taken away as an image (drawn by Plotly in the page) and its figures as CSV
    with page.expect_download() as image:
        page.locator("[data-download-chart='spc-chart'][data-format='png']").click()
    assert image.value.suggested_filename.endswith("-xmr.png")
    with page.expect_download() as figures:
        page.get_by_role("link", name="Download the XmR figures as CSV", exact=False).click()
    assert figures.value.suggested_filename.endswith("-xmr.csv")


def test_the_accessibility_statement_is_reached_from_every_page_by_keyboard(demo_site, page):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, demo_site, "councillor", "demo-councillor-pass")
    page.get_by_role("link", name="Accessibility statement").click()
    expect(page.get_by_role("heading", name="Accessibility statement", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Enforcement procedure")).to_be_visible()
    assert serious_accessibility_problems(page) == []
    page.get_by_role("link", name="Privacy and cookies").click()
    assert serious_accessibility_problems(page) == []


def test_the_header_never_covers_the_first_line_of_a_page(demo_site, page):
    sign_in(page, demo_site, "councillor", "demo-councillor-pass")
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 800})
        for path in ("/scorecards/cabinet-scorecard/2020-09/", "/scorecards/example-history/2024-03/measures/EX03/"):
            page.goto(demo_site + path)
            header = page.locator("header.site-header").bounding_box()
            first = page.locator("main > *:not(script):visible").first.bounding_box()  # a phone hides the top nav
            assert first["y"] >= header["y"] + header["height"], (width, path, header, first)


def test_the_cabinet_scorecard_does_not_scroll_sideways_at_desktop_width(demo_site, page):
    sign_in(page, demo_site, "councillor", "demo-councillor-pass")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(demo_site + "/scorecards/cabinet-scorecard/2020-09/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280, width


def test_the_cabinet_scorecard_is_one_table_whose_columns_line_up_down_the_page(demo_site, page):
    sign_in(page, demo_site, "councillor", "demo-councillor-pass")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(demo_site + "/scorecards/cabinet-scorecard/2020-09/")
    expect(page.locator("main table")).to_have_count(1)
    lefts = page.evaluate(
        """() => [...document.querySelectorAll('tbody tr:not(.section-row)')].map(
            row => Math.round(row.cells[4].getBoundingClientRect().left))"""
    )
    assert len(set(lefts)) == 1, lefts  # the Target column starts at the same place in every section
    heading = page.get_by_role("columnheader", name="Other councils").bounding_box()
    assert heading["x"] + heading["width"] <= 1280


def test_at_tablet_width_the_measure_column_stays_in_view_and_on_a_phone_the_figures_come_first(demo_site, page):
    """At 768 px the Cabinet scorecard scrolls sideways inside its box, says so, and keeps the measure
    column where it is; at desktop width no cue is needed. On a phone the measure page opens on its
    figures, with previous / next at its foot."""
    sign_in(page, demo_site, "councillor", "demo-councillor-pass")
    page.set_viewport_size({"width": 768, "height": 1000})
    page.goto(demo_site + "/scorecards/cabinet-scorecard/2020-09/")
    expect(page.locator(".scroll-cue")).to_be_visible()
    wrap = page.locator(".table-wrap").first
    cell = page.locator(".scorecard-table .measure-cell").first
    snapshot(page, "cabinet-tablet")
    heading = page.locator(".scorecard-table thead th").first
    left, heading_left = cell.bounding_box()["x"], heading.bounding_box()["x"]
    wrap.evaluate("box => { box.scrollLeft = 400; }")
    assert wrap.evaluate("box => box.scrollLeft") > 0  # the table is wider than the window here
    assert abs(cell.bounding_box()["x"] - left) < 1  # the measure column did not move
    assert abs(heading.bounding_box()["x"] - heading_left) < 1  # nor its heading
    # down a long scorecard, the column headings stay at the top of the table's box
    top = wrap.bounding_box()["y"]
    wrap.evaluate("box => { box.scrollTop = 600; }")
    assert wrap.evaluate("box => box.scrollTop") > 0
    assert abs(heading.bounding_box()["y"] - wrap.bounding_box()["y"]) < 2 and wrap.bounding_box()["y"] == top
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(page.locator(".scroll-cue")).to_be_hidden()
    # at desktop width the page scrolls, and the headings stay at the top of the window
    page.evaluate("window.scrollTo(0, 900)")
    page.wait_for_function("() => window.scrollY > 0")
    assert abs(heading.bounding_box()["y"]) < 2
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(demo_site + "/scorecards/cabinet-scorecard/2020-09/measures/CS09/")
    expect(page.locator(".measure-nav-top")).to_be_hidden()
    expect(page.locator(".measure-nav").last).to_be_attached()
    nav = page.locator(".measure-nav").last.bounding_box()
    figures = page.get_by_role("heading", name="This year's figures").bounding_box()
    assert nav["y"] > figures["y"]  # previous / next come after the figures


def test_a_councillor_follows_a_tick_to_the_map_of_constituencies_and_back(demo_site, page):
    """The Cabinet scorecard's "By area" tick leads to the breakdown: the sentence, the map drawn as SVG
    with its key and attribution, every seat's figures reached by keyboard in the table, then back."""
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, demo_site, "councillor", "demo-councillor-pass")
    page.goto(demo_site + "/scorecards/cabinet-scorecard/2020-09/")
    page.get_by_role("link", name="Figures by area, measure 3").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("by Westminster constituency, September 2020")
    expect(page.locator("#breakdown-summary")).to_contain_text("Westminster constituencies")
    expect(page.locator(".area-map svg g.area")).to_have_count(10)
    textured = page.locator('.area-map svg g.area use[fill^="url(#map-texture-"]')
    expect(textured).to_have_count(8)  # better or worse: a texture too
    outlines = page.locator(".area-map svg g.area use[clip-path]")  # each outlined inside its own edge
    expect(outlines).to_have_count(10)
    expect(page.get_by_text("Contains OS data © Crown copyright and database right 2017")).to_be_visible()
    table = page.get_by_role("table", name="CS03 by Westminster constituency, with 95%", exact=False)
    expect(table.get_by_role("row")).to_have_count(12)  # the heading, ten seats and "Not known"
    # "Not known" is 9 of 13 (4 not reviewed: withheld), so Erdington is withheld with it: 9 seats plotted
    expect(page.locator(".funnel svg circle")).to_have_count(9)
    assert serious_accessibility_problems(page) == []
    region = page.get_by_role("region", name="CS03 by Westminster constituency, with", exact=False)
    region.focus()
    expect(region).to_be_focused()  # the table scrolls by keyboard where it is wider than the window
    snapshot(page, "breakdown-by-constituency")
    page.get_by_role("link", name="Back to CS03").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Proportion of clients reviewed")
