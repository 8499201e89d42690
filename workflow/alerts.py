"""Alerts on statistical process control signals: when a measure's latest figure is special cause concern,
or its assurance turns to fail, its owner and responsible officer are e-mailed once, with the chart's
reading and a link. Run by Celery beat (`workflow.send_spc_alerts`) or `manage.py send_spc_alerts`. Once
only, even if two workers run: the `SpcAlert` row for (measure, latest point, kind) is written in the
same transaction as the e-mail, and its unique constraint refuses the second."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from indicators.models import AuditEvent, Measure, Scorecard, StoredPeriod
from scorecard import queries

from .models import SpcAlert

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    sent: int = 0
    already_sent: int = 0
    nobody: list[str] = field(default_factory=list)

    def describe(self) -> str:
        text = f"{self.sent} signal alert(s) sent, {self.already_sent} already sent"
        if self.nobody:
            text += f"; nobody to e-mail for {', '.join(sorted(set(self.nobody)))}"
        return text


def signals(scorecard: Scorecard) -> list[tuple]:
    """(row, kind, point period) for each signal on the scorecard's latest period, as its staff see it."""
    reading = queries.reading(scorecard.slug, drafts=True)
    if not reading.periods:
        return []
    report = queries.report_for_reading(reading, reading.periods[0])
    found = []
    for row in report.rows:
        if row.spc is None or row.spc.is_run_chart:
            continue
        last = row.spc.last(1)[0]
        if row.spc.variation.startswith("concern"):
            found.append((row, SpcAlert.Kind.CONCERN, last.period))
        if row.spc.assurance == "fail" and not _was_failing(row):
            found.append((row, SpcAlert.Kind.FAIL, last.period))
    return found


def _was_failing(row) -> bool:
    """Assurance only *turns* to fail once: an alert already sent for the point before means it was failing."""
    before = row.spc.last(2)
    if len(before) < 2:
        return False
    return SpcAlert.objects.filter(
        measure_id=row.measure.id, period__code=before[0].period.code, kind=SpcAlert.Kind.FAIL
    ).exists()


def send_spc_alerts() -> Outcome:
    outcome = Outcome()
    for scorecard in Scorecard.objects.order_by("title"):
        held = queries.reading(scorecard.slug, drafts=True).periods
        for row, kind, point in signals(scorecard):
            m = row.measure
            measure = Measure.objects.select_related("owner_user", "responsible_user").get(pk=m.id)
            # who answers for the measure now (a published row keeps who did when it was published)
            people = [measure.owner_user, measure.responsible_user]
            recipients = list({p.pk: p for p in people if p is not None and p.is_active and p.email}.values())
            if not recipients:
                outcome.nobody.append(m.code)
            path = reverse("scorecard:measure", args=[scorecard.slug, held[0].slug, m.code])
            link = f"{settings.SITE_URL}{path}"
            try:
                with transaction.atomic():
                    SpcAlert.objects.create(
                        measure=measure,
                        period=StoredPeriod.for_value(point),
                        kind=kind,
                        scorecard=scorecard.slug,
                        reading=row.spc.reading[:300],
                        recipients=", ".join(p.email for p in recipients),
                    )
                    AuditEvent.record(
                        AuditEvent.Action.SIGNAL,
                        f"{m.code} {point.label}: {SpcAlert.Kind(kind).label.lower()}. {row.spc.reading}",
                        None,
                        scorecard=scorecard.slug,
                        measure=m.code,
                        period=point.code,
                        details={"kind": kind, "e-mailed": [p.username for p in recipients]},
                    )
                    if recipients:
                        send_mail(
                            subject=f"{m.code} {m.short_title or m.title}: {SpcAlert.Kind(kind).label.lower()}",
                            message=(
                                f"The latest figure for {m.code} {m.title} ({point.long_label}) shows "
                                f"{SpcAlert.Kind(kind).label.lower()}.\n\n{row.spc.reading}\n\n"
                                f"The chart and its figures: {link}\n"
                            ),
                            from_email=None,
                            recipient_list=[p.email for p in recipients],
                        )
            except IntegrityError:
                outcome.already_sent += 1
                continue
            outcome.sent += 1
    log.info("SPC alerts: %s", outcome.describe())
    return outcome
