"""The working month's pages: commentary, publishing, My measures, the audit log."""

import datetime as dt
import re
from decimal import Decimal

import pytest

from accounts import roles
from imports import services
from imports.extract import check_extract
from imports.readers import read_table
from imports.revisions import commit_extract
from indicators.models import (
    AuditEvent,
    Commentary,
    CommentaryEvent,
    Measure,
    Scorecard,
    ScorecardPeriod,
    StatusOverride,
    Target,
)
from indicators.periods import Period as PeriodValue
from workflow import services as workflow

from ..helpers import WORDS, month, person, text

DRAFT = "/scorecards/monthly-asc-dashboard/2024-09/"


CABINET = "/scorecards/cabinet-scorecard/2020-09/"


def test_sent_back_needs_a_reason_and_the_author_sees_it(people, client):
    manager, officer = people["manager"], people["officer"]
    measure = Measure.objects.get(code="2C")
    note = workflow.save(manager, measure, month("2024-09"), WORDS, submit=True)
    with pytest.raises(workflow.WorkflowError, match="Say why"):
        workflow.send_back(officer, note, "  ")
    workflow.send_back(officer, note, "Say what the target is and when it will be met.")
    client.force_login(manager)
    page = text(client.get("/my-measures/"))
    assert "Sent back Sent back: Say what the target is and when it will be met." in page
    form = text(client.get("/commentary/2C/2024-09/"))
    assert "Sent back Say what the target is and when it will be met." in form
    note = workflow.save(manager, measure, month("2024-09"), WORDS, submit=True)
    assert note.state == Commentary.State.SUBMITTED and note.sent_back_reason == ""


def test_a_manager_cannot_write_for_someone_elses_measure_or_approve(people, client):
    manager = people["manager"]
    other = Measure.objects.get(code="CS09")
    with pytest.raises(workflow.WorkflowError, match="cannot write"):
        workflow.save(manager, other, month("2020-09"), WORDS)
    note = workflow.save(manager, Measure.objects.get(code="2C"), month("2024-09"), WORDS, submit=True)
    with pytest.raises(workflow.WorkflowError, match="cannot approve"):
        workflow.approve(manager, note)
    client.force_login(manager)
    assert client.get("/commentary/CS09/2020-09/").status_code == 403
    response = client.post("/commentary/CS09/2020-09/", {"intent": "save", **WORDS})
    assert response.status_code == 403
    assert not Commentary.objects.filter(measure=other, data=WORDS["data"]).exists()


def test_last_periods_commentary_is_the_starting_draft(people, client):
    manager, measure = people["manager"], Measure.objects.get(code="2C")
    workflow.save(manager, measure, month("2024-08"), {"text": "August's words."})
    draft = workflow.starting_draft(measure, month("2024-09"))
    assert draft.pk is None and draft.text == "August's words."
    client.force_login(manager)
    page = client.get("/commentary/2C/2024-09/").content.decode()
    assert "August&#x27;s words." in page and "Started from the commentary for August 2024" in page


def test_commentary_form_errors_say_what_is_wrong_and_change_nothing(people, client):
    client.force_login(people["manager"])
    response = client.post("/commentary/2C/2024-09/", {"intent": "submit", "data": " ", "text": ""})
    assert "Write the commentary in the data, review and action boxes, or as free text." in text(response)
    assert not Commentary.objects.filter(measure__code="2C", period__code="2024-09").exists()
    assert client.get("/commentary/2C/2024-13/").status_code == 404
    assert client.get("/commentary/NOPE/2024-09/").status_code == 404


def test_councillor_sees_the_commentary_only_once_published(people, client):
    manager, officer, councillor = people["manager"], people["officer"], people["councillor"]
    note = workflow.save(manager, Measure.objects.get(code="2C"), month("2024-09"), WORDS, submit=True)
    workflow.approve(officer, note)

    client.force_login(councillor)
    assert client.get(DRAFT).status_code == 404
    assert client.get(DRAFT + "measures/2C/").status_code == 404
    assert "September 2024" not in text(client.get("/"))
    assert client.get("/api/scorecards/monthly-asc-dashboard/2024-09/").status_code == 404

    client.force_login(officer)
    staff_page = text(client.get(DRAFT + "measures/2C/"))
    assert "Draft This period has not been published" in staff_page and "Admissions fell to 12." in staff_page

    workflow.publish(officer, Scorecard.objects.get(slug="monthly-asc-dashboard"), month("2024-09"), True)
    client.force_login(councillor)
    page = text(client.get(DRAFT + "measures/2C/"))
    assert "Admissions fell to 12." in page and "Draft" not in page
    assert client.get("/api/scorecards/monthly-asc-dashboard/2024-09/").json()["period"]["published"] is True
    assert Commentary.objects.get(measure__code="2C", period__code="2024-09").state == "published"


