"""The scorecard's rules as plain functions: no database, no request. Every figure is a Decimal at full
precision; rounding happens only in `formatting` when something is shown.

    measure_value      value = numerator / denominator x multiplier, or the value as given
    same_figure        whether a figure read from a file is the one already held (a double's 15 digits)
    judge_status       GREEN / AMBER / RED / N/A under the measure's target rule
    direction_of_travel  Up / Down / Static, its colour and its size (pp or %)
    trend_arrow        the monthly grid's bare arrow
    year_end_forecast  figure to date x 12 / months elapsed
    forecast_of        a year-end forecast in whole people first, then the rate from it
    published_figure   a figure as printed, for judging status on what the reader sees
    comparison_basis   what direction of travel compares with: previous period, last year, baseline
    summarise          the counts a Cabinet paper opens with
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from enum import StrEnum
from typing import NamedTuple

PRECISION = 34  # significant digits for every division
_EXACT = Context(prec=PRECISION)  # the context of a figure's own division (read by every row)
_divide, _multiply = _EXACT.divide, _EXACT.multiply  # looked up once: called for every figure loaded


class Polarity(StrEnum):
    HIGHER = "higher"  # higher is better
    LOWER = "lower"  # lower is better
    BAND = "band"  # within a target band is best
    NONE = "none"  # for information only

    @property
    def ranked(self) -> bool:
        """Quartiles and ranks need a measure where higher or lower is better."""
        return self in (Polarity.HIGHER, Polarity.LOWER)


class Unit(StrEnum):
    PERCENTAGE = "percentage"
    RATE = "rate"  # per N population
    COUNT = "count"
    AVERAGE = "average"  # days, weeks
    SCORE = "score"


class Status(StrEnum):
    GREEN = "GREEN"
    AMBER = "AMBER"
    RED = "RED"
    NA = "N/A"


class Rule(StrEnum):
    TOLERANCE = "tolerance"  # single target; within the tolerance of it is Amber
    MIN_STRETCH = "min_stretch"  # at stretch Green, at minimum Amber, below minimum Red
    BAND = "band"  # inside the band Green; outside, Amber within the tolerance, else Red
    DIRECTION = "direction"  # "DoT only": Green when improving or static, Red when deteriorating
    NONE = "none"  # "For information only": no judgement


class Direction(StrEnum):
    UP = "Up"
    DOWN = "Down"
    STATIC = "Static"


class Colour(StrEnum):
    GREEN = "Green"
    AMBER = "Amber"
    RED = "Red"
    NEUTRAL = "Neutral"


# ---------------------------------------------------------------------------------------------- value


def measure_value(
    numerator: Decimal | None,
    denominator: Decimal | None,
    multiplier: Decimal,
    given: Decimal | None = None,
) -> Decimal | None:
    """numerator / denominator x multiplier when both are known; otherwise the value as given (survey
    results and published figures arrive with no numerator). A zero denominator gives no value."""
    if numerator is not None and denominator is not None:
        numerator, denominator = Decimal(numerator), Decimal(denominator)
    return decimal_value(numerator, denominator, Decimal(multiplier), given)


def decimal_value(
    numerator: Decimal | None, denominator: Decimal | None, multiplier: Decimal, given: Decimal | None
) -> Decimal | None:
    """`measure_value` of numbers already Decimals, for tens of thousands of figures at once."""
    if numerator is not None and denominator is not None:
        return None if denominator == 0 else _divide(_multiply(numerator, multiplier), denominator)
    return given


BINARY_DIGITS = 15  # the significant digits a binary double (an Excel number cell) carries faithfully
STORED_PLACES = 8  # the decimal places a figure is kept to


class FigureParts(NamedTuple):
    """A figure's parts as a file gives them or the database holds them."""

    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None  # only when there is no numerator
    reason: str = ""


