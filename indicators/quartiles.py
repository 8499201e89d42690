"""National quartiles as plain functions: where a council's value falls among the ASCOF cut points,
and how far it is from the next and the top quartile, as a figure, a % and in people. No database.

    quartile_of        1 (the best) to 4, read in the direction of good performance
    quartile_table     the quartiles page: each cut point with its distance, the council placed in order
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, localcontext

from .rules import PRECISION, Polarity, better_or_equal, round_half_up

QUARTILE_LABELS = ("Worst", "3rd", "2nd", "1st", "Best")
QUARTILE_NAMES = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th"}  # 1 is the best quartile


@dataclass(frozen=True)
class QuartileCuts:
    """ASCOF cut points, read in the direction of good performance."""

    worst: Decimal
    third: Decimal
    second: Decimal
    first: Decimal
    best: Decimal

    def as_list(self) -> list[Decimal]:
        return [self.worst, self.third, self.second, self.first, self.best]


@dataclass(frozen=True)
class Distance:
    figure: Decimal  # cut point minus value, in the measure's units
    percent: Decimal | None  # the figure as a % of the value
    people: int | None  # figure x denominator / multiplier, rounded; None without a denominator


@dataclass(frozen=True)
class QuartileRow:
    label: str  # "Worst" ... "Best", or "" for the council's own row
    score: Decimal
    is_council: bool = False
    distance: Distance | None = None


@dataclass(frozen=True)
class QuartilePosition:
    quartile: int  # 1 is the best quartile, 4 the worst
    rows: list[QuartileRow] = field(default_factory=list)
    to_next: Distance | None = None  # None when already in the top quartile
    to_top: Distance | None = None
    people_reason: str = ""  # why the people column is empty, when it is

    @property
    def quartile_label(self) -> str:
        return QUARTILE_NAMES[self.quartile]


def quartile_of(value: Decimal, cuts: QuartileCuts, polarity: Polarity) -> int:
    """1 when at or better than the "1st" cut point, 2 when at or better than "2nd", and so on."""
    for quartile, cut in ((1, cuts.first), (2, cuts.second), (3, cuts.third)):
        if better_or_equal(value, cut, polarity):
            return quartile
    return 4


def distance_to(cut: Decimal, value: Decimal, denominator: Decimal | None, multiplier: Decimal) -> Distance:
    with localcontext() as ctx:
        ctx.prec = PRECISION
        figure = cut - value
        percent = figure / value * 100 if value != 0 else None
        people = None
        if denominator is not None:
            people = int(round_half_up(figure * denominator / multiplier, 0))
    return Distance(figure, percent, people)


def quartile_table(
    value: Decimal,
    cuts: QuartileCuts,
    polarity: Polarity,
    denominator: Decimal | None,
    multiplier: Decimal,
) -> QuartilePosition:
    """The national quartiles page: each cut point with its distance from this council's value, the
    council placed among them in order, the current quartile and the distances to the next and the
    top quartile. Only measures that are higher- or lower-is-better have quartiles."""
    if not polarity.ranked:
        raise ValueError("quartiles need a measure where higher or lower is better")
    quartile = quartile_of(value, cuts, polarity)
    rows: list[QuartileRow] = []
    placed = False
    for label, cut in zip(QUARTILE_LABELS, cuts.as_list(), strict=True):
        if not placed and not better_or_equal(value, cut, polarity):
            rows.append(QuartileRow("", value, is_council=True))
            placed = True
        rows.append(QuartileRow(label, cut, distance=distance_to(cut, value, denominator, multiplier)))
    if not placed:
        rows.append(QuartileRow("", value, is_council=True))

    next_cut = {1: None, 2: cuts.first, 3: cuts.second, 4: cuts.third}[quartile]
    to_next = distance_to(next_cut, value, denominator, multiplier) if next_cut is not None else None
    to_top = distance_to(cuts.first, value, denominator, multiplier) if quartile != 1 else None
    reason = (
        ""
        if denominator is not None
        else ("This is an external figure with no numerator or denominator, so the distance cannot be given in people.")
    )
    return QuartilePosition(quartile, rows, to_next, to_top, reason)
