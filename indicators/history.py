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

from decimal import Decimal
from typing import NamedTuple

from .periods import Period


class LoadedFigure(NamedTuple):
    """One figure as one revision carried it. (Named tuples: a scorecard over ten years loads tens of
    thousands of these, and a tuple is made several times faster than a frozen dataclass.)"""

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


class PeriodRecord(NamedTuple):
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
    end = reporting.end
    # Grouped by the period's dates, not the period itself: dates hash in C, a Period in Python, and a
    # large scorecard groups tens of thousands of figures. Within one measure a period's dates name it.
    by_dates: dict[tuple, LoadedFigure | list[LoadedFigure]] = {}
    for figure in figures:
        period = figure.period
        if figure.reported_in.end <= end and period.start <= end:
            dates = (period.end, period.start)
            held = by_dates.get(dates)
            if held is None:
                by_dates[dates] = figure  # most periods are carried by one revision
            elif type(held) is list:
                held.append(figure)
            else:
                by_dates[dates] = [held, figure]
    result = {}
    for dates in sorted(by_dates):  # in period order
        held = by_dates[dates]
        if type(held) is not list:
            result[held.period] = PeriodRecord(held.period, held, held)
            continue
        held.sort(key=lambda f: f.order)
        first_month = held[0].reported_in
        reported = [f for f in held if f.reported_in == first_month][-1]
        result[held[0].period] = PeriodRecord(held[0].period, reported, held[-1])
    return result


def current_and_previous(
    table: dict[Period, PeriodRecord],
) -> tuple[PeriodRecord | None, PeriodRecord | None]:
    """The latest period with a figure (or a reason for having none), and the one reported before it.
    For a biennial survey the one before is two years back; a gap in a monthly series is skipped."""
    return latest_two(series(table))


def latest_two(records: list[PeriodRecord]) -> tuple[PeriodRecord | None, PeriodRecord | None]:
    """The last and the one before of records in period order (`series`)."""
    if not records:
        return None, None
    return records[-1], records[-2] if len(records) > 1 else None


def series(table: dict[Period, PeriodRecord]) -> list[PeriodRecord]:
    """The records in period order (by end, then start)."""
    return sorted(table.values(), key=lambda record: (record.period.end, record.period.start))
