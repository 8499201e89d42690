"""The query functions behind every scorecard page and the JSON API, so the two cannot disagree.

`scorecard_report` reads a scorecard for one period in a fixed number of queries, however many
measures it has, then works out every figure with the plain rules in `indicators`.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q

from indicators import formatting, history, periods, rules
from indicators.models import (
    Benchmark,
    Commentary,
    DataPoint,
    DataVersion,
    Measure,
    Period,
    Scorecard,
    ScorecardMeasure,
    ScorecardPeriod,
    StatusOverride,
    Target,
)

HISTORY_YEARS = 5  # how far back a scorecard reads figures (enough for biennial surveys and trends)


@dataclass
class Figures:
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


@dataclass
class SeriesPoint:
    """One period of a measure's history as the scorecard month sees it."""

    period: periods.Period
    reported: Figures  # as first reported
    latest: Figures  # as the data stands at the scorecard month (recalculated)
    target: Decimal | None  # the target to date for the period (profile month or single target)

    @property
    def recalculated(self) -> bool:
        return self.reported.value != self.latest.value


@dataclass
class StatusResult:
    status: rules.Status
    source: str  # "rule", "manual" or "none"
    reason: str = ""
    judged_on: str = "value"  # "value", "forecast" or "profile"
    judged_value: Decimal | None = None
    target_value: Decimal | None = None


@dataclass
class MeasureRow:
    entry: ScorecardMeasure
    measure: Measure
    section_title: str
    number: str
    current: Figures | None
    previous: Figures | None  # as reported
    previous_recalculated: Figures | None  # only when it differs from what was reported
    status: StatusResult
    travel: rules.Travel | None
    travel_display: str
    trend: rules.Direction | None
    target: Target | None
    target_display: str
    forecast: Decimal | None
    benchmark: Benchmark | None
    quartiles: rules.QuartilePosition | None
    commentary: Commentary | None
    series: list[SeriesPoint] = field(default_factory=list)  # every period held, oldest first
    current_recalculated: Figures | None = None  # a published figure that a later upload has changed
    benchmarks: list[Benchmark] = field(default_factory=list)  # every year held up to the scorecard's

    def series_for_year(self) -> list[SeriesPoint]:
        """The financial year of the latest figure (for an annual measure, every year held)."""
        if self.current is None:
            return []
        if self.current.period.kind is periods.PeriodKind.YEAR:
            return self.series
        return [p for p in self.series if p.period.fy == self.current.period.fy]

    def same_period_last_year(self) -> SeriesPoint | None:
        """The figure for the same period a year before the latest (April to November 2020 beside April
        to November 2021), as the data now stands; for an annual measure, the year before."""
        if self.current is None:
            return None
        wanted = self.current.period.same_period_last_year()
        return next((p for p in self.series if p.period == wanted), None)

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
        cuts = bench.cuts
        if cuts is None or last is None or last.latest.value is None:
            return ""
        polarity = rules.Polarity(self.measure.polarity)
        if polarity not in (rules.Polarity.HIGHER, rules.Polarity.LOWER):
            return ""
        return rules.QUARTILE_NAMES[rules.quartile_of(last.latest.value, cuts, polarity)]

    def figures_for(self, months: list[periods.Period]) -> list[tuple[periods.Period, SeriesPoint | None]]:
        """Each of the given periods with its figures, if any (the monthly grid's columns)."""
        by_period = {p.period: p for p in self.series}
        return [(month, by_period.get(month)) for month in months]


@dataclass
class SectionBlock:
    title: str
    description: str
    rows: list[MeasureRow]
    group: str = ""  # a heading over several sections ("Prevent need")


@dataclass
class ScorecardReport:
    scorecard: Scorecard
    period: Period
    sections: list[SectionBlock]
    summary: rules.Summary
    version: str = ""  # the data version it was built from (for caching what is drawn from it)
    cycle: ScorecardPeriod | None = None  # the deadline and publication, when there are any

    @property
    def is_published(self) -> bool:
        return self.cycle is not None and self.cycle.is_published

    @property
    def rows(self) -> list[MeasureRow]:
        return [row for section in self.sections for row in section.rows]


def scorecard_periods(scorecard: Scorecard) -> list[Period]:
    """The scorecard's periods that have figures: the months (or quarters, years) of the revisions
    loaded for its measures, newest first."""
    measure_ids = ScorecardMeasure.objects.filter(scorecard=scorecard).values("measure_id")
    period_ids = DataPoint.objects.filter(measure_id__in=measure_ids).values("revision__reporting_period_id").distinct()
    return list(Period.objects.filter(id__in=period_ids).order_by("-start"))


