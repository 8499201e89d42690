"""A measure's figures by area for one scorecard period: each area's figure with its 95% and 99.8%
intervals, compared with the council's own value in Fingertips' words, whether the areas add up to the
council's figure, and each area's trend over the periods held on the same boundaries.

`for_row` reads (a fixed number of queries however many areas and periods); `work_out` is plain."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from indicators import formatting, rules, suppression
from indicators import statistics as stats
from indicators.models import Area, AreaFigure, BoundaryRelease
from scorecard import queries

COMPARED = {
    "best": "Better than {council} (99.8%)",
    "better": "Better than {council} (95%)",
    "similar": "Similar to {council}",
    "worse": "Worse than {council} (95%)",
    "worst": "Worse than {council} (99.8%)",
    "higher": "Higher than {council}",
    "lower": "Lower than {council}",
    "not compared": "Not compared (no numerator and denominator)",
    "withheld": "Not shown: fewer than 6 people, or to protect one",
}


@dataclass(frozen=True)
class AreaRow:
    area: Area
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None
    display: str
    ci95: stats.Interval | None
    ci998: stats.Interval | None
    compared: str  # a key of COMPARED
    words: str
    suppressed: bool = False


@dataclass
class Breakdown:
    release: BoundaryRelease
    rows: list[AreaRow]
    council_name: str
    council_value: Decimal | None
    council_display: str
    adds_up: bool | None  # None when the areas or the council give no numerator and denominator
    total_numerator: Decimal | None
    total_denominator: Decimal | None
    trend_periods: list = field(default_factory=list)
    trend: dict[int, dict[str, str]] = field(default_factory=dict)  # area id -> period code -> figure
    earlier_releases: list[BoundaryRelease] = field(default_factory=list)

    @property
    def trend_rows(self) -> list[tuple[str, list[str]]]:
        """Each area's figure in each period of the trend, in the table's order ("" where none)."""
        return [
            (r.area.name, [self.trend.get(r.area.id, {}).get(p.code, "") for p in self.trend_periods])
            for r in self.rows
        ]

    @property
    def mapped(self) -> list[AreaRow]:
        return [r for r in self.rows if r.area.kind == Area.Kind.MAPPED]

    def summary(self) -> str:
        """'3 of 10 constituencies are worse than Birmingham as a whole: Ladywood, …'."""
        mapped = self.mapped
        plural = self.release.area_type.plural
        worse = [r.area.name for r in mapped if r.compared in ("worse", "worst")]
        better = [r.area.name for r in mapped if r.compared in ("better", "best")]
        parts = []
        for names, word in ((worse, "worse"), (better, "better")):
            if names:
                verb = "is" if len(names) == 1 else "are"
                parts.append(
                    f"{len(names)} of {len(mapped)} {plural} {verb} {word} than {self.council_name} as a whole: "
                    + "; ".join(names)
                )
        if not parts:
            compared = [r for r in mapped if r.compared not in ("not compared", "withheld")]
            if not compared:
                return f"The {plural} are not compared: their figures have no numerator and denominator."
            return f"No {self.release.area_type.name} differs from {self.council_name} as a whole."
        return ". ".join(parts) + "."


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def area_row(figure: AreaFigure, measure, council_value: Decimal | None, council_name: str, officer: bool) -> AreaRow:
    """One area's line: its value, intervals and comparison; a count under 6 withheld from anyone but an officer."""
    value = rules.measure_value(figure.numerator, figure.denominator, measure.multiplier, figure.value)
    proportion = measure.unit == rules.Unit.PERCENTAGE
    if not officer and _small(figure, proportion):
        return withheld(figure)
    n, d, m = _float(figure.numerator), _float(figure.denominator), float(measure.multiplier)
    ci95 = stats.interval(n, d, m, proportion, 95)
    ci998 = stats.interval(n, d, m, proportion, 99.8)
    direction = stats.Direction(measure.polarity) if measure.polarity in ("higher", "lower") else stats.Direction.NONE
    compared = stats.compared_with(_float(council_value), ci95, direction, ci998)
    display = formatting.figure_or_reason(value, figure.no_value_reason, measure.unit, measure.decimal_places)
    return AreaRow(
        figure.area,
        figure.numerator,
        figure.denominator,
        value,
        display,
        ci95,
        ci998,
        compared,
        COMPARED[compared].format(council=council_name),
    )


def _small(figure: AreaFigure, proportion: bool) -> bool:
    """Whether the figure gives away a count of 1 to 5 people (`indicators.suppression`)."""
    if figure.numerator is None:
        return False
    denominator = None if figure.denominator is None else int(figure.denominator)
    return suppression.suppressed(int(figure.numerator), denominator, 100 if proportion else 100_000)


BESIDE = "Not shown, so that a small count elsewhere cannot be worked out"


def withheld(figure: AreaFigure, beside: bool = False) -> AreaRow:
    """An area's line with its figure withheld: a small count of its own, or (`beside`) withheld so that
    another area's small count cannot be worked out from the council's figure. Its denominator is shown
    unless it is itself a small count."""
    denominator = figure.denominator
    if denominator is not None and suppression.small(int(denominator)):
        denominator = None
    return AreaRow(
        figure.area,
        None,
        denominator,
        None,
        "Not shown" if beside else "Fewer than 6",
        None,
        None,
        "withheld",
        BESIDE if beside else "Not shown: fewer than 6 people",
        True,
    )


