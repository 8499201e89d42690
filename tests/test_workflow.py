"""The working month: commentary drafted, submitted, approved or sent back, published with the period;
what each reader sees before and after; figures, statuses and commentary frozen once published."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from accounts import roles
from imports.extract import check_extract, commit_extract
from imports.readers import read_table
from indicators.models import (
    AuditEvent,
    Commentary,
    CommentaryEvent,
    DataPoint,
    Measure,
    Scorecard,
    ScorecardPeriod,
    StatusOverride,
    StoredPeriod,
    Target,
)
from indicators.periods import Period as PeriodValue
from workflow import services as workflow

from .factories import UserFactory
from .test_scorecard_pages import text

DRAFT = "/scorecards/monthly-asc-dashboard/2024-09/"
CABINET = "/scorecards/cabinet-scorecard/2020-09/"


def person(name: str, role: str, **extra):
    roles.ensure_roles()
    user = UserFactory(username=name, email=f"{name}@council.example", **extra)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def people(demo):
    manager = person("manager-t", roles.MANAGER, first_name="Mo", last_name="Manager")
    officer = person("officer-t", roles.PERFORMANCE_OFFICER, is_staff=True)
    councillor = person("councillor-t", roles.COUNCILLOR)
    Measure.objects.filter(code__in=["2C", "2B"]).update(owner_user=manager)
    return {"manager": manager, "officer": officer, "councillor": councillor}


def month(code: str) -> StoredPeriod:
    return StoredPeriod.objects.get(code=code)


WORDS = {"data": "Admissions fell to 12.", "review": "Fewer hospital discharges.", "action": "Keep watching."}


def test_manager_drafts_submits_officer_approves_and_history_is_kept(people):
    manager, officer = people["manager"], people["officer"]
    measure = Measure.objects.get(code="2C")
    note = workflow.save(manager, measure, month("2024-09"), WORDS)
    assert note.state == Commentary.State.DRAFT and note.author == manager
    note = workflow.save(manager, measure, month("2024-09"), {**WORDS, "action": "Review each case."}, submit=True)
    assert note.state == Commentary.State.SUBMITTED
    note = workflow.approve(officer, note)
    assert note.state == Commentary.State.APPROVED
    events = list(note.events.values_list("action", "by__username", "action_text"))
    assert events == [
        ("saved", "manager-t", "Keep watching."),
        ("submitted", "manager-t", "Review each case."),
        ("approved", "officer-t", "Review each case."),
    ]
    assert AuditEvent.objects.filter(action="commentary", measure="2C", user=officer).exists()


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


def test_the_responsible_officer_may_approve(people):
    manager, colleague = people["manager"], person("colleague", roles.MANAGER)
    Measure.objects.filter(code="2C").update(responsible_user=colleague)
    note = workflow.save(manager, Measure.objects.get(code="2C"), month("2024-09"), WORDS, submit=True)
    assert workflow.approve(colleague, note).state == Commentary.State.APPROVED


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


def test_publishing_needs_confirmation_when_commentary_is_missing(people):
    officer = people["officer"]
    scorecard = Scorecard.objects.get(slug="monthly-asc-dashboard")
    with pytest.raises(workflow.WorkflowError, match=r"41 measure\(s\) have no approved commentary: 3D part 2a"):
        workflow.publish(officer, scorecard, month("2024-09"))
    assert not ScorecardPeriod.objects.get(scorecard=scorecard, period=month("2024-09")).is_published
    cycle = workflow.publish(officer, scorecard, month("2024-09"), confirm_missing=True)
    assert cycle.is_published and "2C: Not started" in cycle.missing_at_publication
    with pytest.raises(workflow.WorkflowError, match="was published on"):
        workflow.publish(officer, scorecard, month("2024-09"), confirm_missing=True)
    assert AuditEvent.objects.filter(action="publish", scorecard="monthly-asc-dashboard", user=officer).exists()


def test_only_an_officer_publishes(people):
    scorecard = Scorecard.objects.get(slug="monthly-asc-dashboard")
    for who in ("manager", "councillor"):
        with pytest.raises(workflow.WorkflowError, match="Only a performance officer"):
            workflow.publish(people[who], scorecard, month("2024-09"), confirm_missing=True)


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


def test_published_commentary_is_frozen(people):
    manager = people["manager"]
    with pytest.raises(workflow.WorkflowError, match="published and frozen"):
        workflow.save(people["officer"], Measure.objects.get(code="CS09"), month("2020-09"), WORDS)
    Measure.objects.filter(code="CS09").update(owner_user=manager)
    with pytest.raises(workflow.WorkflowError, match="published and frozen"):
        workflow.save(manager, Measure.objects.get(code="CS09"), month("2020-09"), WORDS)


def test_an_upload_after_publishing_shows_as_recalculated_not_as_a_silent_change(people, client):
    """Cabinet scorecard September 2020 is published with Shared Lives at 101. A corrected September
    extract says 104: the published page keeps 101 and shows 104 beside it as recalculated."""
    data = b"code,period,numerator,denominator,value,note\nCS09,2020-09,,,104,\n"
    commit_extract(check_extract(read_table(data, "extract.csv").frame), PeriodValue.month(2020, 9))
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
    assert "Proportion of clients reviewed, reassessed or assessed within 12 months RED 85%" in page


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
    assert "41 measures; 41 without approved commentary." in page
    refused = text(client.post(url, {"intent": "publish"}))
    assert "There is a problem" in refused and "Confirm to publish without it." in refused
    assert not ScorecardPeriod.objects.get(scorecard__slug="monthly-asc-dashboard", period__code="2024-09").is_published
    bad_date = text(client.post(url, {"intent": "deadline", "deadline": "31/02/2024"}))
    assert "Commentary deadline: Enter a valid date." in bad_date
    client.post(url, {"intent": "deadline", "deadline": "2024-10-04"})
    assert ScorecardPeriod.objects.get(period__code="2024-09").commentary_deadline == dt.date(2024, 10, 4)
    response = client.post(url, {"intent": "publish", "confirm_missing": "on"})
    assert response.status_code == 302
    assert ScorecardPeriod.objects.get(period__code="2024-09", scorecard__slug="monthly-asc-dashboard").is_published


def test_publish_period_command(people):
    out = io.StringIO()
    call_command("publish_period", "monthly-asc-dashboard", "2024-09", "--confirm-missing", stdout=out)
    assert "Published Monthly Adult Social Care dashboard, September 2024." in out.getvalue()


def test_commentary_history_page(people, client):
    manager, officer = people["manager"], people["officer"]
    note = workflow.save(manager, Measure.objects.get(code="2C"), month("2024-09"), WORDS, submit=True)
    workflow.send_back(officer, note, "Add the target.")
    client.force_login(manager)
    page = text(client.get("/commentary/2C/2024-09/history/"))
    assert "Submitted by Mo Manager" in page and "Sent back by officer-t" in page and "Reason: Add the target." in page
    assert CommentaryEvent.objects.filter(commentary=note).count() == 2


def test_demo_publications_freeze_what_was_loaded(demo):
    assert ScorecardPeriod.objects.filter(published_at__isnull=False).count() == 6
    assert DataPoint.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["my-measures", "publish", "audit"])
def test_working_month_pages_issue_a_fixed_number_of_queries(client, page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .factories import scorecard_with_measures

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
        client.force_login(manager if page == "my-measures" else officer)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts[n] = len(queries)
        Measure.objects.filter(entries__scorecard=scorecard).update(owner_user=None)  # one scorecard each time
    assert counts[5] == counts[40], counts
