"""A published month is kept as it was published (a snapshot); corrections are new versions with a note."""

import re

import pytest
from django.db.models import ProtectedError

from indicators import snapshot
from indicators.models import (
    AuditEvent,
    Commentary,
    Measure,
    PublishedVersion,
    Scorecard,
    ScorecardMeasure,
    ScorecardPeriod,
    Section,
    StoredPeriod,
    Target,
)
from indicators.report import SectionBlock
from scorecard import queries
from workflow import services as workflow

from ..helpers import WORDS

PAGE = "/scorecards/cabinet-scorecard/2020-09/"
MEASURE_PAGE = PAGE + "measures/CS09/"
API = "/api/scorecards/cabinet-scorecard/2020-09/"
PDF = PAGE + "scorecard.pdf"


def cabinet():
    return Scorecard.objects.get(slug="cabinet-scorecard"), StoredPeriod.objects.get(code="2020-09")


def without_tokens(html: bytes) -> bytes:
    """A page with its per-request CSRF token taken out."""
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", html)


def pdf_text(content: bytes) -> str:
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def pages_of(content: bytes) -> list[str]:
    import io

    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def change_the_catalogue():
    """What an officer might change after publishing: polarity, decimal places, title, section, target,
    and the scorecard's membership."""
    measure = Measure.objects.get(code="CS09")
    measure.polarity = "lower"
    measure.decimal_places = 2
    measure.title = "Renamed after publication"
    measure.save()
    entry = ScorecardMeasure.objects.get(scorecard__slug="cabinet-scorecard", measure=measure)
    entry.section = Section.objects.filter(scorecard=entry.scorecard).exclude(pk=entry.section_id).first()
    entry.save()
    Target.objects.filter(measure=measure).update(target=5000)
    ScorecardMeasure.objects.filter(scorecard__slug="cabinet-scorecard").exclude(measure=measure).first().delete()
    from indicators.models import DataVersion

    DataVersion.bump()  # update() and the delete above: make sure nothing is served from a stale cache


def test_catalogue_changes_after_publishing_leave_the_published_page_api_and_pdf_as_they_were(demo, client):
    from accounts import roles

    from ..helpers import person

    signed_in = client
    signed_in.force_login(person("councillor-reads", roles.COUNCILLOR))  # reads what is published
    before = [without_tokens(signed_in.get(url).content) for url in (PAGE, MEASURE_PAGE, API)]
    pdf_before = signed_in.get(PDF).content
    assert b"97 (Aug 20)" in before[0] and b"Up (Green)" in before[0]

    change_the_catalogue()

    after = [without_tokens(signed_in.get(url).content) for url in (PAGE, MEASURE_PAGE, API)]
    assert after == before
    # page by page, word for word: WeasyPrint's embedded font subsets differ from one render to the next
    assert pages_of(signed_in.get(PDF).content) == pages_of(pdf_before)
    assert b"Renamed after publication" not in after[0]


def test_a_correction_publishes_the_changes_with_its_note_and_keeps_the_first_version(demo, signed_in, officer):
    first = signed_in.get(PAGE).content.decode()
    change_the_catalogue()
    scorecard, period = cabinet()
    version = workflow.correct(officer, scorecard, period, "Shared Lives now counted as lower is better.")
    assert version.number == 2 and "CS09" in version.changed

    latest = signed_in.get(PAGE).content.decode()
    assert "Renamed after publication" in latest
    assert "Corrected on" in latest and "Shared Lives now counted as lower is better." in latest
    assert '<a href="?version=1">version 1' in latest

    earlier = signed_in.get(PAGE + "?version=1").content.decode()
    assert "Renamed after publication" not in earlier and "This is version 1 of 2" in earlier
    assert "Read the latest version" in earlier
    assert re.sub(r"\s+", " ", first).count("97 (Aug 20)") == re.sub(r"\s+", " ", earlier).count("97 (Aug 20)")

    api = signed_in.get(API).json()["period"]
    assert api["version"] == 2 and [v["version"] for v in api["versions"]] == [1, 2]
    assert api["versions"][1]["correction_note"] == "Shared Lives now counted as lower is better."
    assert signed_in.get(API + "?version=1").json()["period"]["version"] == 1
    assert "corrected" in pdf_text(signed_in.get(PDF).content).lower()

    event = AuditEvent.objects.get(action=AuditEvent.Action.CORRECTION)
    assert event.user == officer and event.details["version"] == 2 and "CS09" in event.details["changed"]