def test_draft_commentary_is_never_shown_to_councillors_even_on_a_published_period(people, client):
    manager = people["manager"]
    # a draft for a period already published (August 2024) stays out of councillors' sight
    workflow.save(manager, Measure.objects.get(code="2C"), month("2024-08"), {"text": "Unchecked words."})
    client.force_login(people["councillor"])
    assert "Unchecked words." not in text(client.get("/scorecards/monthly-asc-dashboard/2024-08/measures/2C/"))
    pdf = client.get("/scorecards/monthly-asc-dashboard/2024-08/scorecard.pdf")
    assert pdf.status_code == 200


def test_an_upload_after_publishing_shows_as_recalculated_not_as_a_silent_change(people, client):
    """Cabinet scorecard September 2020 is published with Shared Lives at 101. A corrected September
    extract says 104: the published page keeps 101 and shows 104 beside it as recalculated."""
    data = b"code,period,numerator,denominator,value,note\nCS09,2020-09,,,104,\n"
    commit_extract(check_extract(read_table(data, "extract.csv")), PeriodValue.month(2020, 9))
    client.force_login(people["councillor"])
    page = text(client.get(CABINET))
    assert "101 (Sep 20)Recalculated since publication: 104" in page.replace(" Recalculated", "Recalculated")
    assert "Recalculated since publication: 104" in text(client.get(CABINET + "measures/CS09/"))
    # the API and the downloads say the same
    measure = next(
        m
        for s in client.get("/api/scorecards/cabinet-scorecard/2020-09/").json()["sections"]
        for m in s["measures"]
        if m["code"] == "CS09"
    )
    assert measure["this_period"]["value"] == "101"


def test_statuses_stay_as_published_when_targets_or_judgements_change_later(people, client):
    """CS03 was RED against 85% when September 2020 was published. Lowering the target to 70% or
    setting a manual status afterwards does not change the published scorecard."""
    Target.objects.filter(measure__code="CS03", financial_year=2020).update(target=Decimal(70))
    StatusOverride.objects.create(
        measure=Measure.objects.get(code="CS03"), period=month("2020-09"), status="GREEN", reason="Late view"
    )
    client.force_login(people["councillor"])
    page = text(client.get(CABINET))
    assert (
        "Proportion of clients reviewed, reassessed or assessed within 12 months RED 11.4 pp below the target "
        "85%"  # the gap as published: to the 85% target, not the 70% set since
    ) in page


def test_my_measures_lists_figures_states_and_the_deadline(people, client):
    manager = people["manager"]
    cycle = ScorecardPeriod.objects.get(scorecard__slug="monthly-asc-dashboard", period__code="2024-09")
    cycle.commentary_deadline = dt.date(2024, 10, 4)
    cycle.save()
    workflow.save(manager, Measure.objects.get(code="2B"), month("2024-09"), WORDS, submit=True)
    client.force_login(manager)
    page = text(client.get("/my-measures/"))
    assert "Monthly Adult Social Care dashboard, September 2024" in page
    assert "Commentary is due by Friday 4 October 2024" in page and "1 of 2 still to write or resubmit" in page
    assert "Submitted" in page and "Missing" in page
    assert people["councillor"] and client.get("/my-measures/").status_code == 200
    client.force_login(people["councillor"])
    assert client.get("/my-measures/").status_code == 403