def same_figure(held: FigureParts, read: FigureParts, multiplier: Decimal, inexact: bool = False) -> bool:
    """Whether `read` is the figure already `held`. Equal parts are the same figure. A value read from a
    binary floating-point cell (`inexact`: an Excel number, 8/21 held as 0.38095238095238093) carries
    only about 15 significant digits, kept to 8 decimal places: it is the same figure as one held with a
    numerator and denominator when the two agree to the last digit it carries."""
    if held.reason != read.reason:
        return False
    if (held.numerator, held.denominator, held.value) == (read.numerator, read.denominator, read.value):
        return True
    if not inexact or read.numerator is not None or read.value is None:
        return False
    held_value = measure_value(held.numerator, held.denominator, multiplier, held.value)
    if held_value is None:
        return False
    last_digit = max(read.value.adjusted() - (BINARY_DIGITS - 1), -STORED_PLACES)
    return abs(held_value - read.value) <= Decimal(1).scaleb(last_digit)


def round_half_up(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


# --------------------------------------------------------------------------------------------- status


@dataclass(frozen=True)
class TargetRule:
    """What a measure is judged against in one period. Tolerances are in the measure's own units
    (percentage points for a percentage) unless `tolerance_is_relative`, when they are a % of the
    target: "within 0.5% of target" on a percentage is 0.5 pp, not relative."""

    rule: Rule
    target: Decimal | None = None
    tolerance: Decimal | None = None
    tolerance_is_relative: bool = False
    minimum: Decimal | None = None
    stretch: Decimal | None = None
    band_low: Decimal | None = None
    band_high: Decimal | None = None


def better_or_equal(value: Decimal, threshold: Decimal, polarity: Polarity) -> bool:
    """Is `value` at or better than `threshold` for the measure's polarity?"""
    if polarity is Polarity.LOWER:
        return value <= threshold
    return value >= threshold


def shortfall(value: Decimal, threshold: Decimal, polarity: Polarity) -> Decimal:
    """How far `value` is worse than `threshold` (zero when it is at or better)."""
    gap = threshold - value if polarity is not Polarity.LOWER else value - threshold
    return max(gap, Decimal(0))


def _tolerance_width(rule: TargetRule, reference: Decimal) -> Decimal:
    if rule.tolerance is None:
        return Decimal(0)
    if rule.tolerance_is_relative:
        return abs(reference) * rule.tolerance / 100
    return rule.tolerance


def judge_status(
    value: Decimal | None,
    rule: TargetRule | None,
    polarity: Polarity,
    direction_colour: Colour | None = None,
) -> Status:
    """The status of one value. `direction_colour` is only read by the "DoT only" rule."""
    if rule is None or rule.rule is Rule.NONE:
        return Status.NA
    if rule.rule is Rule.DIRECTION:
        if direction_colour in (Colour.GREEN, Colour.AMBER):
            return Status.GREEN
        if direction_colour is Colour.RED:
            return Status.RED
        return Status.NA
    if value is None:
        return Status.NA

    if rule.rule is Rule.TOLERANCE:
        if rule.target is None:
            return Status.NA
        if better_or_equal(value, rule.target, polarity):
            return Status.GREEN
        within = shortfall(value, rule.target, polarity) <= _tolerance_width(rule, rule.target)
        return Status.AMBER if within else Status.RED

    if rule.rule is Rule.MIN_STRETCH:
        minimum = rule.minimum if rule.minimum is not None else rule.stretch
        stretch = rule.stretch if rule.stretch is not None else rule.minimum
        if minimum is None:
            return Status.NA
        # Green needs both thresholds met, so a stretch set looser than the minimum never makes a
        # value Green that misses the minimum.
        if better_or_equal(value, stretch, polarity) and better_or_equal(value, minimum, polarity):
            return Status.GREEN
        if better_or_equal(value, minimum, polarity):
            return Status.AMBER
        return Status.RED

    if rule.rule is Rule.BAND:
        if rule.band_low is None or rule.band_high is None:
            return Status.NA
        if rule.band_low <= value <= rule.band_high:
            return Status.GREEN
        edge = rule.band_low if value < rule.band_low else rule.band_high
        within = abs(value - edge) <= _tolerance_width(rule, edge)
        return Status.AMBER if within else Status.RED

    raise ValueError(f"unknown status rule {rule.rule!r}")


FORECAST_UNITS = (Unit.COUNT, Unit.RATE)


def forecastable(cumulative: bool, unit: Unit) -> bool:
    """Only cumulative counts and rates grow through the year; a cumulative proportion does not."""
    return cumulative and unit in FORECAST_UNITS


def judged_value(
    value: Decimal | None,
    cumulative: bool,
    unit: Unit,
    months_elapsed: int,
    has_profile_target: bool,
) -> tuple[Decimal | None, str]:
    """What a status is judged on, and what that is called ("value", "forecast" or "profile"). A
    cumulative count or rate part-way through the year is judged on its year-end forecast against
    the annual target, unless a monthly profile gives a target to date."""
    if value is None or not forecastable(cumulative, unit):
        return value, "value"
    if has_profile_target:
        return value, "profile"
    if months_elapsed >= 12:
        return value, "value"
    return year_end_forecast(value, months_elapsed), "forecast"


@dataclass(frozen=True)
class Forecast:
    """A year-end forecast: the value in the measure's units, and the count of people it rests on when
    the count is known (a count measure, or a rate with its numerator and denominator)."""

    value: Decimal
    people: int | None = None
    denominator: Decimal | None = None


def forecast_of(
    value: Decimal,
    numerator: Decimal | None,
    denominator: Decimal | None,
    multiplier: Decimal,
    unit: Unit,
    months_elapsed: int,
) -> Forecast:
    """Forecast the count first, in whole people, then the rate from it, as councils do: 41 admissions
    after 5 months forecast 98 (41 x 12 / 5 = 98.4); over 18,400 people that is 532.6 per 100,000, not
    the 534.8 that scaling the rate gives. A rate held without its count is scaled as it stands."""
    if unit is Unit.COUNT:
        people = int(round_half_up(year_end_forecast(value, months_elapsed), 0))
        return Forecast(Decimal(people), people)
    if unit is Unit.RATE and numerator is not None and denominator:
        people = int(round_half_up(year_end_forecast(numerator, months_elapsed), 0))
        rate = measure_value(Decimal(people), denominator, multiplier)
        return Forecast(rate, people, denominator)
    return Forecast(year_end_forecast(value, months_elapsed))


def published_figure(value: Decimal | None, decimal_places: int) -> Decimal | None:
    """The figure as printed (rounded half up to the measure's decimal places): councils judge status on
    what the reader sees, so 84.96% prints as 85.0% and meets an 85% target."""
    return None if value is None else round_half_up(value, decimal_places)


def year_end_forecast(value_to_date: Decimal, months_elapsed: int) -> Decimal:
    """Figure to date x 12 / months elapsed: 24 admissions at the end of Q3 forecast 32."""
    if not 1 <= months_elapsed <= 12:
        raise ValueError("months elapsed must be 1 to 12")
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return Decimal(value_to_date) * 12 / months_elapsed


# --------------------------------------------------------------------------------- direction of travel


@dataclass(frozen=True)
class Travel:
    direction: Direction
    colour: Colour
    change: Decimal | None  # size of the move, never negative; None when it cannot be expressed
    change_unit: str  # "pp" or "%"

    @property
    def improved(self) -> bool:
        return self.colour is Colour.GREEN

    @property
    def deteriorated(self) -> bool:
        return self.colour is Colour.RED


def _distance_from_band(value: Decimal, low: Decimal, high: Decimal) -> Decimal:
    if value < low:
        return low - value
    if value > high:
        return value - high
    return Decimal(0)


def direction_of_travel(
    previous: Decimal | None,
    current: Decimal | None,
    polarity: Polarity,
    unit: Unit,
    decimal_places: int,
    band: tuple[Decimal, Decimal] | None = None,
) -> Travel | None:
    """Compare this period with the previous period as it was reported. Static when the change rounds
    to zero at the measure's precision. The size is in percentage points for a percentage and a
    relative % change for anything else. None when either value is missing."""
    if previous is None or current is None:
        return None
    difference = current - previous
    if round_half_up(difference, decimal_places) == 0:
        direction = Direction.STATIC
    else:
        direction = Direction.UP if difference > 0 else Direction.DOWN

    if unit is Unit.PERCENTAGE:
        change_unit = "pp"
        change = abs(difference)
    else:
        change_unit = "%"
        with localcontext() as ctx:
            ctx.prec = PRECISION
            change = abs(difference) / abs(previous) * 100 if previous != 0 else None
    if direction is Direction.STATIC:
        change = Decimal(0)

    if polarity is Polarity.NONE:
        colour = Colour.NEUTRAL
    elif direction is Direction.STATIC:
        colour = Colour.AMBER
    elif polarity is Polarity.BAND:
        if band is None:
            colour = Colour.NEUTRAL
        else:
            before, after = (_distance_from_band(v, *band) for v in (previous, current))
            colour = Colour.GREEN if after < before else Colour.RED if after > before else Colour.NEUTRAL
    else:
        went_up = direction is Direction.UP
        colour = Colour.GREEN if went_up == (polarity is Polarity.HIGHER) else Colour.RED
    return Travel(direction, colour, change, change_unit)


class Basis(StrEnum):
    """What direction of travel compares a figure with: a choice of the scorecard."""

    AUTO = "auto"  # the previous period, or the same period last year for a year-to-date measure
    PREVIOUS = "previous"  # the previous period, as it was reported
    LAST_YEAR = "last_year"  # the same period a year before
    BASELINE = "baseline"  # last year's outturn

    @property
    def words(self) -> tuple[str, str, str]:
        """How the summary counts are worded: improved, no significant change, deteriorated."""
        return {
            Basis.BASELINE: ("improvement from baseline", "no significant change", "deterioration from baseline"),
            Basis.LAST_YEAR: (
                "improved on the same period last year",
                "no significant change",
                "deteriorated on the same period last year",
            ),
        }.get(self, ("improved", "no significant change", "deteriorated"))


def comparison_basis(basis: Basis, cumulative: bool) -> Basis:
    """The basis one measure is compared on: "auto" is the previous period for a snapshot and the same
    period last year for a cumulative measure (whose year-to-date always grows within the year)."""
    if basis is Basis.AUTO:
        return Basis.LAST_YEAR if cumulative else Basis.PREVIOUS
    return basis


TREND_ARROWS = {Direction.UP: "\u25b2", Direction.DOWN: "\u25bc", Direction.STATIC: "\u25b6"}


def trend_arrow(previous: Decimal | None, current: Decimal | None, decimal_places: int) -> Direction | None:
    """The monthly grid's Trend: the latest month against the one before, with no colour."""
    if previous is None or current is None:
        return None
    difference = round_half_up(current - previous, decimal_places)
    if difference == 0:
        return Direction.STATIC
    return Direction.UP if difference > 0 else Direction.DOWN


# -------------------------------------------------------------------------------------------- summary


@dataclass(frozen=True)
class Summary:
    met: int  # GREEN
    within_tolerance: int  # AMBER
    missed: int  # RED
    no_judgement: int  # N/A
    improved: int
    no_significant_change: int
    deteriorated: int
    not_compared: int  # no previous value, or a measure with no polarity
    met_without_target: int = 0  # of the GREEN, those with no target (green on direction of travel alone)

    @property
    def total(self) -> int:
        return self.met + self.within_tolerance + self.missed + self.no_judgement


def summarise(rows: Iterable[tuple[Status, Travel | None, bool]]) -> Summary:
    """Counts of statuses and of directions of travel for a scorecard's measures. Each row is its status,
    its direction of travel and whether it has a target: a GREEN with no target is counted apart, so
    the summary never says a target was met where there was none."""
    statuses: Counter[Status] = Counter()
    travel: Counter[str] = Counter()
    green_untargeted = 0
    for status, dot, has_target in rows:
        statuses[status] += 1
        green_untargeted += status is Status.GREEN and not has_target
        if dot is None or dot.colour is Colour.NEUTRAL:
            travel["none"] += 1
        elif dot.colour is Colour.GREEN:
            travel["improved"] += 1
        elif dot.colour is Colour.AMBER:
            travel["static"] += 1
        else:
            travel["deteriorated"] += 1
    return Summary(
        met=statuses[Status.GREEN],
        within_tolerance=statuses[Status.AMBER],
        missed=statuses[Status.RED],
        no_judgement=statuses[Status.NA],
        improved=travel["improved"],
        no_significant_change=travel["static"],
        deteriorated=travel["deteriorated"],
        not_compared=travel["none"],
        met_without_target=green_untargeted,
    )
