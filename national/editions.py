"""The two editions of ASCOF matched measure by measure. ASCOF was renumbered in 2023-24: the same
measure has a new code (2A1 up to 2022-23 is 2B from 2023-24) and the same code can name another measure
(2D). The matching table is data, `reference/ascof-editions.csv`, matched by the published titles
(../shared/national/README.md); where a method changed, the years on either side are not compared and
the line over the years breaks there. Plain functions, no database."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from indicators import periods

from .measures import edition_of

TABLE = Path(__file__).parent / "reference" / "ascof-editions.csv"
NEW, OLD = "2023", "2014"


@dataclass(frozen=True)
class Match:
    """One measure's codes in the two editions (`old` is empty for a measure new in 2023-24 onwards)."""

    new: str
    old: str
    measure: str
    changed_from: int | None  # the first year of a changed method, if any
    change: str  # what changed, in plain words

    def code_in(self, edition: str) -> str:
        return self.new if edition == NEW else self.old


def _year(text: str) -> int | None:
    return periods.parse_financial_year(text) if text.strip() else None


@lru_cache(maxsize=1)
def table() -> tuple[Match, ...]:
    with TABLE.open(newline="", encoding="utf-8") as handle:
        return tuple(
            Match(
                row["code_from_2023_24"].strip(),
                row["code_up_to_2022_23"].strip(),
                row["measure"].strip(),
                _year(row["method_changed_from"]),
                row["what_changed"].strip(),
            )
            for row in csv.DictReader(handle)
        )


def match_of(edition: str, code: str) -> Match | None:
    """The row of the table naming this code in this edition, if any."""
    return next((m for m in table() if m.code_in(edition) == code and code), None)


@dataclass(frozen=True)
class Series:
    """A measure's years across both editions, oldest first, each with the code it had that year."""

    steps: tuple[tuple[int, str], ...]
    match: Match | None
    breaks_before: int | None  # the line breaks before this year: the method changed

    @property
    def joined(self) -> bool:
        """Years of both editions are on the one line."""
        return len({edition_of(year) for year, _ in self.steps}) > 1

    def segments(self) -> list[list[tuple[int, str]]]:
        """The steps split where the method changed: each part may be drawn as one line."""
        return split_at(self.steps, self.breaks_before)


def split_at(points, breaks_before: int | None) -> list[list]:
    """(year, …) points split before the first year of a changed method: one part, or the years before
    and the years from it (either may be empty)."""
    if breaks_before is None:
        return [list(points)]
    return [[p for p in points if p[0] < breaks_before], [p for p in points if p[0] >= breaks_before]]


def series(edition: str, code: str, years_of: Callable[[str, str], list[int]]) -> Series:
    """The years held of a measure (`years_of(edition, code)`), joined with its match in the other
    edition; broken before the first year of a changed method when years on both sides are held."""
    found = match_of(edition, code)
    steps = {(year, code) for year in years_of(edition, code)}
    if found is not None:
        other = OLD if edition == NEW else NEW
        if other_code := found.code_in(other):
            steps |= {(year, other_code) for year in years_of(other, other_code) if edition_of(year) == other}
    ordered = tuple(sorted(steps))
    breaks = found.changed_from if found else None
    if breaks is not None and not (any(y < breaks for y, _ in ordered) and any(y >= breaks for y, _ in ordered)):
        breaks = None
    return Series(ordered, found, breaks)


def previous_code(edition: str, code: str, year: int) -> str | None:
    """The code the same measure had the year before (to compare ranks), or None when there is no such
    measure or its method changed in between."""
    found = match_of(edition, code)
    if found is not None and found.changed_from == year:
        return None
    if edition_of(year - 1) == edition:
        return code
    return (found.code_in(edition_of(year - 1)) or None) if found else None