def test_publish_page_lists_what_is_missing_and_asks_to_confirm(people, client):
    client.force_login(people["officer"])
    url = DRAFT + "publish/"
    page = text(client.get(url))
    assert "(41 measures; 41 without approved commentary)" in page
    response = client.post(url, {"intent": "publish"})
    refused, refused_page = text(response), response.content.decode()
    assert "There is a problem" in refused and "Confirm to publish without it." in refused
    # the GOV.UK pattern: "Error:" in the title, the summary at the top (not under the 41-row table),
    # its link to the field, and the field marked where it is
    assert "<title>Error: Publish" in refused_page
    assert refused_page.index('class="error-summary"') < refused_page.index("Commentary for each measure")
    assert 'href="#id_confirm_missing"' in refused_page and 'class="form-group form-group-error"' in refused_page
    assert not ScorecardPeriod.objects.get(scorecard__slug="monthly-asc-dashboard", period__code="2024-09").is_published
    bad_date = text(client.post(url, {"intent": "deadline", "deadline": "31/02/2024"}))
    assert "Commentary deadline: Enter a valid date." in bad_date
    client.post(url, {"intent": "deadline", "deadline": "2024-10-04"})
    assert ScorecardPeriod.objects.get(period__code="2024-09").commentary_deadline == dt.date(2024, 10, 4)
    response = client.post(url, {"intent": "publish", "confirm_missing": "on"})
    assert response.status_code == 302
    assert ScorecardPeriod.objects.get(period__code="2024-09", scorecard__slug="monthly-asc-dashboard").is_published


def test_commentary_history_page(people, client):
    manager, officer = people["manager"], people["officer"]
    note = workflow.save(manager, Measure.objects.get(code="2C"), month("2024-09"), WORDS, submit=True)
    workflow.send_back(officer, note, "Add the target.")
    client.force_login(manager)
    page = text(client.get("/commentary/2C/2024-09/history/"))
    assert "Submitted by Mo Manager" in page and "Sent back by officer-t" in page and "Reason: Add the target." in page
    assert CommentaryEvent.objects.filter(commentary=note).count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["my-measures", "publish", "audit"])
def test_working_month_pages_issue_a_fixed_number_of_queries(client, page):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ..factories import scorecard_with_measures

    manager = person("counting-manager", roles.MANAGER)
    officer = person("counting-officer", roles.PERFORMANCE_OFFICER, is_staff=True)
    counts = {}
    for n in (5, 40):
        scorecard = scorecard_with_measures(n)
        Measure.objects.filter(entries__scorecard=scorecard).update(owner_user=manager)
        for measure in Measure.objects.filter(entries__scorecard=scorecard)[:3]:
            note = workflow.save(manager, measure, month("2024-09"), WORDS, submit=True)
            workflow.send_back(officer, note, "More detail")
        url = {
            "my-measures": "/my-measures/",
            "publish": f"/scorecards/{scorecard.slug}/2024-09/publish/",
            "audit": "/audit/",
        }[page]
        cache.clear()  # the same cache state for each count (permissions are read afresh)
        client.force_login(manager if page == "my-measures" else officer)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts[n] = len(queries)
        Measure.objects.filter(entries__scorecard=scorecard).update(owner_user=None)  # one scorecard each time
    assert counts[5] == counts[40], counts


@pytest.fixture
def officer_client(demo, client):
    officer = person("auditor", roles.PERFORMANCE_OFFICER, is_staff=True)
    client.force_login(officer)
    return client, officer


