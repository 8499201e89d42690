"""Every page each role reaches, in a real browser at desktop width and at 320 px (400% zoom): axe finds
no WCAG 2.2 A or AA problem, and the page never scrolls sideways (tables scroll inside their own
labelled region). The print test reads the status words with background colours off."""

from .conftest import sideways_scroll, sign_in, wcag_problems
from .test_scorecards_in_browser import snapshot

READING = [
    "/",
    "/measures/",
    "/scorecards/cabinet-scorecard/2020-09/",
    "/scorecards/cabinet-scorecard/2020-09/measures/CS04/",
    "/scorecards/cabinet-scorecard/2020-09/measures/CS04/quartiles/",
    "/scorecards/cabinet-scorecard/2020-09/measures/CS03/areas/",
    "/areas/westminster-constituency/E14000560/",
    "/scorecards/cabinet-scorecard/2020-09/signals/",
    "/scorecards/monthly-asc-dashboard/2024-08/",
    "/scorecards/adults-and-communities/2021-11/",
    "/scorecards/quarterly-performance/2020-21-q2/",
    "/scorecards/ascof-appendix/2022-23-q3/",
    "/scorecards/example-history/2024-03/",
    "/scorecards/example-history/2024-03/measures/EX06/",
    "/benchmarking/",
    "/benchmarking/2D/2020-21/?council=E10000018",
    "/benchmarking/2A2/2018-19/?council=E08000025",  # England's counts: intervals, spine chart
    "/benchmarking/2A2/2018-19/map/?council=E08000025",
    "/benchmarking/council/E08000025/",
    "/accessibility/",
    "/privacy/",
    "/help/",
    "/accounts/password/",
]
MANAGER = [
    "/",
    "/my-measures/",
    "/approvals/",
    "/commentary/2E/2024-09/",
    "/scorecards/monthly-asc-dashboard/2024-09/?months=12",
]
OFFICER = [
    "/",
    "/approvals/",
    "/scorecards/monthly-asc-dashboard/2024-09/publish/",
    "/imports/",
    "/imports/all/",
    "/imports/one-figure/",
    "/imports/one-figure/?measure=2E",
    "/audit/",
    "/targets/",
    "/targets/2C/",
    "/targets/2C/2024/min_stretch/",
    "/admin/",
    "/admin/indicators/measure/",
    "/admin/indicators/measure/?q=2C",
    "/admin/indicators/measure/{measure}/change/",
    "/admin/indicators/measure/add/",
    "/admin/indicators/scorecard/",
    "/admin/indicators/scorecard/{scorecard}/change/",
    "/admin/indicators/target/",
    "/admin/indicators/datapoint/",
    "/admin/indicators/commentary/",
    "/admin/indicators/statusoverride/add/",
    "/admin/indicators/spcmark/add/",
    "/admin/national/comparatorgroup/add/",
]
# the councillor's reading pages are checked in test_every_reading_page_in_browser.py, the officer's
# client-level pages in test_client_level_pages_in_browser.py (each module runs beside the others)
ROLES = {
    "manager": ("demo-manager-pass", MANAGER),
    "officer": ("demo-officer-pass", OFFICER),
}
SIGNED_OUT = ["/accounts/login/", "/accounts/password/reset/"]


def test_every_page_the_staff_reach_passes_axe_and_reflows(demo_site, page):
    """The manager's and the officer's pages, one after the other (one demo between them)."""
    for role, (password, paths) in ROLES.items():
        check_role(page, demo_site, role, password, paths)
        page.goto(demo_site + "/")
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_url("**/accounts/login/")


def check_role(page, demo_site: str, role: str, password: str, paths: list[str]) -> None:
    sign_in(page, demo_site, role, password)
    for width, name in ((1280, "desktop"), (768, "tablet")):  # docs/screenshots, with UPDATE_SCREENSHOTS=1
        page.set_viewport_size({"width": width, "height": 1000})
        page.goto(demo_site + "/")
        snapshot(page, f"home-{role}-{name}")
    from indicators.models import Measure, Scorecard

    ids = {
        "measure": Measure.objects.get(code="2C").pk,
        "scorecard": Scorecard.objects.get(slug="cabinet-scorecard").pk,
    }
    found = check_pages(page, demo_site, [path.format(**ids) for path in paths])
    assert found == [], "\n".join(found)


def check_pages(page, base_url: str, paths: list[str]) -> list[str]:
    """Each page opened once, then read by axe and measured for sideways scroll at each width."""
    found = []
    for path in paths:
        page.set_viewport_size({"width": 1280, "height": 900})
        response = page.goto(base_url + path)
        assert response.status < 400, (path, response.status)
        for width, height in ((1280, 900), (320, 640)):
            page.set_viewport_size({"width": width, "height": height})
            found += [f"{width}px {path}: {problem}" for problem in wcag_problems(page)]
            scroll = sideways_scroll(page)
            if scroll > 0:
                found.append(f"{width}px {path}: scrolls {scroll}px sideways")
    return found
