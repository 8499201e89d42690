"""How each measure's XmR chart is drawn: the method a performance officer chooses, and the periods they
mark to recalculate from or to leave out, each with a reason. Never set automatically; every change is
kept (django-simple-history) and in the audit log."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from .catalogue import Measure
from .figures import StoredPeriod


class SpcMethod(models.Model):
    class Improvement(models.TextChoices):
        AUTO = "auto", "From the measure's polarity"
        UP = "up", "Higher is better"
        DOWN = "down", "Lower is better"
        NEITHER = "neither", "Neither"

    class Conflict(models.TextChoices):
        IMPROVEMENT = "improvement", "Improvement (as NHS England's Excel tools)"
        CONCERN = "concern", "Concern"

    measure = models.OneToOneField(Measure, on_delete=models.CASCADE, related_name="spc_method")
    improvement = models.CharField(
        "improvement direction", max_length=8, choices=Improvement.choices, default=Improvement.AUTO
    )
    conflict = models.CharField(
        "a point that is both improvement and concern reads as",
        max_length=12,
        choices=Conflict.choices,
        default=Conflict.IMPROVEMENT,
    )
    screen_moving_ranges = models.BooleanField(
        default=False, help_text="Leave out moving ranges of 3.267 x the average or more (off in NHS England's tools)"
    )
    baseline_end = models.ForeignKey(
        StoredPeriod,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Fix the limits from the figures up to this period (12 to 20 points)",
    )
    reason = models.TextField(help_text="Why the method differs from the default: shown to staff and in the audit log")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "SPC method"

    def __str__(self):
        return f"SPC method for {self.measure.code}"

    def clean(self):
        if not self.reason.strip():
            raise ValidationError({"reason": "Say why the chart is drawn this way."})


class SpcMark(models.Model):
    """A period the chart recalculates from, or leaves out, with the reason."""

    class Kind(models.TextChoices):
        RECALCULATE = "recalculate", "Recalculate the limits from here"
        EXCLUDE = "exclude", "Leave this period out (drawn, never counted)"

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="spc_marks")
    period = models.ForeignKey(StoredPeriod, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    reason = models.TextField(help_text="Shown on the chart beside the mark")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    set_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "SPC mark"
        ordering = ["measure", "period__start"]
        constraints = [models.UniqueConstraint(fields=["measure", "period", "kind"], name="one_spc_mark_per_kind")]

    def __str__(self):
        return f"{self.measure.code} {self.period}: {self.get_kind_display()}"

    def clean(self):
        if not self.reason.strip():
            raise ValidationError({"reason": "Say why: the reason is shown on the chart."})


class KeptChart(models.Model):
    """A measure's XmR chart as of one scorecard month, kept as worked out so that a page needs one row
    instead of ten years of figures. Derived data, not a record: `inputs` digests everything the chart
    was worked out from (the figures as of that month, the target, the polarity, the method and marks,
    the code release). A page whose inputs digest differently works the chart out again and replaces
    the row; nothing reads a kept chart whose inputs have changed. Filled by the first page that needs
    it and after each import (`scorecard.queries.work_out_after_import`)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="kept_charts")
    as_of = models.CharField(max_length=16, help_text="the scorecard month's period code")
    inputs = models.CharField(max_length=64)
    variation = models.CharField(max_length=32, blank=True)  # empty: a run chart
    assurance = models.CharField(max_length=16, blank=True)
    improvement = models.CharField(max_length=8)
    reading = models.TextField()
    reason = models.TextField(blank=True)
    points = models.TextField(help_text="each point's type and the limits, as JSON (values come from the figures)")
    made_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["measure", "as_of"], name="one_kept_chart_per_month")]

    def __str__(self):
        return f"{self.measure_id} as of {self.as_of}"