def second_suppression(rows: list[AreaRow], figures: list[AreaFigure]) -> list[AreaRow]:
    """With one area's count withheld, the council's own figure less the others would give it away: the
    next smallest count is withheld too (the usual secondary suppression)."""
    if sum(1 for r in rows if r.suppressed) != 1:
        return rows
    shown = [(f.numerator, i) for i, (r, f) in enumerate(zip(rows, figures, strict=True)) if not r.suppressed]
    counted = [(n, i) for n, i in shown if n is not None]
    if not counted:
        return rows
    _, smallest = min(counted)
    return [withheld(figures[i], beside=True) if i == smallest else r for i, r in enumerate(rows)]


def adds_up(figures: list[AreaFigure], measure, council) -> tuple[bool | None, Decimal | None, Decimal | None]:
    """Whether the areas' numerators and denominators add up to the council's figure: exactly, where the
    council gives both; to its value as printed, where it gives the value alone."""
    if not figures or any(f.numerator is None or f.denominator is None for f in figures):
        return None, None, None
    numerator = sum(f.numerator for f in figures)
    denominator = sum(f.denominator for f in figures)
    if council is None or council.value is None:
        return None, numerator, denominator
    if council.numerator is not None and council.denominator is not None:
        return (numerator == council.numerator and denominator == council.denominator), numerator, denominator
    value = rules.measure_value(numerator, denominator, measure.multiplier, None)
    places = measure.decimal_places
    same = rules.published_figure(value, places) == rules.published_figure(council.value, places)
    return same, numerator, denominator


def latest(figures) -> dict[tuple[int, int], AreaFigure]:
    """The latest figure of each (area, period), from figures ordered oldest revision first."""
    found = {}
    for figure in figures:
        found[(figure.area_id, figure.period_id)] = figure
    return found


def held_for(report, measure_id: int):
    """Every figure by area of a measure the report's period reads (`scorecard.queries.area_figures_read`),
    oldest revision first, with its area and release: one query."""
    figures = queries.area_figures_read(report.period, report.cycle).filter(measure_id=measure_id)
    return list(
        figures.select_related("area", "area__release", "area__release__area_type", "period").order_by(
            "revision__reporting_period__start", "revision_id"
        )
    )


def work_out(figures: list[AreaFigure], measure, data_period, council, council_name: str, officer: bool):
    """The breakdown of `data_period` from every figure by area held (see `held_for`): None when there is
    none for that period. The trend runs over the periods held on the same release."""
    chosen = latest(figures)
    now = [f for (_, period_id), f in chosen.items() if f.period.code == data_period.code]
    if not now:
        return None
    release = max({f.area.release for f in now}, key=lambda r: r.valid_from)
    now = sorted((f for f in now if f.area.release_id == release.id), key=_order)
    council_value = council.value if council is not None else None
    rows = [area_row(f, measure, council_value, council_name, officer) for f in now]
    rows = rows if officer else second_suppression(rows, now)
    total, numerator, denominator = adds_up(now, measure, council)
    if any(r.suppressed for r in rows):
        numerator = denominator = None  # the totals would give a withheld count away
    periods = sorted({f.period for f in chosen.values() if f.area.release_id == release.id}, key=lambda p: p.start)
    periods = [p for p in periods if p.start <= now[0].period.start]
    trend: dict[int, dict[str, str]] = {}
    for period in periods:
        if period.code == data_period.code:
            period_rows = rows  # the table's own, worked out above
        else:
            shown = sorted(
                (f for f in chosen.values() if f.area.release_id == release.id and f.period == period), key=_order
            )
            period_rows = [area_row(f, measure, None, council_name, officer) for f in shown]
            period_rows = period_rows if officer else second_suppression(period_rows, shown)
        for r in period_rows:
            trend.setdefault(r.area.id, {})[period.code] = r.display
    earlier = sorted(
        {f.area.release for f in chosen.values() if f.area.release_id != release.id}, key=lambda r: r.valid_from
    )
    council_display = council.display if council is not None else ""
    return Breakdown(
        release,
        rows,
        council_name,
        council_value,
        council_display,
        total,
        numerator,
        denominator,
        periods,
        trend,
        earlier,
    )


def _order(figure: AreaFigure):
    """Mapped areas by name, then "Not known", then "Outside the council"."""
    rank = {Area.Kind.MAPPED: 0, Area.Kind.NOT_KNOWN: 1, Area.Kind.OUTSIDE: 2}[figure.area.kind]
    return rank, figure.area.name


def council_name(report) -> str:
    """'Birmingham' for Birmingham City Council: how the comparisons name the council as a whole."""
    name = report.scorecard.organisation or ""
    for ending in (" City Council", " County Council", " Borough Council", " Council"):
        name = name.removesuffix(ending)
    return name or "the council"


def held_for_period(report, measure_id: int, data_period) -> bool:
    """Whether the report's period reads a figure by area of the measure for `data_period`. One query."""
    figures = queries.area_figures_read(report.period, report.cycle)
    return figures.filter(measure_id=measure_id, period__code=data_period.code).exists()


def for_row(report, row, officer: bool) -> Breakdown | None:
    """The breakdown behind a scorecard row, for its figure's period, as the report's period reads it.
    Two queries, or None with no figures by area."""
    data_period = row.current.period if row.current else report.period.value
    figures = held_for(report, row.measure.id)
    return work_out(figures, row.measure, data_period, row.current, council_name(report), officer)
