"""Statistics as plain functions, shared by national benchmarking and the breakdowns by area: quartile cut
points, ranks, confidence intervals, group values, funnel-plot limits and the comparison with a benchmark
(England, or the council as a whole). No database. The methods (and the published values the tests
hold them to) are those of ../shared/BENCHMARKING.md; docs/benchmarking.md says them in plain words.

    quartile_cuts      lower quartile, median, upper quartile by linear interpolation (R type 7)
    ranks              1 = best in the measure's direction, ties share the best rank (1, 2, 2, 4)
    quartile_of        1 (best quarter) to 4, from the cut points and the direction
    interval           95% / 99.8% interval: Wilson for a proportion, Byar's (exact Poisson below 10)
                       for a count or rate; none without numerator and denominator
    compared_with      better / similar / worse than England (higher / lower with no direction)
    group_value        sum of numerators over sum of denominators, else the median
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

Z = {95: 1.959964, 99.8: 3.090232}
QUARTILE_METHOD = "type 7 (QUARTILE.INC)"


class Direction(StrEnum):
    HIGHER = "higher"  # higher is better
    LOWER = "lower"
    NONE = "none"  # no direction: compared as higher / lower


# ---------------------------------------------------------------------------------------- quartiles


@dataclass(frozen=True)
class Cuts:
    """The three quartile cut points of the councils' values, and the range, with the method used."""

    minimum: float
    lower: float
    median: float
    upper: float
    maximum: float
    method: str = QUARTILE_METHOD


def quantile(values: list[float], p: float) -> float:
    """The p-quantile by linear interpolation (R type 7, Excel QUARTILE.INC): position h = (n - 1)p + 1."""
    ordered = sorted(values)
    h = (len(ordered) - 1) * p + 1
    below = math.floor(h)
    if below >= len(ordered):
        return ordered[-1]
    return ordered[below - 1] + (h - below) * (ordered[below] - ordered[below - 1])


def quartile_cuts(values: list[float]) -> Cuts | None:
    """Cut points of at least four values; None with fewer (quartiles of three councils mean nothing)."""
    if len(values) < 4:
        return None
    return Cuts(min(values), quantile(values, 0.25), quantile(values, 0.5), quantile(values, 0.75), max(values))


def quartile_of(value: float, cuts: Cuts, direction: Direction) -> int | None:
    """1 for the best quarter in the measure's direction, 4 for the worst; None with no direction."""
    if direction is Direction.NONE:
        return None
    if direction is Direction.HIGHER:
        return 1 if value >= cuts.upper else 2 if value >= cuts.median else 3 if value >= cuts.lower else 4
    return 1 if value <= cuts.lower else 2 if value <= cuts.median else 3 if value <= cuts.upper else 4


# -------------------------------------------------------------------------------------------- ranks


def ranks(values: dict[str, float], direction: Direction) -> dict[str, int]:
    """Each council's rank, 1 the best in the measure's direction (highest first with no direction);
    councils with the same value share the best rank of the tie: 1, 2, 2, 4."""
    descending = direction is not Direction.LOWER
    ordered = sorted(values.items(), key=lambda item: -item[1] if descending else item[1])
    result: dict[str, int] = {}
    for position, (code, value) in enumerate(ordered, start=1):
        previous = ordered[position - 2] if position > 1 else None
        result[code] = result[previous[0]] if previous is not None and previous[1] == value else position
    return result


# ---------------------------------------------------------------------------------------- intervals


@dataclass(frozen=True)
class Interval:
    lower: float
    upper: float
    method: str  # "Wilson", "Byar's", "exact Poisson"
    level: float = 95


def wilson(successes: float, trials: float, level: float = 95) -> tuple[float, float]:
    """Wilson score interval for a proportion (0 to 1)."""
    z = Z[level]
    x, n = successes, trials
    root = z * math.sqrt(z * z + 4 * x * (1 - x / n))
    return (2 * x + z * z - root) / (2 * (n + z * z)), (2 * x + z * z + root) / (2 * (n + z * z))


