"""Every file the product reads, whoever sent it (the upload page, a command, the demo), with its outcome."""

from django.conf import settings
from django.db import models

from indicators.models import Revision, StoredPeriod


def upload_path(instance, filename: str) -> str:
    """Where the file is kept: its month, its checksum and the name it was stored under (cut to fit)."""
    return f"uploads/{instance.created_at:%Y/%m}/{instance.checksum[:16]}-{filename}"


def staged_path(instance, filename: str) -> str:
    return f"uploads/{instance.created_at:%Y/%m}/{instance.checksum[:16]}-staged-{instance.pk}.csv"


class UploadQuerySet(models.QuerySet):
    def listed(self):
        """For a list of uploads: who and which month, without each upload's preview and problems."""
        return self.select_related("uploaded_by", "reporting_period").defer("preview", "errors", "warnings")


class Upload(models.Model):
    class Kind(models.TextChoices):
        EXTRACT = "extract", "Monthly figures (extract)"
        DEFINITIONS = "definitions", "Measure definitions, targets and benchmarks"
        COMMENTARY = "commentary", "Commentary and statuses set by judgement"
        NATIONAL = "national", "National figures (ASCOF or Oflog file)"
        GROUPS = "groups", "Comparator groups (your own lists of similar councils)"
        CLD = "cld", "Client-level data (a quarterly CLD submission)"
        POPULATION = "population", "ONS mid-year populations (for rates per 100,000)"
        BOUNDARIES = "boundaries", "Boundaries of areas (GeoJSON: wards, constituencies, localities)"
        POSTCODES = "postcodes", "Postcode lookup (each postcode's ward, constituency or locality)"

    class State(models.TextChoices):
        RECEIVED = "received", "Waiting to be checked"
        CHECKING = "checking", "Being checked"
        READY = "ready", "Checked: ready to confirm"
        NO_CHANGES = "no_changes", "No changes"
        REFUSED = "refused", "Refused: the file has errors"
        COMMITTING = "committing", "Being imported"
        COMMITTED = "committed", "Imported"
        CANCELLED = "cancelled", "Cancelled"
        FAILED = "failed", "Could not be finished"

    WORKING = (State.RECEIVED, State.CHECKING, State.COMMITTING)
    CANCELLABLE = (State.RECEIVED, State.CHECKING, State.READY, State.COMMITTING)

    class Source(models.TextChoices):
        WEB = "web", "Web upload"
        COMMAND = "command", "Command line"
        DEMO = "demo", "Demo data"
        TYPED = "typed", "Typed in"
        CLIENT_LEVEL = "cld", "Worked out from client-level data"

    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.EXTRACT)
    state = models.CharField(max_length=12, choices=State.choices, default=State.RECEIVED)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.WEB)
    file = models.FileField(upload_to=upload_path, max_length=300)
    file_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the file")
    sheet = models.CharField(max_length=100, blank=True, help_text="The worksheet asked for")
    sheet_used = models.CharField(max_length=100, blank=True)
    layout = models.CharField(max_length=10, blank=True, help_text="long or wide")
    reporting_period = models.ForeignKey(
        StoredPeriod,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="uploads",
        help_text="The scorecard month the extract is for (blank: the latest month in the file)",
    )
    rows_total = models.PositiveIntegerField(default=0)
    rows_new = models.PositiveIntegerField(default=0)
    rows_revised = models.PositiveIntegerField(default=0)
    rows_unchanged = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True, help_text="The outcome in a sentence, or why the file could not be read")
    preview = models.JSONField(default=list, blank=True, help_text="The changes the file makes (the first thousand)")
    errors = models.JSONField(
        default=list, blank=True, help_text="Problems, each with its place (the first ten thousand)"
    )
    warnings = models.JSONField(
        default=list, blank=True, help_text="What to look at before confirming; they do not stop the import"
    )
    read_note = models.TextField(blank=True, help_text="Which sheet was read and why")
    staged = models.FileField(
        upload_to=staged_path,
        max_length=300,
        blank=True,
        help_text="The checked figures, ready to copy in, while nothing has changed since the check",
    )
    checked_version = models.CharField(
        max_length=40, blank=True, help_text="The data version the preview was worked out against"
    )
    revision = models.OneToOneField(Revision, null=True, blank=True, on_delete=models.PROTECT, related_name="upload")
    created_at = models.DateTimeField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="uploads"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    committed_at = models.DateTimeField(null=True, blank=True)
    state_changed_at = models.DateTimeField(null=True, blank=True, help_text="When it last moved on")
    attempts = models.PositiveSmallIntegerField(
        default=0, help_text="How many times the current step (checking or importing) has been started"
    )

    objects = UploadQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.file_name} ({self.get_state_display()})"

    @property
    def working(self) -> bool:
        return self.state in self.WORKING

    @property
    def cancellable(self) -> bool:
        return self.state in self.CANCELLABLE

    def move_to(self, state: str, message: str | None = None) -> None:
        """Change the state (and say why), noting when: the sweeper looks for uploads that stopped moving."""
        from django.utils import timezone

        self.state = state
        self.state_changed_at = timezone.now()
        if message is not None:
            self.message = message
