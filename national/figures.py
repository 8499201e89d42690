"""One national measure in one year, worked out for every council from the rows held: England and
regional values, quartile cut points, each council's rank (and its movement), quartile, 95% and 99.8%
intervals and comparison with England, and a group's value. Plain functions over plain rows: no
database (`national.queries` loads the rows and caches what is worked out)."""

from __future__ import annotations

from dataclasses import dataclass, field

from indicators import statistics as stats

from .measures import Kind, NationalMeasure

# Why a measure's figures have no interval, or what its interval is, in words a councillor reads.
INTERVAL_WORDS = {
    Kind.COUNTED: "",
    Kind.SURVEY: (
        "A survey estimate: the interval is the margin of error the publisher gives (95%), as the estimate is "
        "weighted and a count-based interval would be wrong. It has no 99.8% interval."
    ),
    Kind.OUTCOME: "Only the value is published (no counts that mean anything), so no interval can be worked out.",
}
ROUNDED_YEAR = 2014
ROUNDED_WORDS = (
    "The counts of 2014-15 were published rounded to the nearest 5: the values shown are the published ones, "
    "and the intervals from the rounded counts are close but not exact."
)


@dataclass(frozen=True)
class Row:
    """One area's published figure (a `Record` as plain values)."""

    level: str
    area_code: str
    area_name: str
    region: str = ""
    council_type: str = ""
    numerator: float | None = None
    denominator: float | None = None
    value: float | None = None
    margin: float | None = None


@dataclass(frozen=True)
class CouncilFigure:
    code: str
    name: str
    region: str
    council_type: str
    value: float
    numerator: float | None
    denominator: float | None
    rank: int
    of: int
    previous_rank: int | None
    quartile: int | None
    ci95: stats.Interval | None
    ci998: stats.Interval | None
    compared_with_england: str
    compared_with_region: str = "not compared"

    @property
    def movement(self) -> int | None:
        """Places moved since last year: positive is up the table."""
        return None if self.previous_rank is None else self.previous_rank - self.rank


@dataclass
class MeasureYear:
    measure: NationalMeasure
    disaggregation: str
    year: int
    england: float | None
    england_ci: stats.Interval | None
    regions: dict[str, float]
    cuts: stats.Cuts | None
    councils: list[CouncilFigure]  # best first
    source: str = ""
    no_interval_reason: str = ""
    note: str = ""
    by_code: dict[str, CouncilFigure] = field(default_factory=dict)

    def __post_init__(self):
        self.by_code = {c.code: c for c in self.councils}

    @property
    def count(self) -> int:
        return len(self.councils)

    def council(self, code: str) -> CouncilFigure | None:
        return self.by_code.get(code)

    def place_in_group(self, codes: set[str], code: str) -> tuple[int, int] | None:
        """A council's place among a group's councils with a figure (itself counted in), by national rank:
        (place, of); tied councils share a place."""
        me = self.council(code)
        if me is None or not codes:
            return None
        members = [c for c in self.councils if c.code in codes or c.code == code]
        return 1 + sum(1 for c in members if c.rank < me.rank), len(members)

    def group_value(self, codes: set[str]) -> float | None:
        members = [c for c in self.councils if c.code in codes]
        rows = [(c.numerator, c.denominator, c.value) for c in members]
        return stats.group_value(rows, self.measure.multiplier)


def value_of(row: Row, measure: NationalMeasure) -> float | None:
    """The published value, or numerator / denominator x multiplier when only those are given."""
    if row.value is not None:
        return row.value
    if row.numerator is not None and row.denominator:
        return row.numerator / row.denominator * measure.multiplier
    return None


def work_out(
    measure: NationalMeasure,
    disaggregation: str,
    year: int,
    rows: list[Row],
    previous_ranks: dict[str, int] | None = None,
    source: str = "",
) -> MeasureYear:
    """Every figure for one measure and year from its rows (England and regional rows as published,
    never an average of council figures)."""
    england_row = next((r for r in rows if r.level == "england"), None)
    england = value_of(england_row, measure) if england_row else None
    england_ci = _interval(england_row, measure, england) if england_row else None
    regions = {r.area_name: v for r in rows if r.level == "region" and (v := value_of(r, measure)) is not None}
    councils = [(r, v) for r in rows if r.level == "council" and (v := value_of(r, measure)) is not None]
    ranked = stats.ranks({r.area_code: v for r, v in councils}, measure.direction)
    cuts = stats.quartile_cuts([v for _, v in councils])
    figures = []
    for row, value in councils:
        ci95 = _interval(row, measure, value, 95)
        ci998 = _interval(row, measure, value, 99.8)
        figures.append(
            CouncilFigure(
                code=row.area_code,
                name=row.area_name,
                region=row.region,
                council_type=row.council_type,
                value=value,
                numerator=row.numerator,
                denominator=row.denominator,
                rank=ranked[row.area_code],
                of=len(councils),
                previous_rank=(previous_ranks or {}).get(row.area_code),
                quartile=stats.quartile_of(value, cuts, measure.direction) if cuts else None,
                ci95=ci95,
                ci998=ci998,
                compared_with_england=stats.compared_with(england, ci95, measure.direction, ci998),
                compared_with_region=stats.compared_with(regions.get(row.region), ci95, measure.direction, ci998),
            )
        )
    figures.sort(key=lambda c: (c.rank, c.name))
    reason = INTERVAL_WORDS[measure.kind]
    if figures and all(c.ci95 is None for c in figures) and measure.kind is not Kind.OUTCOME:
        reason = (
            "The file gives values only, with no margins of error, so no interval can be shown."
            if measure.kind is Kind.SURVEY
            else "The file gives values only, with no numerators or denominators, so no interval can be worked out."
        )
    note = ROUNDED_WORDS if year == ROUNDED_YEAR and measure.kind is Kind.COUNTED else ""
    return MeasureYear(measure, disaggregation, year, england, england_ci, regions, cuts, figures, source, reason, note)


def _interval(row: Row, measure: NationalMeasure, value: float | None, level: float = 95) -> stats.Interval | None:
    """The interval the measure's kind calls for: from the counts, the published margin, or none."""
    if measure.kind is Kind.COUNTED:
        return stats.interval(row.numerator, row.denominator, measure.multiplier, measure.is_proportion, level)
    if measure.kind is Kind.SURVEY and level == 95 and row.margin is not None and value is not None:
        return stats.Interval(value - row.margin, value + row.margin, "published margin of error", level)
    return None
