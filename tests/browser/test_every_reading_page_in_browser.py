"""The reading pages a councillor reaches, checked as every other page is (test_every_page_in_browser.py):
axe finds no WCAG 2.2 A or AA problem at 1280 and 320 px, and no page scrolls sideways. A module of its
own so the test processes share the work."""

from .test_every_page_in_browser import READING, check_role


def test_every_reading_page_passes_axe_and_reflows(demo_site, page):
    check_role(page, demo_site, "councillor", "demo-councillor-pass", READING)
