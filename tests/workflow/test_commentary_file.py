"""The commentary file, loaded through the workflow."""

import pytest

from indicators.models import Commentary, StatusOverride
from indicators.problems import FileError
from workflow.commentary_file import load_commentary

from ..factories import MeasureFactory

GOOD = """
commentary:
  - {measure: SAT1, period: 2024-09, state: submitted, author: Head of Safeguarding, data: Fewer concerns.}
status_overrides:
  - {measure: SAT1, period: Sep 24, status: green, reason: Forecast to meet target.}
"""


@pytest.fixture
def sat1(db):
    return MeasureFactory(code="SAT1")


def test_loads_commentary_and_a_manual_status(sat1):
    result = load_commentary(GOOD)
    assert (result.commentaries, result.statuses) == (1, 1)
    note = Commentary.objects.get()
    assert (note.period.code, note.state, note.data, note.author_title) == (
        "2024-09",
        "submitted",
        "Fewer concerns.",
        "Head of Safeguarding",
    )
    assert StatusOverride.objects.get().status == "GREEN"


def test_loading_again_keeps_one_commentary_and_adds_no_repeated_status(sat1):
    load_commentary(GOOD)
    again = load_commentary(GOOD)
    assert (again.commentaries, again.statuses) == (0, 0)  # the same words change nothing
    assert (Commentary.objects.count(), StatusOverride.objects.count()) == (1, 1)


def test_a_changed_status_is_added_so_the_history_is_kept(sat1):
    load_commentary(GOOD)
    load_commentary(GOOD.replace("status: green", "status: amber"))
    assert list(StatusOverride.objects.values_list("status", flat=True)) == ["GREEN", "AMBER"]


@pytest.mark.parametrize(
    "change, message",
    [
        (
            ("measure: SAT1, period: 2024-09", "measure: SAT9, period: 2024-09"),
            'commentary[0] (measure "SAT9") > measure: no measure has the code "SAT9"',
        ),
        (("period: 2024-09", "period: someday"), 'commentary[0] (measure "SAT1") > period:'),
        (("state: submitted", "state: shouted"), 'commentary[0] (measure "SAT1") > state:'),
        (("state: submitted", "state: published"), 'commentary[0] (measure "SAT1") > state: "published" cannot be'),
        (("state: submitted", "state: approved"), 'commentary[0] (measure "SAT1") > state: "approved" cannot be'),
        ((", data: Fewer concerns.", ""), 'commentary[0] (measure "SAT1"): Write the commentary'),
        (("reason: Forecast to meet target.", "reason: ''"), 'status_overrides[0] (measure "SAT1") > reason:'),
        (("status: green", "status: purple"), 'status_overrides[0] (measure "SAT1") > status:'),
        (("author: Head", "writer: Head"), 'commentary[0] (measure "SAT1") > writer: unknown field'),
    ],
)
def test_bad_entries_are_refused_whole(sat1, change, message):
    with pytest.raises(FileError) as refused:
        load_commentary(GOOD.replace(*change))
    assert any(e.startswith(message) for e in refused.value.errors), refused.value.errors
    assert (Commentary.objects.count(), StatusOverride.objects.count()) == (0, 0)


def test_a_file_goes_through_the_workflow_so_each_commentary_has_its_history_and_audit(sat1):
    from indicators.models import AuditEvent, CommentaryEvent

    load_commentary(GOOD)
    event = CommentaryEvent.objects.get()
    assert (event.action, event.state, event.data) == ("loaded", "submitted", "Fewer concerns.")
    assert AuditEvent.objects.filter(action="commentary", measure="SAT1", period="2024-09").exists()


def test_published_commentary_is_frozen_against_a_file(sat1):
    load_commentary(GOOD)
    Commentary.objects.update(state="published")
    load_commentary(GOOD)  # the same words again: nothing to change, no complaint
    with pytest.raises(FileError, match="published and frozen"):
        load_commentary(GOOD.replace("Fewer concerns.", "Other words."))
    assert Commentary.objects.get().data == "Fewer concerns."


def test_a_file_cannot_approve_commentary_so_four_eyes_cannot_be_skipped(sat1):
    """One officer uploads a file saying `state: approved` and confirms it: refused whole, nothing is
    approved, and the commentary waits for someone else on the approval page."""
    from imports import services
    from imports.models import Upload

    from ..helpers import person

    officer = person("officer-alone", "Performance officer")
    upload = services.take_file(
        GOOD.replace("state: submitted", "state: approved").encode(),
        "commentary.yaml",
        kind=Upload.Kind.COMMENTARY,
        user=officer,
    )
    assert upload.state == Upload.State.REFUSED
    assert "Commentary is approved on the approval page by someone other than its author" in str(upload.errors)
    assert not Commentary.objects.filter(state__in=["approved", "published"]).exists()

    services.take_file(GOOD.encode(), "commentary.yaml", kind=Upload.Kind.COMMENTARY, user=officer)
    submitted = Commentary.objects.get()
    assert (submitted.state, submitted.approved_by) == ("submitted", None)
    from workflow import services as workflow

    with pytest.raises(workflow.WorkflowError, match="someone else must approve it"):
        workflow.approve(officer, submitted)  # the uploader wrote it: another person approves


def test_loading_again_keeps_an_approval_given_since(sat1):
    from workflow import services as workflow

    from ..helpers import person

    load_commentary(GOOD, user=person("writer", "Manager"))
    workflow.approve(person("approver", "Performance officer"), Commentary.objects.get())
    assert load_commentary(GOOD).commentaries == 0
    assert Commentary.objects.get().state == "approved"
