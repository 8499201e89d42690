"""The spine chart of one measure and year, as Public Health England's profiles draw it: a bar from the
worst council to the best with England at its centre, the middle half of councils (lower to upper
quartile) shaded darker, and one council's value as a marked point. Read in the measure's direction:
the best is always on the right (with no better direction, the highest is). Plain arithmetic over a
worked-out `MeasureYear`; the template draws the positions it gives as SVG."""

from __future__ import annotations

from dataclasses import dataclass

from indicators.statistics import Direction

from .figures import MeasureYear


@dataclass(frozen=True)
class Spine:
    """Positions from 0 (left edge) to 1 (right edge), and the figures they stand for."""

    left: float  # the worst (or lowest) council's value
    right: float  # the best (or highest)
    ends: tuple[float, float]  # their positions: the bar runs between them
    centre: float  # England's value (or the median when England is not held), drawn at 0.5
    centre_is_england: bool
    band: tuple[float, float]  # positions of the quartile cut points, left to right
    band_values: tuple[float, float]  # the values at those positions
    point: float | None  # the council's position
    value: float | None  # the council's value
    comparison: str  # the council's comparison with England: better, similar, worse, ...
    direction_none: bool = False  # no better direction: lowest on the left, highest on the right

    @property
    def left_word(self) -> str:
        return "lowest" if self.direction_none else "worst"

    @property
    def right_word(self) -> str:
        return "highest" if self.direction_none else "best"


def spine(figures: MeasureYear, council_code: str = "") -> Spine | None:
    """The spine chart of `figures`, with `council_code`'s value marked; None without quartiles."""
    cuts = figures.cuts
    if cuts is None:
        return None
    direction = figures.measure.direction
    centre_is_england = figures.england is not None
    centre = figures.england if centre_is_england else cuts.median
    # The half-width is the longer of the two distances from the centre, so every council fits and the
    # centre stays in the middle.
    half = max(abs(cuts.maximum - centre), abs(centre - cuts.minimum)) or 1.0
    sign = -1.0 if direction is Direction.LOWER else 1.0

    def at(value: float) -> float:
        return min(1.0, max(0.0, 0.5 + sign * (value - centre) / (2 * half)))

    low, high = (cuts.maximum, cuts.minimum) if sign < 0 else (cuts.minimum, cuts.maximum)
    quartile_points = sorted([(at(cuts.lower), cuts.lower), (at(cuts.upper), cuts.upper)])
    mine = figures.council(council_code) if council_code else None
    return Spine(
        left=low,
        right=high,
        ends=(at(low), at(high)),
        centre=centre,
        centre_is_england=centre_is_england,
        band=(quartile_points[0][0], quartile_points[1][0]),
        band_values=(quartile_points[0][1], quartile_points[1][1]),
        point=at(mine.value) if mine else None,
        value=mine.value if mine else None,
        comparison=mine.compared_with_england if mine else "",
        direction_none=direction is Direction.NONE,
    )
