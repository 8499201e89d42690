"""Each person's home page: what to do next for their role, in a fixed number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from indicators.models import Measure, PublishedVersion, ScorecardPeriod
from workflow import services as workflow

from ..helpers import month, text

WORDS = {"data": "Admissions rose.", "review": "Two hospital discharges.", "action": "Reviewing each case."}


def test_an_officer_sees_this_month_the_approval_queue_and_the_uploads(people, client):
    manager, officer = people["manager"], people["officer"]
    workflow.save(manager, Measure.objects.get(code="2C"), month("2024-09"), WORDS, submit=True)
    client.force_login(officer)
    page = text(client.get("/"))
    assert "Months to check and publish" in page
    assert "Monthly Adult Social Care dashboard September 2024" in page
    assert "Check and publish" in page
    assert "Waiting for your approval (1)" in page and "2C" in page and "from Mo Manager" in page
    assert "Latest uploads" in page


def test_an_earlier_draft_month_stays_on_the_officers_home_page_when_a_later_month_is_loaded(people, client):
    from imports.extract import check_extract
    from imports.readers import read_table
    from imports.revisions import commit_extract
    from indicators.periods import Period

    client.force_login(people["officer"])
    data = b"code,period,numerator,denominator,value,note\n2C,2024-10,,,480.5,\n"
    commit_extract(check_extract(read_table(data, "extract.csv")), Period.month(2024, 10))
    page = text(client.get("/"))
    # September (sent back, say) is still there to finish and publish beside October
    assert "Monthly Adult Social Care dashboard October 2024" in page
    assert "Monthly Adult Social Care dashboard September 2024" in page
    html = client.get("/").content.decode()
    assert 'href="/scorecards/monthly-asc-dashboard/2024-09/publish/"' in html
    assert html.count("Check and publish<span") >= 2


def test_a_manager_sees_the_commentary_due_with_each_measures_figures(people, client):
    manager = people["manager"]
    cycle, _ = ScorecardPeriod.objects.get_or_create(
        scorecard=Measure.objects.get(code="2C").entries.first().scorecard, period=month("2024-09")
    )
    cycle.commentary_deadline = dt.date(2024, 10, 10)
    cycle.save()
    client.force_login(manager)
    page = text(client.get("/"))
    assert "Commentary due: Monthly Adult Social Care dashboard, September 2024" in page
    assert "Due by Thursday 10 October 2024" in page
    assert "2 of 2 still to write or resubmit" in page
    assert "RED" in page and "against Minimum 315 / Stretch 315" in page
    assert "Months to check and publish" not in page  # the officer's panel


def test_a_councillor_sees_what_was_published_since_the_last_visit(people, client):
    councillor = people["councillor"]
    client.force_login(councillor)
    first = text(client.get("/"))
    assert "Published in the last month" in first
    cycle = ScorecardPeriod.objects.filter(published_at__isnull=False).select_related("scorecard", "period").first()
    PublishedVersion.objects.create(
        cycle=cycle,
        number=cycle.versions.count() + 1,
        published_at=timezone.now() + dt.timedelta(seconds=5),
        note="A figure was corrected.",
        content=cycle.versions.order_by("-number").first().content,
    )
    again = text(client.get("/"))
    assert "Since your last visit on" in again
    assert f"Corrected {timezone.localdate():%-d %B %Y}: {cycle.scorecard.title}" in again
    assert "A figure was corrected." in again
    assert "Upload" not in again and "Waiting for your approval" not in again


def test_a_responsible_officer_has_an_approval_queue_of_their_own_measures(people, client):
    from accounts import roles

    from ..helpers import person

    manager = people["manager"]
    responsible = person("responsible-t", roles.MANAGER)
    Measure.objects.filter(code="2C").update(responsible_user=responsible)
    workflow.save(manager, Measure.objects.get(code="2C"), month("2024-09"), WORDS, submit=True)
    workflow.save(manager, Measure.objects.get(code="2B"), month("2024-09"), WORDS, submit=True)
    client.force_login(responsible)
    page = text(client.get("/approvals/"))
    assert "1 commentary waiting" in page and "2C" in page and "2B " not in page
    client.force_login(manager)  # wrote both: someone else approves
    assert "Nothing is waiting for your approval." in text(client.get("/approvals/"))
    client.force_login(people["councillor"])
    assert client.get("/approvals/").status_code == 403


@pytest.mark.parametrize("role", ["officer", "manager", "councillor"])
def test_each_home_page_costs_the_same_queries_for_one_measure_or_many(people, client, role):
    from django.core.cache import cache

    from scorecard.queries import report_cache

    client.force_login(people[role])
    counts = []
    for codes in (["2A"], ["EC1", "EC2", "OT6"]):  # one commentary waiting, then four
        for code in codes:
            workflow.save(people["officer"], Measure.objects.get(code=code), month("2024-09"), WORDS, submit=True)
        cache.clear()  # each count from a cold start, reports worked out again
        report_cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        counts.append([q["sql"][:90] for q in queries.captured_queries])
    assert len(counts[0]) == len(counts[1]), "\n".join(map(str, counts))


def test_sent_back_commentary_heads_the_authors_pages_after_later_months_are_loaded(
    people, client, django_capture_on_commit_callbacks, mailoutbox
):
    """Sent back for September; then October's figures arrive. The item stays at the top of the manager's
    home page and My measures until resubmitted, and the author is e-mailed the reason once."""
    from imports import services as uploads
    from indicators import periods

    from ..helpers import EXTRACT_HEADER

    manager, officer = people["manager"], people["officer"]
    manager.email = "mo@council.example"
    manager.save()
    note = workflow.save(manager, Measure.objects.get(code="2C"), month("2024-09"), WORDS, submit=True)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.send_back(officer, note, "Say which discharges, and what the panel decided.")
    assert len(mailoutbox) == 1
    sent = mailoutbox[0]
    assert sent.to == ["mo@council.example"] and sent.subject == "Commentary sent back: 2C September 2024"
    assert "Say which discharges, and what the panel decided." in sent.body and "/commentary/" in sent.body

    october = EXTRACT_HEADER + "2C,2024-10,47,18400,,\n2B,2024-10,13,243101,,\n"
    upload = uploads.take_file(october.encode(), "october.csv", reporting_period=periods.parse_period("2024-10"))
    assert upload.state == upload.State.COMMITTED

    client.force_login(manager)
    for page in (text(client.get("/")), text(client.get("/my-measures/"))):
        assert "Sent back to you (1)" in page
        assert "2C" in page and "September 2024" in page and "Say which discharges" in page
    home = client.get("/").content.decode()
    assert home.index("Sent back to you") < home.index("Commentary due")  # at the top
    assert len(mailoutbox) == 1  # once

    workflow.save(manager, Measure.objects.get(code="2C"), month("2024-09"), WORDS | {"data": "Redone."}, submit=True)
    assert "Sent back to you" not in text(client.get("/"))


def test_sent_back_commentary_of_a_published_month_is_not_listed(people, client):
    manager, officer = people["manager"], people["officer"]
    note = workflow.save(manager, Measure.objects.get(code="2C"), month("2024-08"), WORDS, submit=True)
    workflow.send_back(officer, note, "Too late for August.")  # August is published
    client.force_login(manager)
    assert "Sent back to you" not in text(client.get("/"))


def test_a_councillors_home_page_leads_with_the_latest_published_month_and_what_changed(people, client):
    """First on the page: the period published last, its status counts, and each measure whose status
    changed since the period before (read from the same reports the scorecard pages show)."""
    from scorecard import queries
    from workflow.home import latest_published

    client.force_login(people["councillor"])
    response = client.get("/")
    html, page = response.content.decode(), text(response)
    lead = latest_published(queries.list_scorecards(drafts=False))
    title = f"Latest: {lead.scorecard.title}, {lead.period.long_label}"
    assert page.index(title) < page.index("Published in the last month") < page.index("Scorecards", page.index(title))
    assert html.index('class="card lead"') < html.index('id="news-title"')
    counts = lead.report.status_counts
    assert f"{counts[0].count} {counts[0].status.value}" in page
    # the demo's latest published period is the client-level ASCOF scorecard's first, with none before it
    assert (lead.scorecard.slug, lead.period.code) == ("ascof-client-level", "2024/25 Q4")
    assert "What changed since" not in page


def test_what_changed_since_the_period_before_lists_each_status_that_moved_and_no_other(people):
    from scorecard import queries
    from workflow.before_publishing import since_before

    reading = queries.reading("monthly-asc-dashboard", drafts=False)
    august = next(p for p in reading.periods if p.code == "2024-08")
    report = queries.report_for_reading(reading, august)
    since = since_before(reading, august, report)
    assert since.previous.code == "2024-07"
    july = {r.measure.code: r.status.status.value for r in queries.report_for_reading(reading, since.previous).rows}
    moved = {
        r.measure.code: (july[r.measure.code], r.status.status.value) for r in report.rows if r.measure.code in july
    }
    moved = {code: pair for code, pair in moved.items() if pair[0] != pair[1]}
    assert moved  # the demo's August has statuses that moved
    assert {c.row.measure.code: (c.before, c.row.status.status.value) for c in since.changes} == moved
    first = next(p for p in reading.periods if p.code == "2024-07")
    assert since_before(reading, first, queries.report_for_reading(reading, first)).previous is None
