"""What a worked-out scorecard reads besides its catalogue, each in a fixed number of queries however many
measures: the figures as each revision carried them, each measure's SPC method and marks, and the XmR
charts kept from earlier (`indicators.models.KeptChart`). Used by `scorecard.queries`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from indicators import history, periods, rules
from indicators.models import DataPoint, KeptChart, SpcMark, SpcMethod, StoredPeriod
from indicators.spc_report import KeptSummary, SpcMethodFacts


def loaded_figures(
    multipliers: dict[int, Decimal], period: StoredPeriod, earliest: dt.date
) -> dict[int, list[history.LoadedFigure]]:
    """Every figure of the measures (ids with their multipliers) for periods from `earliest`, as each
    revision up to `period` carried it: two queries (the periods, then the figures)."""
    points = (
        DataPoint.objects.filter(
            measure_id__in=list(multipliers),
            revision__reporting_period__end__lte=period.end,
            period__start__lte=period.end,
            period__start__gte=earliest,
        )
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
    period_of = {
        row_id: periods.parse_period(code)
        for row_id, code in StoredPeriod.objects.filter(start__lte=period.end).values_list("id", "code")
    }
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
