"""The client-level measures by area of residence: each person's area is the one their latest event
begun by the period's end was recorded in (their postcode's area, from the lookup loaded when the file
arrived; `arrival.sql`), 'not known' where the postcode was blank or not in the lookup. Each measure's SQL
runs once; its rows are split by area and each area's figures worked out by the same function as the
council's (`measures`), so every person counted by the council is counted in exactly one area and the
areas add up to the council's figure."""

from __future__ import annotations

import datetime as dt

from . import measures, populations
from .lookup import OUTSIDE

NOT_KNOWN = "not known"
SPECIAL = {NOT_KNOWN: "Not known", OUTSIDE: "Outside the council"}  # as an extract's area column says them

RESIDENCE_SQL = """
SELECT person, coalesce(area, '') FROM events WHERE start <= $period_end
QUALIFY row_number() OVER (PARTITION BY person ORDER BY start DESC, file_order DESC, file_row DESC) = 1
"""


def residence(history: measures.History, end: dt.date) -> dict[str, str]:
    """{pseudonym: area code, `OUTSIDE` or `NOT_KNOWN`} of everyone with an event begun by `end`."""
    return {person: area or NOT_KNOWN for person, area in history.run(RESIDENCE_SQL, {"period_end": end})}


def has_areas(history: measures.History) -> bool:
    """Whether any event kept an area (its file arrived with a postcode lookup loaded)."""
    return bool(history.run("SELECT EXISTS (SELECT 1 FROM events WHERE area IS NOT NULL)", {})[0][0])


def split(rows: list[tuple], where: dict[str, str]) -> dict[str, list[tuple]]:
    """The rows (each a person's or an episode's, the pseudonym first) by the person's area."""
    parts: dict[str, list[tuple]] = {}
    for row in rows:
        parts.setdefault(where.get(row[0], NOT_KNOWN), []).append(row)
    return parts


def council_and_areas(
    history: measures.History, start: dt.date, end: dt.date, population: dict[str, int] | None
) -> tuple[list[measures.Figure], dict[str, list[measures.Figure]]]:
    """The council's figures for the 12 months from `start` to `end` (with its `population`), and {area:
    figures} of every measure with someone to count in the area (a figure whose denominator is nobody
    is left out), each measure's SQL run once for both. 2B and 2C by area have rates where an ONS file
    gives the area's population (by its code), else counts only."""
    where = residence(history, end)
    codes = sorted(set(where.values()) - set(SPECIAL))
    by_code = populations.held_by_code(codes, start.year) if codes else {}
    council: list[measures.Figure] = []
    areas: dict[str, list[measures.Figure]] = {}
    for rows_of, figures_of in measures.EVERY:
        rows = rows_of(history, start, end)
        council += figures_of(rows, population)
        for area, part in split(rows, where).items():
            areas.setdefault(area, []).extend(f for f in figures_of(part, by_code.get(area)) if f.denominator != 0)
    return council, areas
