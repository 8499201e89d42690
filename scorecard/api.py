"""The read API: JSON for a scorecard and period, built on the same query functions as the pages.

Figures are strings holding the full-precision decimal (`"22.45063920"`), so nothing is lost to
floating point; each has a `*_display` twin rounded as the scorecard prints it. See docs/api.md.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.urls import reverse

from accounts import permissions
from indicators import formatting, quartiles, rules
from indicators.periods import parse_period
from indicators.report import Figure, MeasureRow

from . import queries


def _figures(row: MeasureRow, fig: Figure | None) -> dict | None:
    if fig is None:
        return None
    return {
        "period": fig.period.code,
        "period_label": fig.period.label,
        "value": formatting.full_precision(fig.value),
        "value_display": fig.display if fig.value is not None else "",
        "numerator": formatting.plain_number(fig.numerator),
        "denominator": formatting.plain_number(fig.denominator),
        "no_value_reason": fig.no_value_reason,
    }


def _distance(row: MeasureRow, distance: quartiles.Distance | None) -> dict | None:
    if distance is None:
        return None
    dp = row.measure.decimal_places
    return {
        "figure": formatting.full_precision(distance.figure),
        "figure_display": formatting.format_signed(distance.figure, dp),
        "percent": formatting.full_precision(distance.percent),
        "percent_display": formatting.format_percent(distance.percent),
        "people": distance.people,
        "people_display": f"{abs(distance.people):,} {row.measure.people_noun}" if distance.people is not None else "",
    }


def measure_json(row: MeasureRow) -> dict:
    m = row.measure
    dp = m.decimal_places
    target = row.target
    benchmark = row.benchmark
    quartiles = row.quartiles
    return {
        "number": row.number,
        "code": m.code,
        "title": m.title,
        "section": row.section_title,
        "frameworks": list(m.frameworks),
        "unit": m.unit,
        "unit_label": m.unit_label,
        "multiplier": formatting.plain_number(m.multiplier),
        "decimal_places": dp,
        "polarity": m.polarity,
        "frequency": m.frequency,
        "accumulation": m.accumulation,
        "benchmarkable": m.benchmarkable,
        "constituency_breakdown": m.constituency_breakdown,
        "this_period": _figures(row, row.current),
        "last_period": _figures(row, row.previous),
        "last_period_recalculated": _figures(row, row.previous_recalculated),
        "status": {
            "status": row.status.status.value,
            "source": row.status.source,
            "reason": row.status.reason,
            "judged_on": row.status.judged_on,
            "judged_value": formatting.full_precision(row.status.judged_value),
            "target": formatting.full_precision(row.status.target_value),
            "note": row.status_note,
        },
        "direction_of_travel": None
        if row.travel is None
        else {
            "direction": row.travel.direction.value,
            "colour": row.travel.colour.value,
            "change": formatting.full_precision(row.travel.change),
            "change_unit": row.travel.change_unit,
            "display": row.travel_display,
            "compared_with": row.basis,
            "compared_with_period": row.compared_with.period.code if row.compared_with else None,
            "compared_with_value": formatting.full_precision(row.compared_with.value) if row.compared_with else None,
        },
        "baseline": _figures(row, row.baseline),
        "spc": None
        if row.spc is None
        else {
            "variation": row.spc.variation,
            "assurance": row.spc.assurance,
            "reading": row.spc.reading,
            "improvement": row.spc.improvement,
            "points": row.spc.chart_size,
        },
        "trend": None if row.trend is None else {"direction": row.trend.value, "arrow": rules.TREND_ARROWS[row.trend]},
        "target": None
        if target is None
        else {
            "financial_year": target.year_label,
            "rule": target.rule,
            "display": row.target_display,
            "target": formatting.plain_number(target.target),
            "tolerance": formatting.plain_number(target.tolerance),
            "tolerance_type": target.tolerance_type,
            "minimum": formatting.plain_number(target.minimum),
            "stretch": formatting.plain_number(target.stretch),
            "band_low": formatting.plain_number(target.band_low),
            "band_high": formatting.plain_number(target.band_high),
        },
        "year_end_forecast": formatting.full_precision(row.forecast),
        "year_end_forecast_display": formatting.format_value(row.forecast, m.unit, dp) if row.forecast else "",
        "year_end_forecast_people": row.forecast_people,
        "year_end_forecast_words": row.forecast_display,
        "benchmark": None
        if benchmark is None
        else {
            "label": benchmark.label,
            "england_average": formatting.plain_number(benchmark.england_average),
            "regional_average": formatting.plain_number(benchmark.regional_average),
            "region_name": benchmark.region_name,
            "england_rank": benchmark.england_rank,
            "england_rank_of": benchmark.england_rank_of,
            "previous_rank": benchmark.previous_rank,
            "historical_warning": (
                f"Benchmarks are from {benchmark.label}: other councils' performance now may differ."
            ),
        },
        "quartile": None
        if quartiles is None
        else {
            "current": quartiles.quartile_label,
            "people_noun": m.people_noun,
            "people_reason": quartiles.people_reason,
            "to_next": _distance(row, quartiles.to_next),
            "to_top": _distance(row, quartiles.to_top),
            "table": [
                {
                    "label": r.label or "This council",
                    "is_council": r.is_council,
                    "score": formatting.plain_number(r.score)
                    if not r.is_council
                    else formatting.full_precision(r.score),
                    "difference": _distance(row, r.distance),
                }
                for r in quartiles.rows
            ],
        },
        "commentary": None
        if row.commentary is None or not row.commentary.is_published
        else {
            "data": row.commentary.data,
            "review": row.commentary.review,
            "action": row.commentary.action,
            "text": row.commentary.text,
            "author": row.commentary.author_title,
        },
    }


def summary_json(summary: rules.Summary, comparison: str = "auto", counts=()) -> dict:
    """The summary's counts; `counts` (the report's `status_counts`) splits each status by what set it."""
    return {
        "by_status": [
            {
                "status": c.status.value,
                "count": c.count,
                "parts": [{"set_by": p.basis, "words": p.words, "count": p.count} for p in c.parts],
            }
            for c in counts
        ],
        "status": {
            "met_or_exceeded_target": summary.met,
            "met_without_a_target": summary.met_without_target,  # GREEN on direction of travel alone
            "within_tolerance": summary.within_tolerance,
            "missed_target": summary.missed,
            "no_judgement": summary.no_judgement,
        },
        "direction_of_travel": {
            "improved": summary.improved,
            "no_significant_change": summary.no_significant_change,
            "deteriorated": summary.deteriorated,
            "not_compared": summary.not_compared,
            "compared_with": comparison,
            "words": list(rules.Basis(comparison).words),
        },
        "measures": summary.total,
    }


def scorecard_list(request):
    data = []
    for scorecard, periods, _published in queries.list_scorecards(drafts=permissions.sees_drafts(request.user)):
        data.append(
            {
                "slug": scorecard.slug,
                "title": scorecard.title,
                "organisation": scorecard.organisation,
                "layout": scorecard.layout,
                "frequency": scorecard.frequency,
                "periods": [
                    {
                        "period": p.code,
                        "label": p.long_label,
                        "url": request.build_absolute_uri(reverse("api:scorecard", args=[scorecard.slug, p.slug])),
                    }
                    for p in periods
                ],
            }
        )
    return JsonResponse({"scorecards": data})


def error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


class Refused(Exception):
    """An address the API answers with an error: its message and status."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.response = error(message, status)


