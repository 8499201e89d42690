"""The working month's records that the reading pages show too: commentary, each step in its life, and
each scorecard period's deadline and publication. The steps themselves are `workflow.services`."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from .audit import signed_in_person
from .catalogue import Measure, Scorecard
from .figures import StoredPeriod


class Commentary(models.Model):
    """What the measure owner says about a measure for one scorecard period."""

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        SENT_BACK = "sent_back", "Sent back"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"

    # Still with its author: not written yet counts too (no Commentary row).
    WITH_AUTHOR = (State.DRAFT, State.SENT_BACK)

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="commentaries")
    period = models.ForeignKey(StoredPeriod, on_delete=models.PROTECT, related_name="commentaries")
    data = models.TextField("data: what the figures show", blank=True)
    review = models.TextField("review: why", blank=True)
    action = models.TextField("action: what is being done", blank=True)
    text = models.TextField("free text", blank=True, help_text="For commentary not split into data, review, action")
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    author_title = models.CharField(max_length=200, blank=True, help_text="The author's role, e.g. 'Head of Service'")
    sent_back_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_words = models.JSONField(
        default=dict, blank=True, help_text="The words as they stood when approved: the version the approver read"
    )

    class Meta:
        ordering = ["measure", "period__start"]
        verbose_name_plural = "commentaries"
        permissions = [
            ("write_own_commentary", "Can write commentary on the measures they own or are responsible for"),
            ("approve_commentary", "Can approve commentary or send it back"),
        ]
        constraints = [models.UniqueConstraint(fields=["measure", "period"], name="commentary_per_period")]

    def __str__(self):
        return f"{self.measure.code} {self.period}"

    TEXT_FIELDS = ("data", "review", "action", "text")
    NEEDS_WORDS = "Write the commentary in the data, review and action boxes, or as free text."

    @classmethod
    def has_words(cls, fields: dict) -> bool:
        """Does any of data, review, action or free text hold words? (The one test of empty commentary.)"""
        return any(str(fields.get(name) or "").strip() for name in cls.TEXT_FIELDS)

    def clean(self):
        if not self.has_words({name: getattr(self, name) for name in self.TEXT_FIELDS}):
            raise ValidationError(self.NEEDS_WORDS)

    @property
    def words(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in self.TEXT_FIELDS}

    @property
    def approval_stands(self) -> bool:
        """Approved, and the words are the ones the approver read."""
        return self.state == self.State.APPROVED and self.approved_words == self.words


class CommentaryEvent(models.Model):
    """One step in a commentary's life, with the words as they stood after it. Never changed."""

    class Action(models.TextChoices):
        SAVED = "saved", "Draft saved"
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"
        SENT_BACK = "sent_back", "Sent back"
        WITHDRAWN = "withdrawn", "Withdrawn to edit"
        PUBLISHED = "published", "Published"
        LOADED = "loaded", "Loaded from a file"

    commentary = models.ForeignKey(Commentary, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=10, choices=Action.choices)
    state = models.CharField(max_length=10, choices=Commentary.State.choices)
    data = models.TextField(blank=True)
    review = models.TextField(blank=True)
    action_text = models.TextField(blank=True)
    text = models.TextField(blank=True)
    note = models.TextField(blank=True, help_text="The reason, when sent back")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["commentary", "at", "id"]

    def __str__(self):
        return f"{self.commentary}: {self.get_action_display()}"

    @classmethod
    def record(cls, note: Commentary, action: str, user=None, reason: str = "") -> CommentaryEvent:
        """The step, with the words as they stand after it."""
        return cls.objects.create(
            commentary=note,
            action=action,
            state=note.state,
            data=note.data,
            review=note.review,
            action_text=note.action,
            text=note.text,
            note=reason,
            by=signed_in_person(user),
        )


class ScorecardPeriod(models.Model):
    """A scorecard's month in the working cycle: the commentary deadline and, once published, what
    was published. Published figures, statuses and commentary are frozen: every publication keeps the
    report as its versions (`PublishedVersion`)."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="cycle")
    period = models.ForeignKey(StoredPeriod, on_delete=models.PROTECT, related_name="+")
    commentary_deadline = models.DateField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    missing_at_publication = models.TextField(blank=True, help_text="Measures published without approved commentary")
    revision_cutoff = models.BigIntegerField(null=True, blank=True, help_text="The last revision published")

    class Meta:
        ordering = ["scorecard", "-period__start"]
        constraints = [models.UniqueConstraint(fields=["scorecard", "period"], name="one_cycle_per_scorecard_period")]

    def __str__(self):
        return f"{self.scorecard} {self.period}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class PublishedVersion(models.Model):
    """One version of a published scorecard period: everything its pages, API and downloads show, kept as
    it was published (`indicators.snapshot`). Version 1 is the first publication; each correction adds
    the next version with a note of what changed and why. Versions are never changed or deleted, and a
    scorecard with any cannot be deleted."""

    cycle = models.ForeignKey(ScorecardPeriod, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True, help_text="What a correction changed and why (empty for the first version)")
    changed = models.JSONField(default=list, blank=True, help_text="Codes of the measures the correction changed")
    revision_cutoff = models.BigIntegerField(null=True, blank=True, help_text="The last revision it was built from")
    content = models.JSONField(help_text="The published report (indicators.snapshot)")

    class Meta:
        ordering = ["cycle", "number"]
        constraints = [models.UniqueConstraint(fields=["cycle", "number"], name="one_number_per_published_version")]

    def __str__(self):
        return f"{self.cycle} version {self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("A published version is a public record and is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("A published version is a public record and is never deleted.")

    @property
    def is_correction(self) -> bool:
        return self.number > 1

    def clean(self):
        if self.is_correction and not self.note.strip():
            raise ValidationError({"note": "Say what the correction changed and why."})
