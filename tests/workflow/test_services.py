"""The working month's services: drafting, approval, publishing, freezing."""

import pytest

from accounts import roles
from indicators.models import (
    AuditEvent,
    Commentary,
    Measure,
    Scorecard,
    ScorecardPeriod,
)
from workflow import services as workflow

from ..helpers import WORDS, month, person


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


def test_the_responsible_officer_may_approve(people):
    manager, colleague = people["manager"], person("colleague", roles.MANAGER)
    Measure.objects.filter(code="2C").update(responsible_user=colleague)
    note = workflow.save(manager, Measure.objects.get(code="2C"), month("2024-09"), WORDS, submit=True)
    assert workflow.approve(colleague, note).state == Commentary.State.APPROVED


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


def test_published_commentary_is_frozen(people):
    manager = people["manager"]
    with pytest.raises(workflow.WorkflowError, match="published and frozen"):
        workflow.save(people["officer"], Measure.objects.get(code="CS09"), month("2020-09"), WORDS)
    Measure.objects.filter(code="CS09").update(owner_user=manager)
    with pytest.raises(workflow.WorkflowError, match="published and frozen"):
        workflow.save(manager, Measure.objects.get(code="CS09"), month("2020-09"), WORDS)


def test_four_eyes_the_writer_cannot_approve_their_own_words(people, settings):
    officer = people["officer"]
    note = workflow.save(officer, Measure.objects.get(code="2C"), month("2024-09"), WORDS, submit=True)
    with pytest.raises(workflow.WorkflowError, match="someone else must approve it"):
        workflow.approve(officer, note)
    other = person("other-officer", roles.PERFORMANCE_OFFICER)
    approved = workflow.approve(other, note)
    assert (approved.approved_by, approved.approved_words) == (other, approved.words)
    settings.COMMENTARY_FOUR_EYES = False  # a council that turns it off
    note = workflow.save(officer, Measure.objects.get(code="2E"), month("2024-09"), WORDS, submit=True)
    assert workflow.approve(officer, note).state == Commentary.State.APPROVED


def test_the_approval_records_the_words_read_and_a_change_needs_approving_again(people):
    manager, officer = people["manager"], people["officer"]
    measure = Measure.objects.get(code="2C")
    note = workflow.approve(officer, workflow.save(manager, measure, month("2024-09"), WORDS, submit=True))
    assert note.approval_stands and note.approved_words["data"] == WORDS["data"]
    changed = workflow.save(manager, measure, month("2024-09"), {**WORDS, "data": "Admissions rose."}, submit=True)
    assert changed.state == Commentary.State.SUBMITTED and not changed.approval_stands
    # the words changed behind the workflow's back (a database edit) are not published as approved
    Commentary.objects.filter(pk=note.pk).update(state=Commentary.State.APPROVED)
    line = next(
        line
        for line in workflow.checklist(Scorecard.objects.get(slug="monthly-asc-dashboard"), month("2024-09"))
        if line.entry.measure.code == "2C"
    )
    assert not line.ready


def test_the_commentary_page_tells_the_writer_someone_else_approves(people, client):
    officer = people["officer"]
    workflow.save(officer, Measure.objects.get(code="2C"), month("2024-09"), WORDS, submit=True)
    client.force_login(officer)
    page = client.get("/commentary/2C/2024-09/").content.decode()
    assert "someone else must approve it" in page and "Record the decision" not in page