def test_each_kind_of_change_is_recorded_with_who_did_it(officer_client, django_capture_on_commit_callbacks):
    client, officer = officer_client
    # an upload through the one upload path
    upload = services.receive(b"code,period,value\n2C,2024-09,9.9\n", "sept.csv", user=officer, queue_check=False)
    services.check(upload.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm(services.Upload.objects.get(pk=upload.pk), officer)
    # a target changed on its page, with the reason
    measure = Measure.objects.get(code="CS03")
    change = "/targets/CS03/2020/tolerance/"
    fields = {"target": "80", "tolerance_type": "absolute", "reason": "Agreed at Cabinet"}
    checked = client.post(change, fields).context["checked"]
    response = client.post(change, {**fields, "confirm": "yes", "checked": checked})
    assert response.status_code == 302, text(response)[:500]
    # a status set by judgement in the admin
    client.post(
        "/admin/indicators/statusoverride/add/",
        {"measure": measure.pk, "period": month("2024-09").pk, "status": "AMBER", "reason": "Forecast to recover"},
    )
    # commentary and publishing
    note = workflow.save(officer, Measure.objects.get(code="2C"), month("2024-09"), WORDS, submit=True)
    workflow.approve(person("second-officer", roles.PERFORMANCE_OFFICER), note)  # four eyes
    workflow.publish(officer, Scorecard.objects.get(slug="monthly-asc-dashboard"), month("2024-09"), True)

    recorded = {(e.action, e.user.username if e.user else None) for e in AuditEvent.objects.filter(user=officer)}
    assert {a for a, _ in recorded} >= {"upload", "target", "status", "commentary", "publish"}
    upload_event = AuditEvent.objects.get(action="upload", user=officer)  # the demo's own loads are uploads too
    assert "sept.csv" in upload_event.summary and upload_event.period == "2024-09"
    assert (
        AuditEvent.objects.get(action="target").summary
        == "CS03: target for 2020/21 changed: target 85 \u2192 80. Reason: Agreed at Cabinet"
    )


def test_the_audit_page_filters_and_says_what_is_wrong(officer_client):
    client, officer = officer_client
    workflow.publish(officer, Scorecard.objects.get(slug="monthly-asc-dashboard"), month("2024-09"), True)
    page = text(client.get("/audit/"))
    assert "Period published" in page and "Definitions loaded" in page
    only = text(client.get("/audit/?action=publish&user=auditor"))
    assert "Monthly Adult Social Care dashboard, September 2024 published with 41 commentary missing" in only
    assert only.count("Period published") >= 1 and "definitions.yaml" not in only
    dates = {"since_0": "5", "since_1": "10", "since_2": "2024", "until_0": "1", "until_1": "10", "until_2": "2024"}
    bad = client.get("/audit/", {"user": "nobody", **dates})
    bad_page, bad = bad.content.decode(), text(bad)
    assert "Who: Choose someone in the list" in bad and "<title>Error: Audit log" in bad_page
    assert "To: To must be the same as or after From" in bad and "Nothing in the audit log matches." in bad
    assert 'href="#id_until_0"' in bad_page  # the summary's link goes to the day box
    assert "There is no page 'x' of the audit log" in text(client.get("/audit/?page=x"))


@pytest.mark.parametrize(
    "day, month_, year, message",
    [
        ("", "10", "2024", "From must include a day"),
        ("5", "", "", "From must include a month and a year"),
        ("31", "2", "2024", "From must be a real date"),
        ("5", "10", "24", "Year must include 4 numbers"),
        ("five", "10", "2024", "From must be a real date, in numbers"),
    ],
)
def test_an_audit_date_is_typed_as_day_month_and_year_and_told_what_is_wrong(
    officer_client, day, month_, year, message
):
    client, _officer = officer_client
    page = client.get("/audit/", {"since_0": day, "since_1": month_, "since_2": year}).content.decode()
    assert f"From: {message}" in text_of(page)
    assert f'name="since_0" value="{day}"' in page  # what was typed stays in its box
    assert 'aria-invalid="true"' in page


def text_of(html: str) -> str:
    import html as html_module
    import re as re_module

    return html_module.unescape(re_module.sub(r"\s+", " ", re_module.sub(r"<[^>]+>", " ", html)))


def test_the_audit_log_filters_by_person_and_scorecard_links_each_row_and_downloads_as_csv(officer_client):
    import csv
    import io

    client, officer = officer_client
    workflow.publish(officer, Scorecard.objects.get(slug="monthly-asc-dashboard"), month("2024-09"), True)
    page = client.get("/audit/", {"user": "auditor", "scorecard": "monthly-asc-dashboard"}).content.decode()
    assert '<option value="auditor" selected>' in page
    assert 'href="/scorecards/monthly-asc-dashboard/2024-09/">The scorecard' in page
    uploads = client.get("/audit/", {"action": "upload"}).content.decode()
    assert re.search(r'href="/imports/\d+/">Upload \d+', uploads)
    download = client.get("/audit/", {"user": "auditor", "download": "csv"})
    assert download["Content-Disposition"] == 'attachment; filename="audit-log.csv"'
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows and {r["who"] for r in rows} == {"auditor"}
    assert any("published with 41 commentary missing" in r["detail"] for r in rows)


def test_loaded_definitions_are_recorded(demo):
    assert AuditEvent.objects.filter(action="definitions", summary__startswith="definitions.yaml").count() == 7


def test_the_deadline_shows_in_its_date_box_and_saving_keeps_it(officer_client):
    client, _officer = officer_client
    url = "/scorecards/monthly-asc-dashboard/2024-09/publish/"
    client.post(url, {"intent": "deadline", "deadline": "2026-11-26"})
    page = client.get(url).content.decode()
    assert 'value="2026-11-26"' in page
    assert 'aria-describedby="id_deadline_helptext"' in page and 'id="id_deadline_helptext"' in page
    client.post(url, {"intent": "deadline", "deadline": "2026-11-26"})  # saved again as shown
    from indicators.models import ScorecardPeriod

    assert (
        str(
            ScorecardPeriod.objects.get(
                scorecard__slug="monthly-asc-dashboard", period__code="2024-09"
            ).commentary_deadline
        )
        == "2026-11-26"
    )


def test_the_commentary_form_shows_the_figures_and_previews_without_saving(people, client):
    from indicators.models import Commentary

    client.force_login(people["manager"])
    page = text(client.get("/commentary/2C/2024-09/"))
    assert "The figures" in page and "RED" in page and "Minimum 315 / Stretch 315" in page
    preview = text(client.post("/commentary/2C/2024-09/", {"intent": "preview", **WORDS}))
    assert "Preview: what councillors will read" in preview and WORDS["data"] in preview
    assert not Commentary.objects.filter(measure__code="2C", period__code="2024-09").exists()


def test_a_reviewer_reads_the_words_with_approve_as_the_one_primary_action(people, client):
    measure = Measure.objects.get(code="2C")
    workflow.save(people["manager"], measure, month("2024-09"), WORDS, submit=True)
    client.force_login(people["officer"])
    html = client.get("/commentary/2C/2024-09/").content.decode()
    approve = html.index('value="approve" class="button">Approve</button>')
    assert approve < html.index("Change the words yourself") < html.index('value="submit" class="button"')
    assert html.count('class="button"') == 2  # Approve, and Submit inside the closed "change the words"
    response = client.post("/commentary/2C/2024-09/", {"intent": "send_back", "reason": ""})
    assert "Tell the author what to change" in text(response) or "reason" in text(response).lower()
    client.post("/commentary/2C/2024-09/", {"intent": "approve"})
    assert Commentary.objects.get(measure=measure, period__code="2024-09").state == "approved"


def test_submitted_commentary_reads_as_sent_until_withdrawn_to_edit(people, client):
    """After submitting, the manager sees the words as sent and 'Withdraw to edit', not a form that looks
    editable and refuses the save; withdrawing makes it a draft again (audited), out of the queue."""
    from indicators.models import AuditEvent, CommentaryEvent

    manager, officer = people["manager"], people["officer"]
    measure = Measure.objects.get(code="2C")
    workflow.save(manager, measure, month("2024-09"), WORDS, submit=True)
    client.force_login(manager)
    page = client.get("/commentary/2C/2024-09/").content.decode()
    assert "Submitted: waiting for approval" in page and "Withdraw to edit" in page
    assert 'value="submit"' not in page and "<textarea" not in page
    response = client.post("/commentary/2C/2024-09/", {"intent": "withdraw"}, follow=True)
    assert "withdrawn from approval: change it and submit it again" in text(response)
    note = Commentary.objects.get(measure=measure, period__code="2024-09")
    assert note.state == Commentary.State.DRAFT and note.data == WORDS["data"]
    assert note.events.order_by("-id").first().action == CommentaryEvent.Action.WITHDRAWN
    assert AuditEvent.objects.filter(summary__contains="withdrawn to edit", user=manager).exists()
    assert "<textarea" in client.get("/commentary/2C/2024-09/").content.decode()
    with pytest.raises(workflow.WorkflowError, match="Only commentary waiting for approval can be withdrawn"):
        workflow.withdraw(manager, note)
    client.force_login(officer)
    assert "Nothing is waiting for your approval." in text(client.get("/approvals/"))


def test_the_publish_page_shows_what_councillors_will_read_and_reminds_the_owners(people, client, mailoutbox):
    """Before publishing: the status summary, the statuses that changed since August, the warnings left
    on September's uploads, and the commentary missing with who is reminded, with a button that e-mails
    them now (once a day)."""
    from django.contrib.auth import get_user_model

    from imports.models import Upload
    from scorecard import queries
    from workflow import before_publishing

    manager = people["manager"]
    get_user_model().objects.filter(pk=manager.pk).update(email="mo@example.org")
    client.force_login(people["officer"])
    url = DRAFT + "publish/"
    html = client.get(url).content.decode()
    page = text(client.get(url))
    assert page.index("What councillors will read") < page.index("Publish September 2024", 30)
    reading = queries.reading("monthly-asc-dashboard", drafts=True)
    september = month("2024-09")
    check = before_publishing.check(reading, september, workflow.checklist(reading.scorecard, september))
    counts = " ".join(f"{c.count} {c.status.value}" for c in check.report.status_counts)
    assert counts.split()[0] in page and "GREEN" in page
    assert "Statuses that changed since August 2024" in page and check.changes
    for change in check.changes:
        assert f"{change.row.measure.title} {change.before} {change.row.status.status.value}" in page
    warned = [u for u in Upload.objects.filter(reporting_period=september, state="committed") if u.warnings]
    assert warned  # the demo's September extract has a cumulative figure that fell and a jump
    assert f"{warned[0].file_name} , imported" in page and warned[0].warnings[0]["message"] in page
    assert "Commentary not yet approved (41)" in page
    assert "Mo Manager" in page  # the owner of 2C and 2B, reminded
    assert html.index("What councillors will read") < html.index('value="publish"')
    response = client.post(url, {"intent": "remind"}, follow=True)
    assert "Reminders: 1 reminder(s) sent" in text(response)
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["mo@example.org"]
    assert "2C" in mailoutbox[0].body and "September 2024" in mailoutbox[0].subject
    again = text(client.post(url, {"intent": "remind"}, follow=True))
    assert "0 reminder(s) sent, 1 already sent today" in again and len(mailoutbox) == 1


def _measure_with_status(statuses: tuple[str, ...], owner) -> Measure:
    """A measure of the monthly dashboard whose status in September 2024 is one of `statuses`, owned by
    `owner` (so they may write its commentary)."""
    from scorecard import queries

    reading = queries.reading("monthly-asc-dashboard", drafts=True)
    row = next(
        r for r in queries.report_for_reading(reading, month("2024-09")).rows if r.status.status.value in statuses
    )
    Measure.objects.filter(code=row.measure.code).update(owner_user=owner)
    return Measure.objects.get(code=row.measure.code)


@pytest.mark.parametrize(
    "statuses, asked, refused",
    [
        (("RED",), True, True),
        (("AMBER", "RED"), True, True),
        (("GREEN", "N/A"), True, False),  # on track, or nothing to judge
        (("RED",), False, False),  # the scorecard does not ask for them
    ],
)
def test_off_track_commentary_needs_review_and_action_to_be_submitted(people, client, statuses, asked, refused):
    from indicators.models import Scorecard

    manager = people["manager"]
    Scorecard.objects.update(reasons_when_off_track=asked)
    measure = _measure_with_status(statuses, manager)
    client.force_login(manager)
    address = f"/commentary/{measure.code}/2024-09/"
    response = client.post(address, {"intent": "submit", "data": "Admissions fell to 12."})
    note = Commentary.objects.filter(measure=measure, period__code="2024-09").first()
    if refused:
        page = response.content.decode()
        assert response.status_code == 200 and "<title>Error: Commentary" in page
        assert "say why it is (Review) and what is being done about it (Action) before submitting" in page
        assert 'href="#id_review"' in page and 'href="#id_action"' in page
        assert "Say why the measure is " in page and "Say what is being done about it" in page
        assert note is None  # nothing saved; the words typed are still in the form
        assert "Admissions fell to 12." in page
        saved = client.post(address, {"intent": "save", "data": "Admissions fell to 12."})
        assert saved.status_code == 302  # a draft may be saved meanwhile
    else:
        assert response.status_code == 302 and note.state == Commentary.State.SUBMITTED


def test_the_approver_is_told_which_parts_are_empty(people, client):
    measure = Measure.objects.get(code="2C")
    workflow.save(people["manager"], measure, month("2024-09"), {"data": "Admissions fell to 12."}, submit=False)
    note = Commentary.objects.get(measure=measure, period__code="2024-09")
    Commentary.objects.filter(pk=note.pk).update(state=Commentary.State.SUBMITTED)
    client.force_login(people["officer"])
    assert "Left empty: Review, Action." in text(client.get("/commentary/2C/2024-09/"))


def test_the_commentary_form_carries_an_example_of_good_commentary(people, client):
    client.force_login(people["manager"])
    page = text(client.get("/commentary/2C/2024-09/"))
    assert "What good commentary looks like" in page
    assert "Say what the figures show, why, and what will be done by when." in page
