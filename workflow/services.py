"""The working month: commentary drafted, submitted, approved (or sent back) and published with the
scorecard's period. The web pages, the admin and the commands all change commentary and publish
through these functions, so every change is checked the same way and written to the history and
the audit log.

    draft -> submitted -> approved -> published
               |  ^
               v  |
            sent back (with a reason) -> submitted again

Who may do what is decided in `accounts.permissions`, which the reading pages use too; every service
here checks it on the server, whoever calls it.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from accounts.permissions import can_approve, can_publish, can_write
from indicators import periods
from indicators.models import (
    AuditEvent,
    Commentary,
    CommentaryEvent,
    Measure,
    PublishedVersion,
    Revision,
    Scorecard,
    ScorecardMeasure,
    ScorecardPeriod,
    StoredPeriod,
    signed_in_person,
)
from scorecard import published, queries  # the report publishing keeps is the one the pages show

from .errors import WorkflowError
from .reasons import reasons_missing

logger = logging.getLogger(__name__)
State = Commentary.State
TEXT_FIELDS = Commentary.TEXT_FIELDS
SEND_BACK_NEEDS_REASON = "Say why the commentary is sent back, so its author knows what to change."


class CommentaryMissing(WorkflowError):
    """Publishing without approved commentary for every measure, unconfirmed."""


# -------------------------------------------------------------------------------------- commentary


def _event(commentary: Commentary, action: str, user, reason: str = "") -> None:
    CommentaryEvent.record(commentary, action, user, reason)
    AuditEvent.record(
        AuditEvent.Action.COMMENTARY,
        f"{commentary.measure.code} {commentary.period.label}: {CommentaryEvent.Action(action).label.lower()}"
        + (f" ({reason})" if reason else ""),
        user,
        measure=commentary.measure.code,
        period=commentary.period.code,
        details={"state": commentary.state},
    )


def starting_draft(measure: Measure, period: StoredPeriod) -> Commentary:
    """The commentary for the period, or a new draft holding last period's words to start from."""
    commentary = Commentary.objects.filter(measure=measure, period=period).first()
    if commentary is not None:
        return commentary
    commentary = Commentary(measure=measure, period=period, state=State.DRAFT)
    earlier = (
        Commentary.objects.filter(measure=measure, period__start__lt=period.start).order_by("-period__start").first()
    )
    if earlier is not None:
        for name in TEXT_FIELDS:
            setattr(commentary, name, getattr(earlier, name))
        commentary.author_title = earlier.author_title
    commentary.started_from = earlier  # shown as "started from last period's commentary"
    return commentary


def save(user, measure: Measure, period: StoredPeriod, fields: dict[str, str], submit: bool = False) -> Commentary:
    """Save the words as a draft (or submit them). Approved commentary that is edited goes back to
    draft and needs approving again; published commentary is frozen."""
    if not can_write(user, measure):
        raise WorkflowError(f"You cannot write the commentary for {measure.code}.")
    if not Commentary.has_words(fields):
        raise WorkflowError(Commentary.NEEDS_WORDS)
    words = {name: (fields.get(name) or "").strip() for name in TEXT_FIELDS}
    if submit:
        missing = reasons_missing(measure, period, words)
        if missing is not None:
            raise missing
    with transaction.atomic():
        commentary = Commentary.objects.select_for_update().filter(measure=measure, period=period).first()
        if commentary is None:
            commentary = Commentary(measure=measure, period=period)
        elif commentary.state == State.PUBLISHED:
            raise WorkflowError(f"The commentary for {measure.code}, {period.long_label} is published and frozen.")
        elif commentary.state == State.SUBMITTED and not submit and not can_approve(user, measure):
            raise WorkflowError("This commentary is waiting for approval: withdraw it to change it.")
        for name, value in words.items():
            setattr(commentary, name, value)
        commentary.author = user
        commentary.state = State.SUBMITTED if submit else State.DRAFT
        if submit:
            commentary.sent_back_reason = ""
        commentary.full_clean()
        commentary.save()
        _event(commentary, CommentaryEvent.Action.SUBMITTED if submit else CommentaryEvent.Action.SAVED, user)
    return commentary


