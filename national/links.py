"""Catalogue measures linked to national codes get their benchmarks worked out from the national data
for the scorecard's council: England and regional values, rank with its movement, quartile and the cut
points, each year held up to the scorecard's. Typed-in benchmarks stay for measures with no national
data (and for years the national data does not hold)."""

from __future__ import annotations

from decimal import Decimal

from indicators import periods
from indicators.facts import BenchmarkFacts
from indicators.models import DataVersion
from indicators.quartiles import QuartileCuts
from indicators.statistics import Direction

from . import queries

# The words annual reports use for a council's national quartile.
QUARTILE_WORDS = {1: "Top", 2: "Second", 3: "Third", 4: "Bottom"}


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(round(value, 6)))


def benchmarks_for(measures, council_code: str, up_to: int) -> dict[int, list[BenchmarkFacts]]:
    """For each measure (anything with `id`, `national_code`, `national_disaggregation` and
    `national_edition`) linked to a national code, its benchmark for every year held up to `up_to`, as
    the scorecard shows them."""
    result: dict[int, list[BenchmarkFacts]] = {}
    if not council_code:
        return result
    version = DataVersion.current()
    wanted: dict[int, list[queries.Key]] = {}
    for measure in measures:
        if not measure.national_code:
            continue
        disaggregation = measure.national_disaggregation or "Total"
        # A code names a measure only within its edition: the years of the other edition are another measure.
        edition = getattr(measure, "national_edition", "") or "2014"
        years = queries.years_of(measure.national_code, disaggregation, edition, version)
        wanted[measure.id] = [(measure.national_code, disaggregation, year) for year in years if year <= up_to]
    # every measure-year read at once: one query per release and year, however many measures
    every = queries.measure_years([key for keys in wanted.values() for key in keys], version)
    for measure_id, keys in wanted.items():
        for key in keys:
            facts = _facts(every[key], council_code)
            if facts is not None:
                result.setdefault(measure_id, []).append(facts)
    return result


def _facts(figures, council_code: str) -> BenchmarkFacts | None:
    mine = figures.council(council_code)
    if mine is None and figures.cuts is None:
        return None
    cuts = None
    if figures.cuts is not None and figures.measure.direction is not Direction.NONE:
        c = figures.cuts
        points = [c.minimum, c.lower, c.median, c.upper, c.maximum]
        if figures.measure.direction is Direction.LOWER:
            points.reverse()
        cuts = QuartileCuts(*(_decimal(p) for p in points))
    year = periods.financial_year_label(figures.year)
    return BenchmarkFacts(
        financial_year=figures.year,
        label=f"{year} national data",
        england_average=_decimal(figures.england),
        regional_average=_decimal(figures.regions.get(mine.region)) if mine else None,
        region_name=mine.region if mine else "",
        england_rank=mine.rank if mine else None,
        england_rank_of=mine.of if mine else None,
        previous_rank=mine.previous_rank if mine else None,
        council_quartile=QUARTILE_WORDS.get(mine.quartile, "") if mine else "",
        cuts=cuts,
        source=f"worked out by this product from the national data: {figures.source}",
    )