@pytest.mark.parametrize(
    "address, status, says",
    [
        ("?version=3", 404, "has no version 3"),
        ("?version=0", 404, "not a version number"),
        ("?version=two", 404, "not a version number"),
    ],
)
def test_a_version_the_period_does_not_have_is_a_clear_404(demo, signed_in, address, status, says):
    response = signed_in.get(PAGE + address)
    assert response.status_code == status and says in response.content.decode()


def test_a_draft_has_no_versions(demo, signed_in):
    response = signed_in.get("/scorecards/monthly-asc-dashboard/2024-09/?version=1")
    assert response.status_code == 404 and "is not published" in response.content.decode()


def test_a_correction_needs_a_note_a_change_and_an_officer(demo, officer, people):
    scorecard, period = cabinet()
    with pytest.raises(workflow.WorkflowError, match="Say what the correction changes"):
        workflow.correct(officer, scorecard, period, "  ")
    with pytest.raises(workflow.WorkflowError, match="Nothing on the scorecard would change"):
        workflow.correct(officer, scorecard, period, "Just checking")
    with pytest.raises(workflow.WorkflowError, match="Only a performance officer"):
        workflow.correct(people["manager"], scorecard, period, "A note")
    assert PublishedVersion.objects.filter(cycle__scorecard=scorecard, cycle__period=period).count() == 1


def test_commentary_approved_after_publication_goes_out_in_a_correction(demo, people):
    manager, officer = people["manager"], people["officer"]
    scorecard, period = cabinet()
    Measure.objects.filter(code="CS09").update(owner_user=manager)
    measure = Measure.objects.get(code="CS09")
    Commentary.objects.filter(measure=measure, period=period).delete()
    note = workflow.save(manager, measure, period, WORDS, submit=True)
    workflow.approve(officer, note)
    row = next(r for r in queries.scorecard_report(scorecard, period).rows if r.measure.code == "CS09")
    assert row.commentary is None or row.commentary.data != WORDS["data"]  # not in the published version

    workflow.correct(officer, scorecard, period, "Commentary on Shared Lives added.")
    row = next(r for r in queries.scorecard_report(scorecard, period).rows if r.measure.code == "CS09")
    assert row.commentary.data == WORDS["data"] and row.commentary.is_published
    assert Commentary.objects.get(measure=measure, period=period).state == Commentary.State.PUBLISHED


def test_a_scorecard_with_published_months_cannot_be_deleted(demo):
    scorecard, _ = cabinet()
    with pytest.raises(ProtectedError):
        scorecard.delete()
    assert ScorecardPeriod.objects.filter(scorecard=scorecard, published_at__isnull=False).exists()


def test_a_published_version_is_never_changed_or_deleted(demo):
    version = PublishedVersion.objects.first()
    version.note = "edited"
    with pytest.raises(Exception, match="never changed"):
        version.save()
    with pytest.raises(Exception, match="never deleted"):
        version.delete()


def test_the_stored_shape_reads_back_as_the_same_report(demo):
    scorecard, period = cabinet()
    report = queries.working_report(scorecard, period)
    stored = snapshot.to_json(report.sections)
    assert snapshot.from_json(list[SectionBlock], stored) == report.sections


def test_an_officer_publishes_a_correction_from_the_publish_page(demo, signed_in):
    publish_page = "/scorecards/cabinet-scorecard/2020-09/publish/"
    page = signed_in.get(publish_page)
    text = page.content.decode()
    assert "Publish a correction" in text and "Nothing would change yet" in text and "First publication" in text
    refused = signed_in.post(publish_page, {"intent": "correct", "note": ""})
    assert "Say what the correction changes and why" in refused.content.decode()
    Target.objects.filter(measure__code="CS09").update(target=90)
    from indicators.models import DataVersion

    DataVersion.bump()
    assert "These measures would change: <strong>CS09</strong>" in signed_in.get(publish_page).content.decode()
    done = signed_in.post(publish_page, {"intent": "correct", "note": "Target was typed wrongly."}, follow=True)
    text = done.content.decode()
    assert "Version 2 of" in text and "Corrected on" in text and "Target was typed wrongly." in text


def test_the_publish_command_corrects_with_a_note(demo):
    from io import StringIO

    from django.core.management import call_command

    Target.objects.filter(measure__code="CS09").update(target=90)
    out = StringIO()
    call_command("publish_period", "cabinet-scorecard", "2020-09", correct="Target was typed wrongly.", stdout=out)
    assert "Published version 2" in out.getvalue() and "CS09" in out.getvalue()