def list_scorecards(drafts: bool = True, public_only: bool = False) -> list[tuple[Scorecard, list[Period], set[int]]]:
    """Every scorecard with its periods (only the published ones unless `drafts`) and the ids of
    those published, in three queries."""
    scorecards = list(Scorecard.objects.filter(is_public=True) if public_only else Scorecard.objects.all())
    scorecards.sort(key=lambda s: s.title)
    rows = (
        DataPoint.objects.filter(measure__entries__scorecard__in=scorecards)
        .values_list("measure__entries__scorecard_id", "revision__reporting_period_id")
        .distinct()
    )
    by_scorecard: dict[int, set[int]] = {}
    for scorecard_id, period_id in rows:
        by_scorecard.setdefault(scorecard_id, set()).add(period_id)
    published: dict[int, set[int]] = {}
    for scorecard_id, period_id in ScorecardPeriod.objects.filter(
        scorecard__in=scorecards, published_at__isnull=False
    ).values_list("scorecard_id", "period_id"):
        published.setdefault(scorecard_id, set()).add(period_id)
    if not drafts:
        by_scorecard = {k: v & published.get(k, set()) for k, v in by_scorecard.items()}
    all_ids = set().union(*by_scorecard.values()) if by_scorecard else set()
    period_by_id = {p.id: p for p in Period.objects.filter(id__in=all_ids)}
    return [
        (
            s,
            sorted((period_by_id[i] for i in by_scorecard.get(s.id, ())), key=lambda p: p.start, reverse=True),
            published.get(s.id, set()),
        )
        for s in scorecards
    ]


class _ProcessCache:
    """The last few things this process built from the data (reports, period lists), keyed with the
    data version. They are never changed after they are built, so they can be shared."""

    def __init__(self, size: int = 64):
        self.size = size
        self.items: OrderedDict[tuple, object] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple):
        with self.lock:
            report = self.items.get(key)
            if report is not None:
                self.items.move_to_end(key)
            return report

    def put(self, key: tuple, value) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


report_cache = _ProcessCache()


def scorecard_with_periods(slug: str) -> tuple[Scorecard | None, list[Period], set[int], str]:
    """The scorecard, its periods (newest first), the ids of those published and the data version:
    one query when already known."""
    version = DataVersion.current()
    key = ("periods", slug, version)
    found = report_cache.get(key)
    if found is None:
        scorecard = Scorecard.objects.filter(slug=slug).first()
        held = scorecard_periods(scorecard) if scorecard else []
        published = published_period_ids(scorecard) if scorecard else set()
        found = (scorecard, held, published)
        report_cache.put(key, found)
    return (*found, version)


def published_period_ids(scorecard: Scorecard) -> set[int]:
    return set(
        ScorecardPeriod.objects.filter(scorecard=scorecard, published_at__isnull=False).values_list(
            "period_id", flat=True
        )
    )


@dataclass
class Reading:
    """One reader's view of a scorecard: the periods they may open and whether they see drafts. Staff
    see every period with figures; councillors and the public only the published ones."""

    scorecard: Scorecard | None
    periods: list[Period]
    published: set[int]
    version: str
    drafts: bool

    def is_published(self, period: Period) -> bool:
        return period.id in self.published

    @property
    def kind_of_figures(self) -> str:
        """'figures', or 'published figures' for a reader who sees only those (for 'has no …' messages)."""
        return "figures" if self.drafts else "published figures"


def reading(slug: str, drafts: bool) -> Reading:
    """The pages' and the API's one way to find what a reader may see of a scorecard."""
    scorecard, held, published, version = scorecard_with_periods(slug)
    visible = held if drafts else [p for p in held if p.id in published]
    return Reading(scorecard, visible, published, version, drafts)


def period_of(periods_held: list[Period], value: periods.Period) -> Period | None:
    """The scorecard's own period row for `value`, or None when the scorecard has no figures for it."""
    return next((p for p in periods_held if p.code == value.code), None)


def cached_scorecard_report(scorecard: Scorecard, period: Period, version: str | None = None) -> ScorecardReport:
    """`scorecard_report`, built once per change of the data: one query when it is already built."""
    version = DataVersion.current() if version is None else version
    key = ("report", scorecard.pk, period.pk, version)
    report = report_cache.get(key)
    if report is None:
        report = scorecard_report(scorecard, period)
        report.version = version
        report_cache.put(key, report)
    return report


