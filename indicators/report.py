"""What a scorecard shows for one period, worked out from data already loaded (its shapes are in `rows`),
worked out with no database and no request. `scorecard.queries` loads the catalogue and the
figures, calls `build_row` for each measure and caches the result; the pages, the API, the downloads
and publishing all read the same `ScorecardReport`.

A row holds plain values (`facts`), never model instances: the measure, its target and benchmarks as
they were when the row was built. So what a row says cannot change under it, and a published report is
kept as its rows were (`indicators.snapshot`).
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from . import formatting, history, periods, rules
from .facts import BenchmarkFacts, CommentaryFacts, MeasureFacts, TargetFacts
from .quartiles import quartile_table
from .rows import (
    Figure,
    HistoryPoint,
    LazySeries,
    MeasureRow,
    SectionBlock,
    StatusResult,
    forecast_words,
)
from .spc_report import ChartBook, SpcMethodFacts

__all__ = ["Figure", "HistoryPoint", "LazySeries", "MeasureRow", "SectionBlock", "StatusResult", "build_row"]

# ------------------------------------------------------------------------------------------ working out


def shown(measure: MeasureFacts, item: history.LoadedFigure | None) -> Figure | None:
    """A loaded figure as the scorecard prints it."""
    if item is None:
        return None
    return Figure(
        period=item.period,
        value=item.value,
        numerator=item.numerator,
        denominator=item.denominator,
        no_value_reason=item.no_value_reason,
        note=item.note,
        display=formatting.figure_or_reason(item.value, item.no_value_reason, measure.unit, measure.decimal_places),
    )


def target_for(targets: list[TargetFacts], fy: int) -> TargetFacts | None:
    """The target for a financial year, or the latest earlier one still standing."""
    earlier = [t for t in targets if t.financial_year <= fy]
    return max(earlier, key=lambda t: t.financial_year) if earlier else None


def target_display(measure: MeasureFacts, target: TargetFacts | None, month_index: int | None) -> str:
    """'75%', 'Minimum 23% / Stretch 24%', '55–60%', '35% (EoY 35%)', or the target's own label."""
    if target is None:
        return ""
    if target.label:
        return target.label

    def written(value: Decimal) -> str:
        return formatting.format_as_written(value, measure.unit, measure.decimal_places)

    rule = rules.Rule(target.rule)
    if rule is rules.Rule.TOLERANCE and target.target is not None:
        profile_value = target.profile_value(month_index)
        if profile_value is not None:
            return f"{written(profile_value)} (EoY {written(target.target)})"
        return written(target.target)
    if rule is rules.Rule.MIN_STRETCH:
        parts = []
        if target.minimum is not None:
            parts.append(f"Minimum {written(target.minimum)}")
        if target.stretch is not None:
            parts.append(f"Stretch {written(target.stretch)}")
        return " / ".join(parts)
    if rule is rules.Rule.BAND and target.band is not None:
        low = formatting.format_number(
            target.band_low, formatting.places_as_written(target.band_low, measure.decimal_places)
        )
        return f"{low}\u2013{written(target.band_high)}"
    if rule is rules.Rule.DIRECTION:
        return "DoT only"
    return "N/A"


def target_to_date(targets: list[TargetFacts], period: periods.Period) -> Decimal | None:
    """The single target (or this month's profile value) for a period, for charts."""
    target = target_for(targets, period.fy)
    if target is None or target.rule != rules.Rule.TOLERANCE:
        return None
    if period.kind is periods.PeriodKind.MONTH:
        profile_value = target.profile_value(period.index)
        if profile_value is not None:
            return profile_value
    return target.target


def split_baselines(figures: list[history.LoadedFigure]) -> tuple[list, list]:
    """A measure's own figures, and the annual figures held beside shorter periods (last year's outturn
    as a baseline beside quarterly figures). A measure reported only annually keeps its years."""
    if all(f.period.kind is periods.PeriodKind.YEAR for f in figures):
        return figures, []
    own = [f for f in figures if f.period.kind is not periods.PeriodKind.YEAR]
    return own, [f for f in figures if f.period.kind is periods.PeriodKind.YEAR]


def baseline_of(
    measure: MeasureFacts,
    table: dict[periods.Period, history.PeriodRecord],
    annual: dict[periods.Period, history.PeriodRecord],
    current: history.PeriodRecord | None,
) -> Figure | None:
    """Last year's outturn: the annual figure for the year before the latest figure's, when held;
    otherwise the measure's own figure for the last period of that year (March, Q4), as it now stands."""
    if current is None:
        return None
    last_year = current.period.fy - 1
    held = annual.get(periods.Period.year(last_year))
    if held is None:
        kind = current.period.kind
        last = {periods.PeriodKind.MONTH: 12, periods.PeriodKind.QUARTER: 4, periods.PeriodKind.YEAR: 1}[kind]
        held = table.get(periods.Period(kind, last_year, last))
    return shown(measure, held.latest) if held else None