def load_from_file(
    user, measure: Measure, period: StoredPeriod, fields: dict[str, str], state: str, author_title: str = ""
) -> bool:
    """Commentary from a commentary file, as a draft or submitted (never approved: four eyes), written
    like any other step, to its history and the audit log. Words the same as held change nothing (so a file can be
    loaded twice); published commentary is frozen. Says whether anything changed."""
    if state not in (State.DRAFT, State.SUBMITTED):
        raise WorkflowError("A file brings drafts and submissions; approval is given on the page by someone else.")
    if not Commentary.has_words(fields):
        raise WorkflowError(Commentary.NEEDS_WORDS)
    words = {name: str(fields.get(name) or "").strip() for name in TEXT_FIELDS}
    commentary = Commentary.objects.select_for_update().filter(measure=measure, period=period).first()
    if commentary is None:
        commentary = Commentary(measure=measure, period=period)
    else:
        same_words = all(getattr(commentary, k) == v for k, v in words.items())
        later = (state, State.APPROVED, State.PUBLISHED) if state == State.SUBMITTED else (state, State.PUBLISHED)
        if same_words and commentary.author_title == author_title and commentary.state in later:
            return False  # loaded again: an approval given since stands
        if commentary.state == State.PUBLISHED:
            raise WorkflowError(f"The commentary for {measure.code}, {period.long_label} is published and frozen.")
    for name, value in words.items():
        setattr(commentary, name, value)
    commentary.state, commentary.author_title = state, author_title
    commentary.author = signed_in_person(user)
    commentary.approved_by, commentary.approved_at, commentary.approved_words = None, None, {}
    commentary.full_clean()
    commentary.save()
    _event(commentary, CommentaryEvent.Action.LOADED, user)
    return True


def withdraw(user, commentary: Commentary) -> Commentary:
    """Take commentary waiting for approval back to a draft, so its writer can change it; it leaves the
    approval queue until it is submitted again."""
    if not can_write(user, commentary.measure):
        raise WorkflowError(f"You cannot write the commentary for {commentary.measure.code}.")
    with transaction.atomic():
        commentary = Commentary.objects.select_for_update().get(pk=commentary.pk)
        if commentary.state != State.SUBMITTED:
            state = commentary.get_state_display().lower()
            raise WorkflowError(f"Only commentary waiting for approval can be withdrawn; this is {state}.")
        commentary.state = State.DRAFT
        commentary.full_clean()
        commentary.save()
        _event(commentary, CommentaryEvent.Action.WITHDRAWN, user)
    return commentary


def wrote_it(user, commentary: Commentary) -> bool:
    """Did this person write the commentary's words as they stand (its last writer)?"""
    return user is not None and user.is_authenticated and commentary.author_id == user.pk


def may_approve(user, commentary: Commentary) -> bool:
    """May approve this commentary: an approver for the measure who, under four eyes, did not write it."""
    if not can_approve(user, commentary.measure):
        return False
    return not (settings.COMMENTARY_FOUR_EYES and wrote_it(user, commentary))


FOUR_EYES = (
    "You wrote this commentary, so someone else must approve it: another performance officer or the "
    "measure's responsible officer."
)


def approve(user, commentary: Commentary) -> Commentary:
    """Approve the words as they stand; the approval records them, so any later change to the words
    needs approving again."""
    if not can_approve(user, commentary.measure):
        raise WorkflowError(f"You cannot approve the commentary for {commentary.measure.code}.")
    with transaction.atomic():
        commentary = Commentary.objects.select_for_update().select_related("measure", "period").get(pk=commentary.pk)
        if commentary.state != State.SUBMITTED:
            raise WorkflowError(f"Only submitted commentary can be approved; this is {commentary.get_state_display()}.")
        if settings.COMMENTARY_FOUR_EYES and wrote_it(user, commentary):
            raise WorkflowError(FOUR_EYES)
        commentary.state = State.APPROVED
        commentary.approved_by = user
        commentary.approved_at = timezone.now()
        commentary.approved_words = commentary.words
        commentary.save()
        _event(commentary, CommentaryEvent.Action.APPROVED, user)
    return commentary


def send_back(user, commentary: Commentary, reason: str) -> Commentary:
    if not can_approve(user, commentary.measure):
        raise WorkflowError(f"You cannot send back the commentary for {commentary.measure.code}.")
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError(SEND_BACK_NEEDS_REASON)
    with transaction.atomic():
        commentary = Commentary.objects.select_for_update().select_related("measure", "period").get(pk=commentary.pk)
        if commentary.state not in (State.SUBMITTED, State.APPROVED):
            raise WorkflowError(
                f"Only submitted or approved commentary can be sent back; this is {commentary.get_state_display()}."
            )
        commentary.state = State.SENT_BACK
        commentary.sent_back_reason = reason
        commentary.save()
        _event(commentary, CommentaryEvent.Action.SENT_BACK, user, reason)
        transaction.on_commit(lambda: _tell_sent_back(commentary, user, reason))
    return commentary


