"""The working month in a real browser: a manager writes and submits commentary, a performance officer
approves it and publishes the period, and a councillor sees it only then. Every page is checked by axe."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import JOURNEY_WIDTHS, axe_clean_at, serious_accessibility_problems, sign_in
from .test_scorecards_in_browser import snapshot

MONTH = "/scorecards/monthly-asc-dashboard/2024-09/"
MEASURE = MONTH + "measures/3D%20part%202a/"
WORDS = "Direct payments held steady at 654 people while the number eligible grew."


def sign_out(page, base_url: str) -> None:
    page.goto(base_url + "/")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/")


@pytest.mark.parametrize("width", JOURNEY_WIDTHS)
def test_commentary_is_written_approved_published_and_then_read(demo_site, page, width):
    page.set_viewport_size({"width": width, "height": 900})

    # Before publishing the councillor sees nothing of September 2024.
    sign_in(page, demo_site, "councillor", "demo-councillor-pass")
    expect(
        page.get_by_role("link", name="Monthly Adult Social Care dashboard, August 2024", exact=True).first
    ).to_be_visible()
    expect(
        page.get_by_role("link", name="Monthly Adult Social Care dashboard, September 2024", exact=True)
    ).to_have_count(0)
    page.goto(demo_site + MEASURE)
    expect(page.get_by_text("has no published figures for September 2024")).to_be_visible()
    sign_out(page, demo_site)

    # The manager writes and submits.
    sign_in(page, demo_site, "manager", "demo-manager-pass")
    expect(
        page.get_by_role("heading", name="Commentary due: Monthly Adult Social Care dashboard", exact=False)
    ).to_be_visible()
    page.get_by_role("link", name="My measures", exact=True).click()
    expect(page.get_by_text("Commentary is due by")).to_be_visible()
    axe_clean_at(page, width)
    if width == 1280:
        snapshot(page, "my-measures")
    page.get_by_role("link", name="Write the commentary for 3D part 2a").click()
    page.get_by_label("Data: what the figures show").fill(WORDS)
    page.get_by_label("Action: what is being done").fill("Offer a direct payment at every review.")
    axe_clean_at(page, width)
    page.get_by_role("button", name="Submit for approval").click()
    # 3D part 2a is off track: the form says Review is needed (GOV.UK pattern), and keeps the words typed
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("say why it is (Review) and what is being done about it (Action)")
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.get_by_label("Data: what the figures show")).to_have_value(WORDS)
    summary.get_by_role("link", name=re.compile("Review: why")).click()
    expect(page.get_by_label("Review: why")).to_be_focused()
    page.get_by_label("Review: why").fill("Fewer reviews were held over the summer.")
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.get_by_text("was submitted for approval")).to_be_visible()
    expect(page.get_by_role("button", name="Withdraw to edit")).to_be_visible()  # read-only while it waits
    onward = re.compile("^Next measure to write|^Every one of your measures")
    expect(page.get_by_role("link", name=onward)).to_be_visible()
    sign_out(page, demo_site)

    # The councillor still sees nothing of it.
    sign_in(page, demo_site, "councillor", "demo-councillor-pass")
    page.goto(demo_site + "/scorecards/monthly-asc-dashboard/2024-08/measures/3D%20part%202a/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text(WORDS)).to_have_count(0)
    sign_out(page, demo_site)

    # The officer approves it and publishes the month, confirming what is still missing.
    sign_in(page, demo_site, "officer", "demo-officer-pass")  # the home page lists what waits for approval
    expect(page.get_by_role("heading", name="Waiting for your approval (1)")).to_be_visible()
    axe_clean_at(page, width)
    page.get_by_role("link", name="3D part 2a", exact=False).first.click()
    expect(page.get_by_role("heading", name="Read and approve")).to_be_visible()
    expect(page.get_by_role("complementary", name="The figures")).to_contain_text("Minimum 23% / Stretch 24%")
    axe_clean_at(page, width)
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.get_by_text("was approved")).to_be_visible()
    page.goto(demo_site + MEASURE)
    expect(page.get_by_text("This period has not been published")).to_be_visible()
    page.goto(demo_site + MONTH)
    page.get_by_role("link", name="Check the commentary and publish").click()
    page.get_by_role("button", name="Publish September 2024").click()
    # the GOV.UK pattern: the summary at the top has the focus and links to the box, marked where it is
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="Publish without the commentary listed as missing")).to_be_visible()
    expect(page.locator("#id_confirm_missing-error")).to_contain_text("Confirm to publish without it.")
    assert page.title().startswith("Error: ")
    axe_clean_at(page, width)
    page.get_by_label("Publish without the commentary listed as missing").check()
    page.get_by_role("button", name="Publish September 2024").click()
    expect(page.get_by_text("September 2024 is published")).to_be_visible()
    page.get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("table", name="Audit events, newest first")).to_contain_text("Period published")
    axe_clean_at(page, width)
    sign_out(page, demo_site)

    # Now the councillor reads it.
    sign_in(page, demo_site, "councillor", "demo-councillor-pass")
    page.get_by_role("link", name="Monthly Adult Social Care dashboard, September 2024", exact=True).first.click()
    page.get_by_role("link", name="3D part 2a", exact=False).first.click()
    expect(page.get_by_text(WORDS)).to_be_visible()
    expect(page.get_by_text("Not yet published")).to_have_count(0)


def test_annual_and_narrative_reports_read_well(demo_site, page):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, demo_site, "councillor", "demo-councillor-pass")
    page.get_by_role("link", name="Adults and Communities Performance 2021/22, November 2021", exact=True).first.click()
    expect(page.get_by_role("heading", name="Delay need", level=2)).to_be_visible()
    expect(page.get_by_role("region", name="There is enough suitable housing", exact=False)).to_contain_text("Second")
    assert serious_accessibility_problems(page) == []
    snapshot(page, "annual-outcomes")
    page.goto(demo_site + "/scorecards/quarterly-performance/2020-21-q2/")
    expect(page.get_by_role("heading", name="4.1: Develop a safe environment")).to_be_visible()
    expect(page.get_by_text("None of them ended with no further action", exact=False)).to_be_visible()
    assert serious_accessibility_problems(page) == []
    snapshot(page, "narrative-report")


def test_a_quarterly_scorecard_opens_by_quarter_and_the_ascof_appendix_reads_well(demo_site, page):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, demo_site, "councillor", "demo-councillor-pass")
    page.get_by_role(
        "link", name="Performance Reporting: Child and Adult Social Care, Q2 2020/21 (Jul–Sep 2020)", exact=True
    ).first.click()
    assert page.url.endswith("/scorecards/quarterly-performance/2020-21-q2/")
    page.goto(demo_site + "/scorecards/ascof-appendix/")  # the latest period: a quarter
    assert page.url.endswith("/scorecards/ascof-appendix/2022-23-q3/")
    expect(page.get_by_role("heading", name="ASCOF measures", level=2)).to_be_visible()
    table = page.get_by_role("region", name="ASCOF measures")
    expect(table).to_contain_text("40/151 (from 52/151)")
    expect(table).to_contain_text("forecast: 59 admissions")
    expect(page.get_by_text("Direction: improvement from baseline 5", exact=False)).to_be_visible()
    expect(page.get_by_text("Example figures, not a council's", exact=False)).to_be_visible()
    assert serious_accessibility_problems(page) == []
    snapshot(page, "ascof-appendix")