def compared_figure(
    measure: MeasureFacts,
    basis: rules.Basis,
    table: dict[periods.Period, history.PeriodRecord],
    current: history.PeriodRecord | None,
    previous: Figure | None,
    baseline: Figure | None,
) -> Figure | None:
    """The figure direction of travel compares with: the previous period as it was reported, the same
    period last year as it now stands, or last year's outturn."""
    if basis is rules.Basis.BASELINE:
        return baseline
    if basis is rules.Basis.LAST_YEAR:
        if current is None:
            return None
        held = table.get(current.period.same_period_last_year())
        return shown(measure, held.latest) if held else None
    return previous


def status_note(
    measure: MeasureFacts, status: StatusResult, forecast: rules.Forecast | None, profiled: bool, target_text: str
) -> str:
    """Said beside a status that rests on something other than the figure shown: 'forecast: 98
    admissions (532.6 per 100,000) against 500', 'profile: 45 against 40 to date'."""
    if status.source == "manual" or status.judged_value is None or status.status is rules.Status.NA:
        return ""

    def written(value: Decimal) -> str:
        return formatting.format_as_written(value, measure.unit, measure.decimal_places)

    against = written(status.target_value) if status.target_value is not None else target_text
    if status.judged_on == "forecast" and forecast is not None and against:
        return f"forecast: {forecast_words(measure, forecast)} against {against}"
    if status.judged_on == "profile" and profiled and status.target_value is not None:
        judged = formatting.format_value(status.judged_value, measure.unit, measure.decimal_places)
        return f"profile: {judged} against {written(status.target_value)} to date"
    return ""


def forecast_for(measure: MeasureFacts, figure: Figure | None, period: periods.Period) -> rules.Forecast | None:
    """The year-end forecast of a cumulative count or rate part-way through its year, else None."""
    unit = rules.Unit(measure.unit)
    if figure is None or figure.value is None or period.months_elapsed >= 12:
        return None
    if not rules.forecastable(measure.is_cumulative, unit):
        return None
    return rules.forecast_of(
        figure.value, figure.numerator, figure.denominator, measure.multiplier, unit, period.months_elapsed
    )


def status_by_rule(
    measure: MeasureFacts,
    target: TargetFacts | None,
    period: periods.Period,
    figure: Figure | None,
    forecast: rules.Forecast | None,
    travel: rules.Travel | None,
    full_precision: bool = False,
) -> StatusResult:
    """The status the measure's target rule gives one figure of `period`: judged on the figure as printed
    (unless `full_precision`), on its year-end forecast or on the profile to date where those apply;
    `travel` is read only by the "DoT only" rule."""
    month_index = period.index if period.kind is periods.PeriodKind.MONTH else None
    profile_value = target.profile_value(month_index) if target else None
    value = figure.value if figure else None
    judged, judged_on = rules.judged_value(
        value, measure.is_cumulative, rules.Unit(measure.unit), period.months_elapsed, profile_value is not None
    )
    if judged_on == "forecast" and forecast is not None:
        judged = forecast.value
    if not full_precision:
        judged = rules.published_figure(judged, measure.decimal_places)
    rule = target.as_rule(profile_value) if target else None
    status = rules.judge_status(judged, rule, rules.Polarity(measure.polarity), travel.colour if travel else None)
    source = "none" if rule is None or rule.rule is rules.Rule.NONE else "rule"
    reason = figure.no_value_reason if figure and figure.value is None else ""
    return StatusResult(status, source, reason, judged_on, judged, rule.target if rule else None)


