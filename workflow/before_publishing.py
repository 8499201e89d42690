"""What an officer checks before publishing a month: what councillors will read (the status summary),
the statuses that changed since the period before, warnings left on the period's uploads, and the
commentary still missing with who owns it. Read from the same report every page shows."""

from __future__ import annotations

from dataclasses import dataclass

from imports.models import Upload
from indicators.models import StoredPeriod
from scorecard import queries
from scorecard.reports import ScorecardReport

from . import services

MOST_WARNINGS = 5  # shown per upload; the upload's own page lists them all


@dataclass(frozen=True)
class StatusChange:
    row: object  # the measure's row this period (indicators.rows.MeasureRow)
    before: str  # its status the period before


@dataclass(frozen=True)
class MissingLine:
    line: services.ChecklistLine
    person: object | None  # who is reminded: the owner, else the responsible officer

    @property
    def person_words(self) -> str:
        if self.person is None:
            return "No owner or responsible officer with a log-in"
        name = self.person.get_full_name() or self.person.username
        return name if self.person.email else f"{name} (no e-mail address)"


@dataclass(frozen=True)
class Since:
    """What changed in a scorecard period against the one before it."""

    previous: StoredPeriod | None  # the period before, compared with (None for the first)
    changes: list[StatusChange]  # measures whose status changed
    new_special_causes: list  # rows whose XmR chart shows a special cause it did not show before


def since_before(reading: queries.Reading, period: StoredPeriod, report: ScorecardReport) -> Since:
    """`report` (of `period`) against the reading's period before it: statuses changed, special causes new."""
    earlier = [p for p in reading.periods if p.start < period.start]
    previous = earlier[0] if earlier else None  # the periods are newest first
    if previous is None:
        return Since(None, [], [])
    before = {row.measure.code: row for row in queries.report_for_reading(reading, previous).rows}
    changes, special = [], []
    for row in report.rows:
        then = before.get(row.measure.code)
        if then is None:
            continue
        if then.status.status.value != row.status.status.value:
            changes.append(StatusChange(row, then.status.status.value))
        if _special(row) and not _special(then):
            special.append(row)
    return Since(previous, changes, special)


def _special(row) -> bool:
    return row.spc is not None and row.spc.variation not in (None, "common_cause")


@dataclass(frozen=True)
class Warned:
    """An imported upload of the period with warnings: the first few, and how many more its page lists."""

    upload: Upload
    shown: list[dict]
    more: int


@dataclass(frozen=True)
class Check:
    report: ScorecardReport
    since: Since
    uploads_with_warnings: list[Warned]
    missing: list[MissingLine]

    @property
    def previous(self) -> StoredPeriod | None:
        return self.since.previous

    @property
    def changes(self) -> list[StatusChange]:
        return self.since.changes

    @property
    def remindable(self) -> int:
        return sum(1 for m in self.missing if m.person is not None and m.person.email)


def check(reading: queries.Reading, period: StoredPeriod, lines: list[services.ChecklistLine]) -> Check:
    """The check of `period` of the reading's scorecard (a draft month, as staff read it)."""
    report = queries.report_for_reading(reading, period)
    uploads = [
        Warned(upload, upload.warnings[:MOST_WARNINGS], max(0, len(upload.warnings) - MOST_WARNINGS))
        for upload in Upload.objects.filter(  # a quarter's uploads are those of its months
            reporting_period__start__gte=period.start,
            reporting_period__end__lte=period.end,
            state=Upload.State.COMMITTED,
        ).order_by("created_at")
        if upload.warnings
    ]
    missing = [
        MissingLine(line, line.entry.measure.owner_user or line.entry.measure.responsible_user)
        for line in lines
        if not line.ready
    ]
    return Check(report, since_before(reading, period, report), uploads, missing)
