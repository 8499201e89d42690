"""The officer's client-level pages in a real browser at desktop width and at 320 px: axe finds no WCAG
2.2 A or AA problem and no page scrolls sideways (a module of its own, so it runs beside the other pages)."""

from .conftest import sign_in
from .test_every_page_in_browser import check_pages

PATHS = [
    "/client-level-data/",
    "/client-level-data/submissions/{submission}/",
    "/client-level-data/submissions/{submission}/withdraw/",
    "/client-level-data/people/2025-03-31/3D2A/Total/",
    "/client-level-data/people/2025-03-31/2E/65 and above/",
    "/client-level-data/people/2025-03-31/2A/Total/",
    "/client-level-data/areas/2025-03-31/3D2A/Total/",
    "/imports/{client_level_upload}/",
]


def test_the_client_level_pages_pass_axe_and_reflow(demo_site, page):
    from cld.models import Submission

    sign_in(page, demo_site, "officer", "demo-officer-pass")
    latest = Submission.objects.order_by("-period_end").first()
    ids = {"submission": latest.pk, "client_level_upload": latest.upload_id}
    found = check_pages(page, demo_site, [path.format(**ids) for path in PATHS])
    assert found == [], "\n".join(found)