def build_row(
    measure: MeasureFacts,
    section_title: str,
    number: str,
    reporting: periods.Period,
    figures: list[history.LoadedFigure],
    targets: list[TargetFacts],
    benchmarks: list[BenchmarkFacts],
    override: StatusResult | None,
    commentary: CommentaryFacts | None,
    full_precision: bool = False,
    basis: rules.Basis = rules.Basis.AUTO,
    spc_method: SpcMethodFacts | None = None,
    charts: ChartBook | None = None,
) -> MeasureRow:
    """One measure's line on the scorecard for the month `reporting`. `override` is a status set by
    judgement (its status, reason and source "manual"). Status is judged on the figure as printed
    unless `full_precision`; direction of travel compares on `basis`. `charts` holds the XmR charts
    already worked out (a chart whose inputs are unchanged is not worked out again)."""
    polarity = rules.Polarity(measure.polarity)
    unit = rules.Unit(measure.unit)
    figures, annual = split_baselines(figures)
    table = history.figures_as_of(figures, reporting)
    records = history.series(table)
    current, previous = history.latest_two(records)

    current_fig = shown(measure, current.latest) if current else None
    previous_fig = shown(measure, previous.reported) if previous else None
    recalculated = shown(measure, previous.latest) if previous and previous.recalculated else None

    data_period = current.period if current else reporting
    # An annual or biennial figure from an earlier year is judged by the target in force for the
    # scorecard's own year when its own year had none.
    target = target_for(targets, data_period.fy) or target_for(targets, reporting.fy)
    month_index = data_period.index if data_period.kind is periods.PeriodKind.MONTH else None
    profile_value = target.profile_value(month_index) if target else None

    value = current_fig.value if current_fig else None
    forecast = forecast_for(measure, current_fig, data_period)

    basis = rules.comparison_basis(rules.Basis(basis), measure.is_cumulative)
    baseline = baseline_of(measure, table, history.figures_as_of(annual, reporting), current)
    compared = compared_figure(measure, basis, table, current, previous_fig, baseline)
    # A year to date is compared with last year's whole-year outturn through its year-end forecast.
    travelled = forecast.value if basis is rules.Basis.BASELINE and forecast is not None else value
    travel = rules.direction_of_travel(
        compared.value if compared else None,
        travelled,
        polarity,
        unit,
        measure.decimal_places,
        target.band if target else None,
    )
    trend = rules.trend_arrow(
        recalculated.value if recalculated else previous_fig.value if previous_fig else None,
        current_fig.value if current_fig else None,
        measure.decimal_places,
    )

    status = status_by_rule(measure, target, data_period, current_fig, forecast, travel, full_precision)
    if override is not None:
        status = dataclasses.replace(status, status=override.status, source="manual", reason=override.reason)

    benchmark = max(benchmarks, key=lambda b: b.financial_year) if benchmarks else None
    quartiles = None
    if benchmark is not None and benchmark.cuts is not None and value is not None and polarity.ranked:
        denominator = current_fig.denominator if current_fig else None
        quartiles = quartile_table(value, benchmark.cuts, polarity, denominator, measure.multiplier)

    row = MeasureRow(
        measure=measure,
        section_title=section_title,
        number=number or measure.code,
        current=current_fig,
        previous=previous_fig,
        previous_recalculated=recalculated,
        status=status,
        travel=travel,
        travel_display=formatting.format_travel(travel, measure.decimal_places),
        trend=trend,
        target=target,
        target_display=target_display(measure, target, month_index),
        forecast=forecast.value if forecast else None,
        forecast_people=forecast.people if forecast else None,
        basis=basis.value,
        compared_with=compared,
        baseline=baseline,
        status_note=status_note(
            measure,
            status,
            forecast,
            month_index is not None and profile_value is not None,
            target_display(measure, target, month_index),
        ),
        benchmark=benchmark,
        quartiles=quartiles,
        commentary=commentary,
        series=LazySeries(records, lambda item: history_point(measure, targets, item)),
        benchmarks=sorted(benchmarks, key=lambda b: b.financial_year),
    )
    row.spc = (charts or ChartBook()).chart(
        measure.id,
        [(record.period, record.latest.value) for record in records],
        measure.polarity,
        spc_target(target),
        spc_method or SpcMethodFacts(),
    )
    return row


def history_point(measure: MeasureFacts, targets: list[TargetFacts], item: history.PeriodRecord) -> HistoryPoint:
    """One period of the series; a figure never revised is written once and shown as both."""
    reported = shown(measure, item.reported)
    latest = reported if item.latest is item.reported else shown(measure, item.latest)
    return HistoryPoint(item.period, reported, latest, target_to_date(targets, item.period))


def spc_target(target: TargetFacts | None) -> Decimal | None:
    """The target the assurance icon is judged against: the single target, or the minimum."""
    if target is None:
        return None
    if target.rule == rules.Rule.TOLERANCE:
        return target.target
    if target.rule == rules.Rule.MIN_STRETCH:
        return target.minimum
    return None


def mark_recalculated(
    row: MeasureRow, figures: list[history.LoadedFigure], as_of: periods.Period, published=lambda figure: True
) -> None:
    """A published row's figure that a later upload changed is shown beside it as recalculated; the
    published figure stays. `figures` are those the reader may see, as of `as_of`; `published` says
    whether a figure's upload has reached readers (one that has not is marked a draft, for staff)."""
    if row.current is None:
        return
    now = history.figures_as_of(figures, as_of).get(row.current.period)
    if now is None:
        return
    if now.latest.value != row.current.value or now.latest.no_value_reason != row.current.no_value_reason:
        row.current_recalculated = shown(row.measure, now.latest)
        row.current_recalculated_draft = not published(now.latest)
