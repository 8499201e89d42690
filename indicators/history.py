"""Which figure a scorecard shows when a period has been loaded more than once. Plain functions.

Every extract is kept as a revision tagged with the scorecard month it was for. Looking at the
scorecard for month R:

* the figure *as of R* for a period is the one in the latest revision for a month up to R;
* the figure *as reported* is the one in the first month that carried that period (its last revision
  in that month, so a corrected re-upload before the scorecard went out counts);
* the figure is *recalculated* when the two differ.

Seed 001's Shared Lives: August's extract says 97 for August; September's says 99 for August and 101
for September. September's scorecard shows Last Month 97 (Recalculated: 99), This Month 101.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .periods import Period


@dataclass(frozen=True)
class LoadedFigure:
    """One figure as one revision carried it."""

    period: Period
    reported_in: Period  # the scorecard month of the revision that carried it
    revision_id: int
    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    no_value_reason: str = ""
    note: str = ""

    @property
    def order(self) -> tuple:
        return (self.reported_in.start, self.revision_id)


@dataclass(frozen=True)
class PeriodRecord:
    """A period's figure as first reported and as the data stands at the scorecard month being read."""

    period: Period
    reported: LoadedFigure  # as first reported
    latest: LoadedFigure  # as of the scorecard month being read

    @property
    def recalculated(self) -> bool:
        return self.reported.value != self.latest.value or self.reported.no_value_reason != self.latest.no_value_reason


def figures_as_of(figures: list[LoadedFigure], reporting: Period) -> dict[Period, PeriodRecord]:
    """For each data period, its figure as reported and as of the scorecard month `reporting`.
    Revisions for later months are ignored, so an old scorecard never changes. A period still running
    at `reporting` is seen when a revision carries it (a survey year whose results are "Due June 2022")."""
    visible = [f for f in figures if f.reported_in.end <= reporting.end and f.period.start <= reporting.end]
    by_period: dict[Period, list[LoadedFigure]] = {}
    for figure in visible:
        by_period.setdefault(figure.period, []).append(figure)
    result = {}
    for period, items in by_period.items():
        items.sort(key=lambda f: f.order)
        first_month = items[0].reported_in
        reported = [f for f in items if f.reported_in == first_month][-1]
        result[period] = PeriodRecord(period, reported, items[-1])
    return result


def current_and_previous(
    table: dict[Period, PeriodRecord],
) -> tuple[PeriodRecord | None, PeriodRecord | None]:
    """The latest period with a figure (or a reason for having none), and the one reported before it.
    For a biennial survey the one before is two years back; a gap in a monthly series is skipped."""
    ordered = sorted(table, key=lambda p: (p.end, p.start))
    if not ordered:
        return None, None
    current = table[ordered[-1]]
    previous = table[ordered[-2]] if len(ordered) > 1 else None
    return current, previous


def series(table: dict[Period, PeriodRecord]) -> list[PeriodRecord]:
    return [table[p] for p in sorted(table, key=lambda p: (p.end, p.start))]