def scorecard_report(scorecard: Scorecard, period: Period) -> ScorecardReport:
    """Everything a scorecard shows for one period. Eight queries for any number of measures."""
    entries = list(
        ScorecardMeasure.objects.filter(scorecard=scorecard)
        .select_related("measure", "section")
        .prefetch_related(Prefetch("measure__frameworks"))
        .order_by("order")
    )
    measure_ids = [e.measure_id for e in entries]
    reporting = period.value
    earliest = dt.date(reporting.end.year - HISTORY_YEARS, 1, 1)

    targets: dict[int, list[Target]] = {}
    for target in Target.objects.filter(measure_id__in=measure_ids).prefetch_related("profile"):
        targets.setdefault(target.measure_id, []).append(target)

    benchmarks: dict[int, list[Benchmark]] = {}
    for benchmark in Benchmark.objects.filter(measure_id__in=measure_ids, financial_year__lte=reporting.fy):
        benchmarks.setdefault(benchmark.measure_id, []).append(benchmark)

    points = (
        DataPoint.objects.filter(
            measure_id__in=measure_ids,
            revision__reporting_period__end__lte=period.end,
            period__start__lte=period.end,
            period__start__gte=earliest,
        )
        .select_related("period", "revision__reporting_period")
        .only(
            "measure_id",
            "revision_id",
            "numerator",
            "denominator",
            "value",
            "no_value_reason",
            "note",
            "period__code",
            "revision__reporting_period__code",
        )
    )
    multipliers = {e.measure_id: e.measure.multiplier for e in entries}
    figures: dict[int, list[history.Figure]] = {}
    period_cache: dict[str, periods.Period] = {}

    def as_period(code: str) -> periods.Period:
        if code not in period_cache:
            period_cache[code] = periods.parse_period(code)
        return period_cache[code]

    for point in points:
        figures.setdefault(point.measure_id, []).append(
            history.Figure(
                period=as_period(point.period.code),
                reported_in=as_period(point.revision.reporting_period.code),
                revision_id=point.revision_id,
                value=point.computed_value(multipliers[point.measure_id]),
                numerator=point.numerator,
                denominator=point.denominator,
                no_value_reason=point.no_value_reason,
                note=point.note,
            )
        )

    commentaries = {c.measure_id: c for c in Commentary.objects.filter(measure_id__in=measure_ids, period=period)}
    cycle = ScorecardPeriod.objects.filter(scorecard=scorecard, period=period).first()
    published = cycle is not None and cycle.is_published
    override_rows = StatusOverride.objects.filter(measure_id__in=measure_ids, period=period)
    if published:
        override_rows = override_rows.filter(set_at__lte=cycle.published_at)  # later judgements wait
    overrides: dict[int, StatusOverride] = {}
    for override in override_rows.order_by("set_at", "id"):
        overrides[override.measure_id] = override  # the latest wins

    sections: list[SectionBlock] = []
    section_id = None
    for entry in entries:
        held = figures.get(entry.measure_id, [])
        if published and cycle.revision_cutoff is not None:
            as_published = [f for f in held if f.revision_id <= cycle.revision_cutoff]
        else:
            as_published = held
        row = build_row(
            entry,
            reporting,
            as_published,
            targets.get(entry.measure_id, []),
            benchmarks.get(entry.measure_id, []),
            overrides.get(entry.measure_id),
            commentaries.get(entry.measure_id),
        )
        if published:
            freeze(row, cycle, held, reporting)
        if not sections or section_id != entry.section_id:
            section_id = entry.section_id
            sections.append(SectionBlock(entry.section.title, entry.section.description, [], entry.section.group))
        sections[-1].rows.append(row)

    summary = rules.summarise((row.status.status, row.travel) for s in sections for row in s.rows)
    return ScorecardReport(scorecard, period, sections, summary, cycle=cycle)


def freeze(row: MeasureRow, cycle: ScorecardPeriod, held: list[history.Figure], reporting: periods.Period) -> None:
    """Hold a published row to what was published: its status and target as they were then, and a
    figure that a later upload for the same month changed shown beside it as recalculated."""
    snap = cycle.snapshot.get(row.measure.code)
    if snap:
        if snap["status"] != row.status.status.value:
            row.status = StatusResult(
                rules.Status(snap["status"]),
                snap.get("status_source", "rule"),
                snap.get("status_reason", ""),
                row.status.judged_on,
                row.status.judged_value,
                row.status.target_value,
            )
        row.target_display = snap.get("target", row.target_display)
    now, _ = history.current_and_previous(history.figures_as_of(held, reporting))
    if now is not None and row.current is not None and now.period == row.current.period:
        if now.latest.value != row.current.value or now.latest.no_value_reason != row.current.no_value_reason:
            row.current_recalculated = _figures(row.measure, now.latest)