def byar(count: float, level: float = 95) -> tuple[float, float]:
    """Byar's approximation to the Poisson interval of a count (good from 10 upwards)."""
    z, x = Z[level], count
    lower = x * (1 - 1 / (9 * x) - z / (3 * math.sqrt(x))) ** 3 if x > 0 else 0.0
    upper = (x + 1) * (1 - 1 / (9 * (x + 1)) + z / (3 * math.sqrt(x + 1))) ** 3
    return lower, upper


def exact_poisson(count: float, level: float = 95) -> tuple[float, float]:
    """The exact Poisson interval of a count, from chi-square quantiles (for counts below 10): half the
    chi-square quantile with 2k degrees of freedom is the inverse regularised gamma function of k, which
    is how scipy works the quantile out, so the figures are the same to the last bit (scipy.special is
    imported in a third of the time scipy.stats takes, on a page's first request in a process)."""
    from scipy.special import gammaincinv

    c = level / 100
    lower = gammaincinv(count, (1 - c) / 2) if count > 0 else 0.0
    upper = gammaincinv(count + 1, c + (1 - c) / 2)
    return float(lower), float(upper)


def interval(
    numerator: float | None, denominator: float | None, multiplier: float, proportion: bool, level: float = 95
) -> Interval | None:
    """The interval of a value from its numerator and denominator, in the measure's units (a % for a
    proportion with multiplier 100); None without them, or with a numerator over a proportion's
    denominator."""
    if numerator is None or denominator is None or denominator <= 0 or numerator < 0:
        return None
    if proportion:
        if numerator > denominator:
            return None
        low, high = wilson(numerator, denominator, level)
        return Interval(low * multiplier, high * multiplier, "Wilson", level)
    low, high = byar(numerator, level) if numerator >= 10 else exact_poisson(numerator, level)
    method = "Byar's" if numerator >= 10 else "exact Poisson"
    return Interval(low / denominator * multiplier, high / denominator * multiplier, method, level)


# --------------------------------------------------------------------------------- compared with England


def compared_with(
    england: float | None, ci95: Interval | None, direction: Direction, ci998: Interval | None = None
) -> str:
    """Fingertips' comparison: "similar" when England lies inside the council's 95% interval (edges
    included); otherwise "better" / "worse" in the measure's direction ("higher" / "lower" with none),
    or "best" / "worst" when England lies outside the 99.8% interval too; "not compared" without an
    interval or an England value."""
    if england is None or ci95 is None:
        return "not compared"
    if ci95.lower <= england <= ci95.upper:
        return "similar"
    council_higher = ci95.lower > england
    if direction is Direction.NONE:
        return "higher" if council_higher else "lower"
    better = council_higher == (direction is Direction.HIGHER)
    strongly = ci998 is not None and not (ci998.lower <= england <= ci998.upper)
    if strongly:
        return "best" if better else "worst"
    return "better" if better else "worse"


def group_value(rows: list[tuple[float | None, float | None, float | None]], multiplier: float) -> float | None:
    """A group's value from its councils' (numerator, denominator, value): the sum of numerators over the
    sum of denominators when every council has both, else the median of the values."""
    if rows and all(n is not None and d is not None for n, d, _ in rows):
        total = sum(d for _, d, _ in rows)
        return sum(n for n, _, _ in rows) / total * multiplier if total else None
    values = [v for _, _, v in rows if v is not None]
    return quantile(values, 0.5) if values else None


# ------------------------------------------------------------------------------------- funnel plot limits


def funnel_limits(
    centre: float, denominator: float, multiplier: float, proportion: bool, level: float = 95
) -> tuple[float, float]:
    """A funnel plot's control limits at one denominator, around the benchmark value `centre` (in the
    measure's units). For a proportion, the Wilson score limits of the benchmark proportion over that many
    trials (Fingertips' SPC for proportions); for a rate, Byar's limits of the count the benchmark rate
    would give over that denominator, divided back into a rate."""
    if proportion:
        p = min(max(centre / multiplier, 0.0), 1.0)
        low, high = wilson(p * denominator, denominator, level)
        return low * multiplier, high * multiplier
    expected = centre / multiplier * denominator
    low, high = byar(expected, level)
    return low / denominator * multiplier, high / denominator * multiplier
