"""A figure recalculated by a draft month's extract reaches readers of published months only once the
month whose extract carried it is published; staff see it at once, marked as a draft."""

from imports import services as uploads
from indicators import periods
from indicators.models import Scorecard, StoredPeriod
from workflow import services as workflow

from ..helpers import EXTRACT_HEADER, text

AUGUST = "/scorecards/monthly-asc-dashboard/2024-08/"


def revise_august_in_septembers_extract():
    data = EXTRACT_HEADER + "SAT1,2024-08,,,141,\nSAT1,2024-09,,,110,\n"
    upload = uploads.take_file(data.encode(), "september.csv", reporting_period=periods.parse_period("2024-09"))
    assert upload.state == upload.State.COMMITTED, upload.message


def test_a_draft_months_recalculation_is_not_shown_to_councillors(demo, client, people):
    revise_august_in_septembers_extract()
    client.force_login(people["councillor"])
    for url in (AUGUST, AUGUST + "measures/SAT1/"):
        page = text(client.get(url))
        at = page.find("Recalculated since publication")
        assert at < 0, (url, page[at - 300 : at + 200])
    assert "141" not in str(client.get("/api" + AUGUST).json())


def test_staff_see_it_at_once_marked_draft(demo, client, people):
    revise_august_in_septembers_extract()
    client.force_login(people["officer"])
    page = text(client.get(AUGUST + "measures/SAT1/"))
    assert "Recalculated since publication (draft, not yet published): 141" in page


def test_readers_see_it_once_september_is_published(demo, client, people):
    revise_august_in_septembers_extract()
    workflow.publish(
        None,
        Scorecard.objects.get(slug="monthly-asc-dashboard"),
        StoredPeriod.objects.get(code="2024-09"),
        confirm_missing=True,
        check_permission=False,
    )
    client.force_login(people["councillor"])
    assert "Recalculated since publication: 141" in text(client.get(AUGUST + "measures/SAT1/"))
