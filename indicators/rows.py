"""The shapes of a worked-out scorecard: each measure's row, its figures and history points, its status,
and the sections they sit in. Plain values (`facts`), never model instances, so what a row says cannot
change under it. Worked out by `indicators.report`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from . import formatting, history, periods, rules, status_words
from .facts import BenchmarkFacts, CommentaryFacts, MeasureFacts, TargetFacts
from .quartiles import QUARTILE_NAMES, QuartilePosition, quartile_of
from .spc_report import SpcSummary


@dataclass(frozen=True)
class Figure:
    """A figure as the scorecard shows it: the value at full precision and as printed, or the reason
    there is none."""

    period: periods.Period
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    no_value_reason: str
    display: str
    note: str = ""

    @property
    def label(self) -> str:
        return self.period.label


@dataclass(frozen=True)
class HistoryPoint:
    """One period of a measure's history as the scorecard month sees it."""

    period: periods.Period
    reported: Figure  # as first reported
    latest: Figure  # as the data stands at the scorecard month (recalculated)
    target: Decimal | None  # the target to date for the period (profile month or single target)

    @property
    def recalculated(self) -> bool:
        return self.reported.value != self.latest.value


@dataclass(frozen=True)
class StatusResult:
    status: rules.Status
    source: str  # "rule", "manual" or "none"
    reason: str = ""
    judged_on: str = "value"  # "value", "forecast" or "profile"
    judged_value: Decimal | None = None
    target_value: Decimal | None = None


class LazySeries(Sequence):
    """A measure's history points, each written out (its figures formatted as printed) only when first
    asked for: a scorecard over ten years shows a year of them; a measure page, the API and a published
    snapshot read them all. Reads as a list of `HistoryPoint`."""

    def __init__(self, records: list[history.PeriodRecord], make):
        self._records = records
        self._make = make
        self._points: list[HistoryPoint | None] = [None] * len(records)

    def __len__(self) -> int:
        return len(self._records)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        point = self._points[index]
        if point is None:
            point = self._points[index] = self._make(self._records[index])
        return point

    def where(self, wanted) -> list[HistoryPoint]:
        return [self[i] for i, record in enumerate(self._records) if wanted(record.period)]

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    def __repr__(self) -> str:
        return f"LazySeries({len(self)} periods)"


