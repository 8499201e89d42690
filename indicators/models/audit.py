"""The audit log: who did what and when, in words, with the details."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

if TYPE_CHECKING:
    from .figures import StatusOverride


def signed_in_person(user):
    """The signed-in person behind a change, or None for the command line, a file load or the public."""
    return user if user is not None and getattr(user, "is_authenticated", False) else None


class AuditEvent(models.Model):
    """Who did what and when: uploads, catalogue changes, statuses, commentary and publishing."""

    class Action(models.TextChoices):
        UPLOAD = "upload", "Figures uploaded"
        DEFINITIONS = "definitions", "Definitions loaded"
        TARGET = "target", "Target changed"
        BENCHMARK = "benchmark", "Benchmark changed"
        STATUS_OVERRIDE = "status", "Status set by judgement"
        COMMENTARY = "commentary", "Commentary"
        DEADLINE = "deadline", "Deadline set"
        PUBLISH = "publish", "Period published"
        CORRECTION = "correction", "Published period corrected"
        CATALOGUE = "catalogue", "Catalogue changed"
        PEOPLE = "people", "People and roles changed"
        SIGNAL = "signal", "SPC signal"
        CLIENT_LEVEL = "client_level", "Client-level data withdrawn or its people looked at"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    action = models.CharField(max_length=12, choices=Action.choices)
    summary = models.CharField(max_length=500)
    scorecard = models.CharField(max_length=80, blank=True, help_text="The scorecard's slug")
    measure = models.CharField(max_length=32, blank=True, help_text="The measure's code")
    period = models.CharField(max_length=12, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["action", "at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}: {self.summary}"

    @classmethod
    def record(cls, action, summary: str, user=None, **fields) -> AuditEvent:
        return cls.objects.create(action=action, summary=summary[:500], user=signed_in_person(user), **fields)

    @classmethod
    def upload_kept(cls, upload, **details) -> AuditEvent:
        """A file kept on confirming: its name and what it did, who confirmed it (else who sent it), its
        checksum, and what it made (`details`, such as the submission or release it became)."""
        return cls.record(
            cls.Action.UPLOAD,
            f"{upload.file_name}: {upload.message}",
            upload.confirmed_by or upload.uploaded_by,
            details={"upload": upload.pk, "sha256": upload.checksum, **details},
        )

    @classmethod
    def status_set(cls, override: StatusOverride, user=None, **details) -> AuditEvent:
        """A status set by judgement, from the admin or a commentary file."""
        return cls.record(
            cls.Action.STATUS_OVERRIDE,
            f"{override.measure.code} {override.period.label}: status set to {override.status} ({override.reason})",
            user,
            measure=override.measure.code,
            period=override.period.code,
            details=details,
        )