def reading_and_period(request, slug: str, period: str):
    """The reader's view of the scorecard and the period in the address, or Refused saying what is wrong."""
    reading = queries.reading(slug, permissions.sees_drafts(request.user))
    scorecard = reading.scorecard
    if scorecard is None:
        raise Refused(f"There is no scorecard '{slug}'. The list is at {reverse('api:scorecards')}.", 404)
    try:
        value = parse_period(period)
    except ValueError as problem:
        raise Refused(f"Period: {problem}.", 400) from None
    period_row = queries.period_of(reading.periods, value)
    if period_row is None:
        raise Refused(f"'{scorecard.title}' has no {reading.kind_of_figures} for {value.long_label}.", 404)
    return reading, period_row


def scorecard_detail(request, slug: str, period: str):
    try:
        reading, period_row = reading_and_period(request, slug, period)
    except Refused as refused:
        return refused.response
    scorecard = reading.scorecard
    wanted = request.GET.get("version", "").strip()
    if wanted and (not wanted.isdigit() or int(wanted) < 1):
        return error(f"Version: '{wanted[:20]}' is not a version number such as 1.", 400)
    if wanted and not reading.is_published(period_row):
        return error(f"{period_row.long_label} is not published, so it has no versions yet.", 404)
    try:
        report = queries.report_for_reading(reading, period_row, int(wanted) if wanted else None)
    except queries.NoSuchEdition as problem:
        return error(str(problem), 404)
    return JsonResponse(
        {
            "scorecard": {
                "slug": scorecard.slug,
                "title": report.scorecard.title,
                "organisation": report.scorecard.organisation,
            },
            "period": {
                "period": period_row.code,
                "label": period_row.long_label,
                "published": report.is_published,
                "published_at": report.cycle.published_at.isoformat() if report.is_published else None,
                "version": report.edition.number if report.edition else None,
                "versions": [
                    {
                        "version": e.number,
                        "published_at": e.published_at.isoformat(),
                        "correction_note": e.note,
                        "measures_changed": list(e.changed),
                    }
                    for e in report.editions
                ],
            },
            "summary": summary_json(report.summary, report.comparison, report.status_counts),
            "sections": [{"title": s.title, "measures": [measure_json(r) for r in s.rows]} for s in report.sections],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _float(value, places: int = 10):
    return None if value is None else round(value, places)


def measure_series(request, slug: str, period: str, code: str):
    """A measure's whole series as the scorecard period sees it: each period's figure as reported and as
    the data now stands, with the XmR chart's mean, limits and reading of each point."""
    try:
        reading, period_row = reading_and_period(request, slug, period)
    except Refused as refused:
        return refused.response
    scorecard = reading.scorecard
    report = queries.report_for_reading(reading, period_row)
    row = queries.whole_row(report, code)
    if row is None:
        return error(f"The measure '{code}' is not on {scorecard.title}.", 404)
    spc_by_period = {p.period: p for p in row.spc.points} if row.spc else {}
    points = []
    for point in row.series:
        chart = spc_by_period.get(point.period)
        points.append(
            {
                "period": point.period.code,
                "label": point.period.long_label,
                "reported": formatting.full_precision(point.reported.value),
                "latest": formatting.full_precision(point.latest.value),
                "no_value_reason": point.latest.no_value_reason,
                "target": formatting.full_precision(point.target),
                "mean": _float(chart.mean) if chart else None,
                "lower_limit": _float(chart.lower) if chart else None,
                "upper_limit": _float(chart.upper) if chart else None,
                "type": chart.type if chart else None,
                "note": chart.note if chart else "",
            }
        )
    return JsonResponse(
        {
            "scorecard": scorecard.slug,
            "period": period_row.code,
            "code": row.measure.code,
            "title": row.measure.title,
            "variation": row.spc.variation if row.spc else None,
            "assurance": row.spc.assurance if row.spc else None,
            "reading": row.spc.reading if row.spc else "",
            "points": points,
        },
        json_dumps_params={"ensure_ascii": False},
    )