def _figures(measure: Measure, item: history.Figure | None) -> Figures | None:
    if item is None:
        return None
    return Figures(
        period=item.period,
        value=item.value,
        numerator=item.numerator,
        denominator=item.denominator,
        no_value_reason=item.no_value_reason,
        note=item.note,
        display=formatting.format_value(item.value, measure.unit, measure.decimal_places)
        if item.value is not None
        else item.no_value_reason,
    )


def target_for(targets: list[Target], fy: int) -> Target | None:
    """The target for a financial year, or the latest earlier one still standing."""
    earlier = [t for t in targets if t.financial_year <= fy]
    return max(earlier, key=lambda t: t.financial_year) if earlier else None


def target_display(measure: Measure, target: Target | None, month_index: int | None) -> str:
    """'75%', 'Min 23% / Stretch 24%', '55-60%', '35% (EoY 35%)', or the target's own label."""
    if target is None:
        return ""
    if target.label:
        return target.label

    def fmt(value):
        return formatting.format_value(value, measure.unit, _target_places(measure, value))

    rule = rules.Rule(target.rule)
    if rule is rules.Rule.TOLERANCE and target.target is not None:
        profile = {p.month: p.value for p in target.profile.all()}
        if month_index in profile:
            return f"{fmt(profile[month_index])} (EoY {fmt(target.target)})"
        return fmt(target.target)
    if rule is rules.Rule.MIN_STRETCH:
        parts = []
        if target.minimum is not None:
            parts.append(f"Minimum {fmt(target.minimum)}")
        if target.stretch is not None:
            parts.append(f"Stretch {fmt(target.stretch)}")
        return " / ".join(parts)
    if rule is rules.Rule.BAND and target.band_low is not None and target.band_high is not None:
        low = formatting.format_number(target.band_low, _target_places(measure, target.band_low))
        return f"{low}\u2013{fmt(target.band_high)}"
    if rule is rules.Rule.DIRECTION:
        return "DoT only"
    return "N/A"


def _target_places(measure: Measure, value: Decimal) -> int:
    """Targets are written as set: 75% stays '75%' on a measure shown to one decimal place."""
    exponent = -value.normalize().as_tuple().exponent
    return max(0, min(measure.decimal_places, exponent))


