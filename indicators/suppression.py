"""Small counts kept from everyone but the officers allowed to see them: a figure resting on fewer than 6
people (1 to 5; none is not a person), or, for a percentage, whose denominator or complement is 1 to 5
people (45 of 50 tells that 5 are not; 0 of 3 tells what became of all 3). A client-level figure so
small is not shown in the catalogue, and so on no scorecard, PDF or API answer (officers see it whole on
the client-level pages); a figure by area so small is withheld from all but officers (`areas.breakdown`).
The threshold is NHS England's for its adult social care publications."""

from __future__ import annotations

SMALLEST_SHOWN = 6  # counts of people from 1 to SMALLEST_SHOWN - 1 are suppressed

REASON = "Fewer than 6 people: not shown, to protect their privacy"


def small(count: int | None) -> bool:
    return count is not None and 0 < count < SMALLEST_SHOWN


def suppressed(numerator: int, denominator: int | None, per: int) -> bool:
    """Whether a figure of `numerator` people over `denominator` (people for a percentage, `per` 100; a
    population for a rate per 100,000, which is not counted) gives away a small count."""
    if small(numerator):
        return True
    if per != 100 or denominator is None:
        return False
    return small(denominator) or small(denominator - numerator)
