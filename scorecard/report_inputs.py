"""What a worked-out scorecard reads besides its catalogue, each in a fixed number of queries however many
measures: the figures as each revision carried them, each measure's SPC method and marks, and the XmR
charts kept from earlier (`indicators.models.KeptChart`). Used by `scorecard.queries`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Count, Max

from indicators import history, periods, rules
from indicators.models import DataPoint, KeptChart, SpcMark, SpcMethod, StoredPeriod
from indicators.spc_report import KeptSummary, SpcMethodFacts

HISTORY_YEARS = 10  # how far back a scorecard reads figures: an XmR chart is of the whole history
YEARS_SHOWN = 3  # the financial years before the scorecard's that its pages show (the grid's 36 months)


class Window(NamedTuple):
    """Which figures a scorecard reads: periods starting from `earliest` (the whole history), but, when
    `shown_from` is set, months and quarters only from that day (the years its pages show; a year's
    figure is read however old)."""

    earliest: dt.date
    shown_from: dt.date | None = None

    @classmethod
    def of(cls, reporting: periods.Period, whole: bool = True) -> Window:
        earliest = dt.date(reporting.end.year - HISTORY_YEARS, 1, 1)
        return cls(earliest, None if whole else periods.Period.year(reporting.fy - YEARS_SHOWN).start)

    def takes(self, period: periods.Period) -> bool:
        if period.start < self.earliest:
            return False
        return self.shown_from is None or period.kind is periods.PeriodKind.YEAR or period.start >= self.shown_from


class FigureStamp(NamedTuple):
    """Which figures a measure has in a window, by identity: how many there are and the highest id.
    Figures are only ever added (`Kept`, and a trigger in PostgreSQL refuses any UPDATE or DELETE), so
    the figures of a measure up to a month only grow, and their count alone tells one set from another;
    the highest id is said as well. The multiplier every value is worked out with goes with it."""

    count: int
    text: str


def periods_up_to(period: StoredPeriod) -> dict[int, periods.Period]:
    """Every stored period starting by the end of `period`, by id: one query."""
    return {
        row_id: periods.parse_period(code)
        for row_id, code in StoredPeriod.objects.filter(start__lte=period.end).values_list("id", "code")
    }


def loaded_figures(
    multipliers: dict[int, Decimal],
    period: StoredPeriod,
    window: Window,
    period_of: dict[int, periods.Period] | None = None,
) -> dict[int, list[history.LoadedFigure]]:
    """Every figure of the measures (ids with their multipliers) for the periods in `window`, as each
    revision up to `period` carried it: two queries (the periods, unless given, then the figures)."""
    if period_of is None:
        period_of = periods_up_to(period)
    points = (
        _figures_in(multipliers, period, window, period_of)
        .order_by()
        .values_list(
            "measure_id",
            "revision_id",
            "numerator",
            "denominator",
            "value",
            "no_value_reason",
            "note",
            "period_id",
            "revision__reporting_period_id",
        )
    )  # plain rows in no order (each period's revisions are ordered later), not model instances: a
    # scorecard of ten years reads tens of thousands
    figures: dict[int, list[history.LoadedFigure]] = {measure_id: [] for measure_id in multipliers}
    multipliers = {measure_id: Decimal(multiplier) for measure_id, multiplier in multipliers.items()}
    value_of, figure = rules.decimal_value, history.LoadedFigure
    for measure_id, revision_id, numerator, denominator, value, reason, note, period_id, reported_id in points:
        figures[measure_id].append(
            figure(
                period_of[period_id],
                period_of[reported_id],
                revision_id,
                value_of(numerator, denominator, multipliers[measure_id], value),
                numerator,
                denominator,
                reason,
                note,
            )
        )
    return {measure_id: held for measure_id, held in figures.items() if held}


def _figures_in(multipliers: dict, period: StoredPeriod, window: Window, period_of: dict[int, periods.Period]):
    """The measures' figures for the periods in `window` from the revisions up to `period`, by the ids of
    the periods (`period_of`, every period starting by the end of `period`): no join to the periods."""
    return DataPoint.objects.filter(
        measure_id__in=list(multipliers),
        revision__reporting_period_id__in=[i for i, value in period_of.items() if value.end <= period.end],
        period_id__in=[i for i, value in period_of.items() if window.takes(value)],
    )


def figure_stamps(
    multipliers: dict[int, Decimal], period: StoredPeriod, window: Window, period_of: dict[int, periods.Period]
) -> dict[int, FigureStamp]:
    """Each measure's `FigureStamp` over `window` (the whole history: the figures a chart counts), from
    the revisions up to `period`: one grouped query."""
    rows = (
        _figures_in(multipliers, period, window, period_of)
        .order_by()
        .values("measure_id")
        .annotate(count=Count("id"), last=Max("id"))
        .values_list("measure_id", "count", "last")
    )
    return {
        measure_id: FigureStamp(count, f"{count} figures to #{last} x {multipliers[measure_id]}")
        for measure_id, count, last in rows
    }


def needs_whole_history(held: list[history.LoadedFigure], stamp: FigureStamp | None) -> bool:
    """A row must be built from the whole history when earlier years hold figures the years read do not
    and the years read hold fewer than three periods with a value (its latest figure, the one before it
    or the last three on the chart would be missed) or only yearly figures (a measure once reported more
    often, whose own figures are those earlier ones: `indicators.report.split_baselines`)."""
    if stamp is None or stamp.count <= len(held):
        return False
    with_value = {f.period for f in held if f.value is not None}
    return len(with_value) < 3 or all(f.period.kind is periods.PeriodKind.YEAR for f in held)


def spc_methods(measure_ids: list[int], reporting: periods.Period) -> dict[int, SpcMethodFacts]:
    """Each measure's SPC method and marks up to the scorecard's period, as plain values: two queries."""
    marks: dict[int, dict[str, list]] = {}
    for mark in SpcMark.objects.filter(measure_id__in=measure_ids, period__end__lte=reporting.end).select_related(
        "period"
    ):
        marks.setdefault(mark.measure_id, {"recalculate": [], "exclude": []})[mark.kind].append(
            (periods.parse_period(mark.period.code), mark.reason)
        )
    methods = {
        m.measure_id: m for m in SpcMethod.objects.filter(measure_id__in=measure_ids).select_related("baseline_end")
    }
    result = {}
    for measure_id in set(marks) | set(methods):
        method, held = methods.get(measure_id), marks.get(measure_id, {"recalculate": [], "exclude": []})
        result[measure_id] = SpcMethodFacts(
            improvement=method.improvement if method else "auto",
            conflict=method.conflict if method else "improvement",
            screen=method.screen_moving_ranges if method else False,
            baseline_end=periods.parse_period(method.baseline_end.code) if method and method.baseline_end else None,
            recalculations=tuple(held["recalculate"]),
            exclusions=tuple(held["exclude"]),
            reason=method.reason if method else "",
        )
    return result


KEPT_FIELDS = ("variation", "assurance", "improvement", "reading", "reason", "points")


def kept_charts(measure_ids: list[int], reporting: periods.Period) -> dict[int, KeptSummary]:
    """The XmR charts kept for the measures as of the month: one query."""
    rows = KeptChart.objects.filter(measure_id__in=measure_ids, as_of=reporting.code).values_list(
        "measure_id", "inputs", *KEPT_FIELDS
    )
    return {measure_id: KeptSummary(*rest) for measure_id, *rest in rows}


def keep_charts(made: dict[int, KeptSummary], reporting: periods.Period) -> None:
    """Keep the charts worked out for the month, replacing any kept from other inputs: one query. Two
    requests keeping the same chart at once both write the same row."""
    if not made:
        return
    KeptChart.objects.bulk_create(
        [
            KeptChart(
                measure_id=measure_id,
                as_of=reporting.code,
                inputs=kept.inputs,
                variation=kept.variation or "",
                assurance=kept.assurance or "",
                improvement=kept.improvement,
                reading=kept.reading,
                reason=kept.reason,
                points=kept.points,
            )
            for measure_id, kept in sorted(made.items())
        ],
        update_conflicts=True,
        unique_fields=["measure", "as_of"],
        update_fields=["inputs", *KEPT_FIELDS, "made_at"],
    )