def test_the_admin_refuses_to_delete_a_scorecard_with_published_months_and_says_why(db, demo, client):
    from django.contrib.auth import get_user_model

    admin_user = get_user_model().objects.create_superuser("site-admin", "admin@example.org", "a-long-test-password")
    client.force_login(admin_user)
    scorecard, _ = cabinet()
    page = client.get(f"/admin/indicators/scorecard/{scorecard.pk}/delete/").content.decode()
    assert "protected" in page and "version 1" in page
    client.post(f"/admin/indicators/scorecard/{scorecard.pk}/delete/", {"post": "yes"})
    assert Scorecard.objects.filter(pk=scorecard.pk).exists()


DASHBOARD = "/scorecards/monthly-asc-dashboard/2024-08/"
DASHBOARD_URLS = (
    DASHBOARD,
    DASHBOARD + "measures/3D%20part%202a/",  # a minimum and stretch target, judged on the figure as printed
    DASHBOARD + "measures/SAT1/",
    "/api/scorecards/monthly-asc-dashboard/2024-08/",
)


def edit_every_catalogue_field(slug: str) -> None:
    """Every field of the catalogue a published page shows, changed as an officer might in the admin:
    the scorecard, its sections and entries, each measure, each target of every rule, each benchmark."""
    from django.contrib.auth import get_user_model

    from indicators.models import Benchmark, DataVersion

    other = get_user_model().objects.create(username="someone-else", first_name="Someone", last_name="Else")
    scorecard = Scorecard.objects.get(slug=slug)
    scorecard.title, scorecard.organisation = "Retitled scorecard", "Another council"
    scorecard.produced_by, scorecard.description = "Another team", "Described again"
    scorecard.save()
    for section in Section.objects.filter(scorecard=scorecard):
        section.title, section.description, section.group = f"Renamed {section.pk}", "Again", "Regrouped"
        section.save()
    for entry in ScorecardMeasure.objects.filter(scorecard=scorecard):
        entry.number = f"N{entry.pk}"
        entry.save()
    for measure in Measure.objects.filter(entries__scorecard=scorecard):
        measure.title, measure.short_title = f"Renamed {measure.code}", "Renamed"
        measure.definition, measure.source, measure.faq = "Redefined", "Another source", "Other questions"
        measure.unit_label, measure.people_noun = "other units", "others"
        measure.decimal_places = (measure.decimal_places + 2) % 5
        measure.polarity = "lower" if measure.polarity == "higher" else "higher"
        measure.owner, measure.responsible_officer = "Another owner", "Another officer"
        measure.owner_user = measure.responsible_user = other
        measure.benchmarkable = not measure.benchmarkable
        measure.constituency_breakdown = not measure.constituency_breakdown
        measure.national_code = "9Z"
        measure.save()
    for target in Target.objects.filter(measure__entries__scorecard=scorecard):
        for name in ("target", "tolerance", "minimum", "stretch", "band_low", "band_high"):
            if getattr(target, name) is not None:
                setattr(target, name, getattr(target, name) + 7)
        target.label, target.note = "Relabelled", "Noted"
        target.save()
    for benchmark in Benchmark.objects.filter(measure__entries__scorecard=scorecard):
        for name in ("england_average", "regional_average", "quartile_worst", "quartile_third", "quartile_second"):
            if getattr(benchmark, name) is not None:
                setattr(benchmark, name, getattr(benchmark, name) + 3)
        benchmark.label, benchmark.region_name = "Relabelled", "Elsewhere"
        benchmark.england_rank = 1
        benchmark.save()
    DataVersion.bump()


def test_a_published_month_survives_every_catalogue_edit_to_the_byte(demo, client):
    from accounts import roles

    from ..helpers import person

    client.force_login(person("councillor-reads-dashboard", roles.COUNCILLOR))
    before = [without_tokens(client.get(url).content) for url in DASHBOARD_URLS]
    assert all(b"Renamed" not in page for page in before)
    measure_page = before[1].decode()
    assert "Judged on the figure as printed, 22.58%, against" in measure_page
    sentence = measure_page.split("Judged on the figure as printed")[1].split("</p>")[0]
    assert sentence == ", 22.58%, against the minimum 23% and the stretch 24%."  # never "against ."
    pdf_before = client.get(DASHBOARD + "scorecard.pdf").content

    edit_every_catalogue_field("monthly-asc-dashboard")

    after = [without_tokens(client.get(url).content) for url in DASHBOARD_URLS]
    import difflib

    for url, old, new in zip(DASHBOARD_URLS, before, after, strict=True):
        diff = [
            line
            for line in difflib.unified_diff(old.decode().splitlines(), new.decode().splitlines(), lineterm="", n=0)
            if line[:1] in "+-"
        ]
        assert new == old, "\n".join([url, *diff[:40]])
    assert pages_of(client.get(DASHBOARD + "scorecard.pdf").content) == pages_of(pdf_before)