@dataclass
class MeasureRow:
    measure: MeasureFacts
    section_title: str
    number: str
    current: Figure | None
    previous: Figure | None  # as reported
    previous_recalculated: Figure | None  # only when it differs from what was reported
    status: StatusResult
    travel: rules.Travel | None
    travel_display: str
    trend: rules.Direction | None
    target: TargetFacts | None
    target_display: str
    forecast: Decimal | None
    benchmark: BenchmarkFacts | None
    quartiles: QuartilePosition | None
    commentary: CommentaryFacts | None
    series: Sequence[HistoryPoint] = field(default_factory=list)  # every period held, oldest first (LazySeries)
    current_recalculated: Figure | None = None  # a published figure that a later upload has changed
    current_recalculated_draft: bool = False  # ... by an upload readers do not see yet (staff only)
    benchmarks: list[BenchmarkFacts] = field(default_factory=list)  # every year held up to the scorecard's
    forecast_people: int | None = None  # the forecast count in whole people, when the count is known
    basis: str = "previous"  # what direction of travel compared with: previous, last_year or baseline
    compared_with: Figure | None = None  # the figure it compared with
    status_note: str = ""  # why a status rests on something other than the figure shown ("forecast: …")
    baseline: Figure | None = None  # last year's outturn, when held
    spc: SpcSummary | None = None  # the XmR chart of every period held

    @property
    def forecast_display(self) -> str:
        """'98 admissions (532.6 per 100,000)': the year-end forecast, people first when counted."""
        if self.forecast is None:
            return ""
        return forecast_words(self.measure, rules.Forecast(self.forecast, self.forecast_people))

    @property
    def has_target(self) -> bool:
        """A target to meet (a single target, a minimum or stretch, a band), not direction of travel alone."""
        return self.target is not None and self.target.rule not in (rules.Rule.DIRECTION, rules.Rule.NONE)

    @property
    def status_basis(self) -> str:
        """What set the status: a target, a judgement, or the direction of travel (`status_words`)."""
        direction_only = self.target is not None and self.target.rule == rules.Rule.DIRECTION
        colour = self.travel.colour if self.travel else None
        return status_words.basis_of(self.status.source, self.has_target, direction_only, colour)

    @property
    def gap_words(self) -> str:
        """Why an AMBER or RED row judged on its target is not GREEN: '11.4 pp below the minimum'."""
        if self.status_basis != status_words.TARGET or self.status.status not in (rules.Status.AMBER, rules.Status.RED):
            return ""
        rule = self.target.as_rule(self.status.target_value)
        gap = status_words.gap_to_green(self.status.judged_value, rule, rules.Polarity(self.measure.polarity))
        return status_words.gap_words(gap, self.measure.unit, self.measure.decimal_places)

    @property
    def status_why(self) -> str:
        """The status's reason in a few words beside it: the gap to the target, or what set a status
        with no target."""
        return self.gap_words or status_words.travel_reason(self.status.status, self.status_basis)

    @property
    def judged_against(self) -> str:
        """What the printed figure was judged against, in words: 'the minimum 23% and the stretch 24%'."""
        return judged_against(self.measure, self.target, self.status.target_value)

    @property
    def judged_as_printed(self) -> bool:
        """The status was judged on the printed figure, and printing changed it (84.96 judged as 85.0)."""
        shown_value = self.current.value if self.current else None
        return (
            self.status.judged_on == "value"
            and self.status.judged_value is not None
            and shown_value is not None
            and self.status.judged_value != shown_value
        )

    def points_where(self, wanted) -> list[HistoryPoint]:
        """The history points whose period `wanted(period)` accepts, writing out only those."""
        if isinstance(self.series, LazySeries):
            return self.series.where(wanted)
        return [p for p in self.series if wanted(p.period)]

    def series_for_year(self) -> list[HistoryPoint]:
        """The financial year of the latest figure (for an annual measure, every year held)."""
        if self.current is None:
            return []
        if self.current.period.kind is periods.PeriodKind.YEAR:
            return list(self.series)
        fy = self.current.period.fy
        return self.points_where(lambda period: period.fy == fy)

    def same_period_last_year(self) -> HistoryPoint | None:
        """The figure for the same period a year before the latest (April to November 2020 beside April
        to November 2021), as the data now stands; for an annual measure, the year before."""
        if self.current is None:
            return None
        wanted = self.current.period.same_period_last_year()
        return next(iter(self.points_where(lambda period: period == wanted)), None)

    def last_year_quartile(self) -> str:
        """Last year's national quartile: as published for that year, or worked out from last year's
        figure and that year's cut points; empty when neither is held."""
        if self.current is None:
            return ""
        year = self.current.period.fy - 1
        bench = next((b for b in self.benchmarks if b.financial_year == year), None)
        if bench is None:
            return ""
        if bench.council_quartile:
            return bench.council_quartile
        last = self.same_period_last_year()
        polarity = rules.Polarity(self.measure.polarity)
        if bench.cuts is None or last is None or last.latest.value is None or not polarity.ranked:
            return ""
        return QUARTILE_NAMES[quartile_of(last.latest.value, bench.cuts, polarity)]

    def figures_for(self, months: list[periods.Period]) -> list[tuple[periods.Period, HistoryPoint | None]]:
        """Each of the given periods with its figures, if any (the monthly grid's columns)."""
        wanted = set(months)
        by_period = {p.period: p for p in self.points_where(lambda period: period in wanted)}
        return [(month, by_period.get(month)) for month in months]


@dataclass
class SectionBlock:
    title: str
    description: str
    rows: list[MeasureRow]
    group: str = ""  # a heading over several sections ("Prevent need")


def judged_against(measure: MeasureFacts, target: TargetFacts | None, target_value: Decimal | None) -> str:
    """A status's thresholds in words, from the target as the row holds it (so a published row keeps
    them): 'the target 75%', 'the minimum 23% and the stretch 24%', 'the band 55–60%'."""

    def written(value: Decimal) -> str:
        return formatting.format_as_written(value, measure.unit, measure.decimal_places)

    if target is None:
        return ""
    rule = rules.Rule(target.rule)
    if rule is rules.Rule.MIN_STRETCH:
        parts = [
            f"the {name} {written(value)}"
            for name, value in (("minimum", target.minimum), ("stretch", target.stretch))
            if value is not None
        ]
        return " and ".join(parts)
    if rule is rules.Rule.BAND and target.band_low is not None and target.band_high is not None:
        return f"the band {written(target.band_low)} to {written(target.band_high)}"
    if rule is rules.Rule.TOLERANCE and target_value is not None:
        return f"the target {written(target_value)}"
    return ""


def forecast_words(measure: MeasureFacts, forecast: rules.Forecast) -> str:
    """'98 admissions (532.6 per 100,000)', or the forecast alone when no count is known."""
    value = formatting.format_value(forecast.value, measure.unit, measure.decimal_places)
    if forecast.people is None:
        return value
    people = f"{formatting.format_number(Decimal(forecast.people), 0)} {measure.people_noun}"
    if rules.Unit(measure.unit) is rules.Unit.COUNT:
        return people
    per = measure.unit_label or f"per {formatting.format_number(measure.multiplier, 0)}"
    return f"{people} ({value} {per})"
