"""Reminders to measure owners whose commentary is missing as a scorecard's deadline approaches.

Run daily by Celery beat (`workflow.tasks.send_commentary_reminders`) or by hand with
`manage.py send_reminders`. Each person gets at most one e-mail per reporting month per day,
however often it runs and even when two runs overlap: the `CommentaryReminder` row for
(person, month, day) is written in the same transaction as the e-mail is sent, and a unique
constraint refuses the second.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from indicators.models import Commentary, ScorecardMeasure, ScorecardPeriod

from .models import CommentaryReminder

log = logging.getLogger(__name__)
WAITING = {None, *Commentary.WITH_AUTHOR}  # None: not started


@dataclass
class Outcome:
    sent: int = 0
    already_sent: int = 0
    no_email: list[str] = field(default_factory=list)

    def describe(self) -> str:
        text = f"{self.sent} reminder(s) sent, {self.already_sent} already sent today"
        if self.no_email:
            text += f"; no e-mail address for {', '.join(sorted(set(self.no_email)))}"
        return text


def due_cycles(today: dt.date, days: int):
    """Unpublished scorecard periods whose commentary deadline is between today and `days` ahead."""
    return ScorecardPeriod.objects.filter(
        published_at__isnull=True,
        commentary_deadline__gte=today,
        commentary_deadline__lte=today + dt.timedelta(days=days),
    ).select_related("scorecard", "period")


def missing_by_person(cycles) -> dict[tuple, list[tuple]]:
    """(person, period) -> [(scorecard, measure, deadline)] for each measure whose commentary is not
    written or not yet resubmitted. The owner is reminded; the responsible officer when there is none."""
    cycles = list(cycles)
    if not cycles:
        return {}
    entries = (
        ScorecardMeasure.objects.filter(scorecard__in=[c.scorecard for c in cycles])
        .select_related("measure__owner_user", "measure__responsible_user")
        .order_by("scorecard_id", "order")
    )
    states = {
        (c.measure_id, c.period_id): c.state
        for c in Commentary.objects.filter(period__in=[c.period for c in cycles]).only(
            "measure_id", "period_id", "state"
        )
    }
    by_scorecard = {}
    for entry in entries:
        by_scorecard.setdefault(entry.scorecard_id, []).append(entry)
    result: dict[tuple, list[tuple]] = {}
    for cycle in cycles:
        for entry in by_scorecard.get(cycle.scorecard_id, []):
            measure = entry.measure
            person = measure.owner_user or measure.responsible_user
            if person is None or not person.is_active:
                continue
            if states.get((measure.id, cycle.period_id)) in WAITING:
                result.setdefault((person, cycle.period), []).append(
                    (cycle.scorecard, measure, cycle.commentary_deadline)
                )
    return result


def send_commentary_reminders(today: dt.date | None = None, days: int | None = None) -> Outcome:
    today = today or timezone.localdate()
    days = settings.COMMENTARY_REMINDER_DAYS if days is None else days
    return send(missing_by_person(due_cycles(today, days)), today)


def remind_now(cycle: ScorecardPeriod) -> Outcome:
    """Remind the owners of one scorecard period's missing commentary now, whatever its deadline (the
    officer's button on the publish page); still at most one e-mail per person, month and day."""
    return send(missing_by_person([cycle]), timezone.localdate())


def send(missing: dict[tuple, list[tuple]], today: dt.date) -> Outcome:
    """One e-mail to each person listing their measures in `missing_by_person`'s result."""
    outcome = Outcome()
    for (person, period), items in missing.items():
        if not person.email:
            outcome.no_email.append(person.username)
            continue
        lines = [
            f"- {measure.code} {measure.title} ({scorecard.title}{_due(deadline)})\n"
            f"  {settings.SITE_URL}{reverse('workflow:commentary', args=[measure.code, period.slug])}"
            for scorecard, measure, deadline in items
        ]
        try:
            with transaction.atomic():
                CommentaryReminder.objects.create(
                    user=person, period=period, sent_on=today, measures=", ".join(m.code for _, m, _ in items)
                )
                send_mail(
                    subject=f"Commentary due for {period.long_label}: {len(items)} measure(s)",
                    message=(
                        f"Dear {person.get_full_name() or person.username},\n\n"
                        f"The commentary for these measures for {period.long_label} is not yet written or "
                        f"resubmitted:\n\n" + "\n".join(lines) + "\n\nMy measures: "
                        f"{settings.SITE_URL}{reverse('workflow:my_measures')}\n"
                    ),
                    from_email=None,
                    recipient_list=[person.email],
                )
        except IntegrityError:
            outcome.already_sent += 1
            continue
        outcome.sent += 1
    log.info("Commentary reminders: %s", outcome.describe())
    return outcome


def _due(deadline: dt.date | None) -> str:
    return f", due {deadline:%A %d %B %Y}" if deadline else ""