def _tell_sent_back(commentary: Commentary, by, reason: str) -> None:
    """E-mail the author (or, for commentary with no author on record, the measure's owner) once, when it
    is sent back, with the reason and the link to put it right. A mail server that is down is logged;
    the commentary stays at the top of their pages either way."""
    person = commentary.author or commentary.measure.owner_user
    if person is None or not person.email:
        return
    measure, period = commentary.measure, commentary.period
    sender = (by.get_full_name() or by.username) if by is not None else "A performance officer"
    try:
        send_mail(
            subject=f"Commentary sent back: {measure.code} {period.long_label}",
            message=(
                f"Dear {person.get_full_name() or person.username},\n\n"
                f"{sender} sent back your commentary for {measure.code} {measure.title}, {period.long_label}:\n\n"
                f"  {reason}\n\n"
                "Change it and submit it again before the month is published:\n"
                f"{settings.SITE_URL}{reverse('workflow:commentary', args=[measure.code, period.slug])}\n"
            ),
            from_email=None,
            recipient_list=[person.email],
        )
    except Exception:  # noqa: BLE001 - the send-back stands; the author's pages show it
        logger.exception("Could not e-mail the author of %s %s that it was sent back", measure.code, period.code)


# ---------------------------------------------------------------------------------------- publishing


@dataclass
class ChecklistLine:
    entry: ScorecardMeasure
    commentary: Commentary | None

    @property
    def ready(self) -> bool:
        if self.commentary is None:
            return False
        return self.commentary.state == State.PUBLISHED or self.commentary.approval_stands

    @property
    def state_label(self) -> str:
        return self.commentary.get_state_display() if self.commentary else "Not started"


def checklist(scorecard: Scorecard, period: StoredPeriod) -> list[ChecklistLine]:
    """Each measure on the scorecard with its commentary for the period, in scorecard order."""
    entries = list(
        ScorecardMeasure.objects.filter(scorecard=scorecard)
        .select_related("measure__owner_user", "measure__responsible_user", "section")
        .order_by("order")
    )
    notes = {
        c.measure_id: c
        for c in Commentary.objects.filter(measure_id__in=[e.measure_id for e in entries], period=period)
    }
    return [ChecklistLine(e, notes.get(e.measure_id)) for e in entries]


def cycle_for(scorecard: Scorecard, period: StoredPeriod) -> ScorecardPeriod:
    return ScorecardPeriod.objects.filter(scorecard=scorecard, period=period).first() or ScorecardPeriod(
        scorecard=scorecard, period=period
    )


def publish(
    user, scorecard: Scorecard, period: StoredPeriod, confirm_missing: bool = False, check_permission: bool = True
) -> ScorecardPeriod:
    """Publish the period: approved commentary becomes published, and everything the period's pages show
    is kept as version 1 (`PublishedVersion`), which later catalogue and data changes cannot reach.
    With commentary missing or unapproved it needs `confirm_missing`, and the list is kept with the
    publication. The command line (run by whoever runs the server) passes `check_permission=False` and
    no user."""
    if check_permission and not can_publish(user):
        raise WorkflowError("Only a performance officer can publish a scorecard.")
    refuse_unpublishable(scorecard, period)
    with transaction.atomic():
        cycle = ScorecardPeriod.objects.select_for_update().filter(scorecard=scorecard, period=period).first()
        if cycle is not None and cycle.is_published:
            raise WorkflowError(
                f"{scorecard.title}, {period.long_label} was published on {cycle.published_at:%d %B %Y}."
            )
        cycle = cycle or ScorecardPeriod(scorecard=scorecard, period=period)
        lines = checklist(scorecard, period)
        missing = [line for line in lines if not line.ready]
        if missing and not confirm_missing:
            names = ", ".join(f"{line.entry.measure.code} ({line.state_label.lower()})" for line in missing)
            raise CommentaryMissing(
                f"{len(missing)} measure(s) have no approved commentary: {names}. Confirm to publish without it."
            )
        now = timezone.now()
        _publish_approved(lines, user)
        cycle.revision_cutoff = _last_revision_for(period)
        cycle.missing_at_publication = "\n".join(f"{line.entry.measure.code}: {line.state_label}" for line in missing)
        cycle.published_at = now
        cycle.published_by = signed_in_person(user)
        cycle.save()
        version = _keep_version(user, scorecard, period, cycle, number=1, note="", at=now)
        AuditEvent.record(
            AuditEvent.Action.PUBLISH,
            f"{scorecard.title}, {period.long_label} published"
            + (f" with {len(missing)} commentary missing" if missing else ""),
            user,
            scorecard=scorecard.slug,
            period=period.code,
            details={
                "missing": [line.entry.measure.code for line in missing],
                "revision_cutoff": cycle.revision_cutoff,
                "version": version.number,
            },
        )
    return cycle


def refuse_unpublishable(scorecard: Scorecard, period: StoredPeriod) -> None:
    """A period is published only when it is one of the scorecard's own (a quarter for a quarterly
    scorecard) and holds figures for its measures; otherwise the error says what to write instead."""
    wrong = periods.not_of_kind(period.value, queries.addressed_by(scorecard), scorecard.title)
    if wrong:
        raise WorkflowError(f"{period.long_label} cannot be published: {wrong}.")
    if not any(p.code == period.code for p in queries.scorecard_periods(scorecard)):
        raise WorkflowError(
            f"{scorecard.title} has no figures for {period.long_label}, so there is nothing to publish: upload "
            "its figures first."
        )