def build_row(
    entry: ScorecardMeasure,
    reporting: periods.Period,
    figures: list[history.Figure],
    targets: list[Target],
    benchmarks: list[Benchmark],
    override: StatusOverride | None,
    commentary: Commentary | None,
) -> MeasureRow:
    """One measure's line on the scorecard, from data already loaded (no queries)."""
    measure = entry.measure
    polarity = rules.Polarity(measure.polarity)
    unit = rules.Unit(measure.unit)
    table = history.figures_as_of(figures, reporting)
    current, previous = history.current_and_previous(table)

    current_fig = _figures(measure, current.latest) if current else None
    previous_fig = _figures(measure, previous.reported) if previous else None
    recalculated = _figures(measure, previous.latest) if previous and previous.recalculated else None

    data_period = current.period if current else reporting
    # An annual or biennial figure from an earlier year is judged by the target in force for the
    # scorecard's own year when its own year had none.
    target = target_for(targets, data_period.fy) or target_for(targets, reporting.fy)
    month_index = data_period.index if data_period.kind is periods.PeriodKind.MONTH else None
    profile = {p.month: p.value for p in target.profile.all()} if target else {}
    profile_value = profile.get(month_index) if month_index else None

    band = None
    if target is not None and target.band_low is not None and target.band_high is not None:
        band = (target.band_low, target.band_high)
    travel = rules.direction_of_travel(
        previous_fig.value if previous_fig else None,
        current_fig.value if current_fig else None,
        polarity,
        unit,
        measure.decimal_places,
        band,
    )
    trend = rules.trend_arrow(
        recalculated.value if recalculated else previous_fig.value if previous_fig else None,
        current_fig.value if current_fig else None,
        measure.decimal_places,
    )

    value = current_fig.value if current_fig else None
    forecast = None
    if rules.forecastable(measure.is_cumulative, unit) and value is not None and data_period.months_elapsed < 12:
        forecast = rules.year_end_forecast(value, data_period.months_elapsed)
    judged, basis = rules.judged_value(
        value, measure.is_cumulative, unit, data_period.months_elapsed, profile_value is not None
    )
    rule = target.as_rule(profile_value) if target else None
    if override is not None:
        status = StatusResult(rules.Status(override.status), "manual", override.reason, basis, judged)
    else:
        judged_status = rules.judge_status(judged, rule, polarity, travel.colour if travel else None)
        source = "none" if rule is None or rule.rule is rules.Rule.NONE else "rule"
        reason = current_fig.no_value_reason if current_fig and current_fig.value is None else ""
        status = StatusResult(judged_status, source, reason, basis, judged)
    status.target_value = rule.target if rule else None

    benchmark = max(benchmarks, key=lambda b: b.financial_year) if benchmarks else None
    quartiles = None
    if (
        benchmark is not None
        and benchmark.cuts is not None
        and value is not None
        and polarity
        in (
            rules.Polarity.HIGHER,
            rules.Polarity.LOWER,
        )
    ):
        denominator = current_fig.denominator if current_fig else None
        quartiles = rules.quartile_table(value, benchmark.cuts, polarity, denominator, measure.multiplier)

    history_points = [
        SeriesPoint(
            period=item.period,
            reported=_figures(measure, item.reported),
            latest=_figures(measure, item.latest),
            target=_target_to_date(targets, item.period),
        )
        for item in history.series(table)
    ]
    return MeasureRow(
        entry=entry,
        measure=measure,
        section_title=entry.section.title,
        number=entry.number or measure.code,
        current=current_fig,
        previous=previous_fig,
        previous_recalculated=recalculated,
        status=status,
        travel=travel,
        travel_display=formatting.format_travel(travel, measure.decimal_places),
        trend=trend,
        target=target,
        target_display=target_display(measure, target, month_index),
        forecast=forecast,
        benchmark=benchmark,
        quartiles=quartiles,
        commentary=commentary,
        series=history_points,
        benchmarks=sorted(benchmarks, key=lambda b: b.financial_year),
    )


def _target_to_date(targets: list[Target], period: periods.Period) -> Decimal | None:
    """The single target (or this month's profile value) for a period, for charts."""
    target = target_for(targets, period.fy)
    if target is None or target.rule != rules.Rule.TOLERANCE:
        return None
    if period.kind is periods.PeriodKind.MONTH:
        for point in target.profile.all():
            if point.month == period.index:
                return point.value
    return target.target


@dataclass
class MyScorecard:
    """A manager's measures on one scorecard, for its latest period."""

    scorecard: Scorecard
    period: Period
    rows: list[MeasureRow]
    cycle: ScorecardPeriod | None

    @property
    def deadline(self) -> dt.date | None:
        return self.cycle.commentary_deadline if self.cycle else None

    @property
    def is_published(self) -> bool:
        return self.cycle is not None and self.cycle.is_published

    @property
    def to_do(self) -> list[MeasureRow]:
        """Commentary missing, still a draft, or sent back."""
        return [r for r in self.rows if r.commentary is None or r.commentary.state in Commentary.WITH_AUTHOR]


def my_measures(user) -> list[MyScorecard]:
    """The measures a person owns or is the responsible officer for, on each scorecard that shows them,
    for the scorecard's latest period: a few queries per scorecard, however many measures."""
    mine = set(Measure.objects.filter(Q(owner_user=user) | Q(responsible_user=user)).values_list("id", flat=True))
    if not mine:
        return []
    cards = []
    slugs = Scorecard.objects.filter(entries__measure_id__in=mine).distinct().order_by("title")
    for slug in slugs.values_list("slug", flat=True):
        scorecard, held, _published, version = scorecard_with_periods(slug)
        if not held:
            continue
        report = cached_scorecard_report(scorecard, held[0], version)
        rows = [row for row in report.rows if row.measure.id in mine]
        cards.append(MyScorecard(scorecard, held[0], rows, report.cycle))
    return cards


def scorecards_showing(measure: Measure, period: Period) -> list[tuple[Scorecard, ScorecardPeriod | None]]:
    """The scorecards a measure is on, with their cycle for the period (deadline, publication)."""
    scorecards = list(Scorecard.objects.filter(entries__measure=measure).distinct().order_by("title"))
    cycles = {c.scorecard_id: c for c in ScorecardPeriod.objects.filter(scorecard__in=scorecards, period=period)}
    return [(s, cycles.get(s.id)) for s in scorecards]
