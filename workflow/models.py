"""The working month's own records. The catalogue, the figures, commentary and publications live in
`indicators`, because the reading pages show them too."""

from django.conf import settings
from django.db import models

from indicators.models import StoredPeriod


class CommentaryReminder(models.Model):
    """One reminder e-mail to one person for one reporting month on one day. The unique constraint is
    what keeps a second run of the task (or two at once) from sending another."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(StoredPeriod, on_delete=models.PROTECT, related_name="+")
    sent_on = models.DateField()
    measures = models.TextField(help_text="The measures whose commentary was missing")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "period", "sent_on"], name="one_reminder_per_person_period_day")
        ]

    def __str__(self):
        return f"Reminder to {self.user} for {self.period} on {self.sent_on}"


class SpcAlert(models.Model):
    """One e-mail about one signal on one measure's latest figure: special cause concern, or assurance
    turning to fail. The unique constraint keeps a second run (or two at once) from sending it again."""

    class Kind(models.TextChoices):
        CONCERN = "concern", "Special cause concern"
        FAIL = "fail", "Assurance: fail"

    measure = models.ForeignKey("indicators.Measure", on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(StoredPeriod, on_delete=models.PROTECT, related_name="+", help_text="The latest point")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    scorecard = models.CharField(max_length=80, help_text="The scorecard's slug, for the link")
    reading = models.CharField(max_length=300)
    recipients = models.TextField(blank=True, help_text="Who was e-mailed")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(fields=["measure", "period", "kind"], name="one_alert_per_signal")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.measure_id} at {self.period}"


class HomeVisit(models.Model):
    """When someone last opened their home page, so it can say what was published since."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="home_visit")
    seen_at = models.DateTimeField()

    def __str__(self):
        return f"{self.user} last home visit {self.seen_at:%Y-%m-%d %H:%M}"