def correct(user, scorecard: Scorecard, period: StoredPeriod, note: str, check_permission: bool = True):
    """Publish a corrected version of a published period, with a note of what changed and why: the
    period worked out again from the catalogue and figures as they stand, with commentary approved
    since publication published in it. Earlier versions stay readable. Returns the new version."""
    if check_permission and not can_publish(user):
        raise WorkflowError("Only a performance officer can publish a correction.")
    note = note.strip()
    if not note:
        raise WorkflowError("Say what the correction changes and why: readers see the note beside the scorecard.")
    with transaction.atomic():
        cycle = ScorecardPeriod.objects.select_for_update().filter(scorecard=scorecard, period=period).first()
        if cycle is None or not cycle.is_published:
            raise WorkflowError(f"{scorecard.title}, {period.long_label} is not published yet; publish it first.")
        latest = _latest_version(scorecard, period, cycle)
        now = timezone.now()
        _publish_approved(checklist(scorecard, period), user)
        cycle.revision_cutoff = _last_revision_for(period)
        cycle.save(update_fields=["revision_cutoff"])
        version = _keep_version(user, scorecard, period, cycle, latest.number + 1, note, now, before=latest)
        if not version.changed:
            raise WorkflowError(
                "Nothing on the scorecard would change: the figures, statuses, targets and commentary "
                "are as last published. Nothing was published."
            )
        AuditEvent.record(
            AuditEvent.Action.CORRECTION,
            f"{scorecard.title}, {period.long_label} corrected (version {version.number}): {note}",
            user,
            scorecard=scorecard.slug,
            period=period.code,
            details={"version": version.number, "note": note, "changed": version.changed},
        )
    return version


@dataclass
class CorrectionPreview:
    """What a correction published now would change: the latest version and the measures that differ."""

    latest: PublishedVersion
    changed: list[str]
    waiting: list[ChecklistLine]  # commentary approved since publication, which a correction publishes


def correction_preview(scorecard: Scorecard, period: StoredPeriod, cycle: ScorecardPeriod) -> CorrectionPreview:
    latest = _latest_version(scorecard, period, cycle)
    lines = checklist(scorecard, period)
    waiting = [line for line in lines if line.commentary is not None and line.commentary.approval_stands]
    content = published.content_of(
        queries.working_report(scorecard, period, cycle, whole_history=True), approved_counts=True
    )
    return CorrectionPreview(latest, published.measures_changed(latest.content, content), waiting)


def _latest_version(scorecard: Scorecard, period: StoredPeriod, cycle: ScorecardPeriod) -> PublishedVersion:
    """The period's latest published version (publishing always keeps version 1)."""
    return cycle.versions.order_by("-number").first()


def _publish_approved(lines: list[ChecklistLine], user) -> None:
    for line in lines:
        if line.commentary is not None and line.commentary.approval_stands:
            line.commentary.state = State.PUBLISHED
            line.commentary.save()
            _event(line.commentary, CommentaryEvent.Action.PUBLISHED, user)


def _last_revision_for(period: StoredPeriod) -> int | None:
    return Revision.objects.filter(reporting_period__end__lte=period.end).aggregate(last=Max("id"))["last"]


def _keep_version(user, scorecard, period, cycle, number: int, note: str, at, before=None) -> PublishedVersion:
    """Work the period out as it stands and keep it as version `number` of its publication."""
    content = published.content_of(queries.working_report(scorecard, period, cycle, whole_history=True))
    changed = published.measures_changed(before.content, content) if before is not None else []
    return PublishedVersion.objects.create(
        cycle=cycle,
        number=number,
        published_at=at,
        published_by=signed_in_person(user),
        note=note,
        changed=changed,
        revision_cutoff=cycle.revision_cutoff,
        content=content,
    )


def set_deadline(user, scorecard: Scorecard, period: StoredPeriod, deadline: dt.date | None) -> ScorecardPeriod:
    if not can_publish(user):
        raise WorkflowError("Only a performance officer can set the commentary deadline.")
    with transaction.atomic():
        cycle = cycle_for(scorecard, period)
        if cycle.is_published:
            raise WorkflowError("The period is published; its deadline has passed.")
        cycle.commentary_deadline = deadline
        cycle.save()
        AuditEvent.record(
            AuditEvent.Action.DEADLINE,
            f"{scorecard.title}, {period.long_label}: commentary due "
            + (f"{deadline:%d %B %Y}" if deadline else "(no deadline)"),
            user,
            scorecard=scorecard.slug,
            period=period.code,
        )
    return cycle
