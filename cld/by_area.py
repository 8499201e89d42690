"""The client-level measures by area of residence: each person's area is the one their latest event
begun by the period's end was recorded in (their postcode's area, from the lookup loaded when the file
arrived; `arrival.sql`), 'not known' where the postcode was blank or not in the lookup. Each measure's SQL
runs once; its rows are split by area and each area's figures worked out by the same function as the
council's (`measures`), so every person counted by the council is counted in exactly one area and the
areas add up to the council's figure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from . import measures
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


def by_area(
    history: measures.History,
    start: dt.date,
    end: dt.date,
    populations: dict[str, dict[str, int]] | None = None,
) -> dict[str, list[measures.Figure]]:
    """{area: figures} for the 12 months from `start` to `end`: every measure with someone to count in the
    area (a figure whose denominator is nobody is left out). 2B and 2C have rates where `populations`
    gives the area's ({area code: {band: people}}), else counts only."""
    where = residence(history, end)
    found: dict[str, list[measures.Figure]] = {}

    def add(rows: list[tuple], figures_of: Callable[[str, list[tuple]], list[measures.Figure]]) -> None:
        for area, part in split(rows, where).items():
            found.setdefault(area, []).extend(f for f in figures_of(area, part) if f.denominator != 0)

    add(measures.short_term_rows(history, start, end), lambda _a, rows: measures.short_term_figures(rows))
    add(
        measures.admission_rows(history, start, end),
        lambda area, rows: measures.admission_figures(rows, (populations or {}).get(area)),
    )
    add(measures.own_home_rows(history, start, end), lambda _a, rows: measures.own_home_figures(rows, False))
    add(
        history.run(measures.SELF_DIRECTED_SQL, {"period_end": end}),
        lambda _a, rows: measures.self_directed_figures(rows, False),
    )
    add(measures.carer_rows(history, start, end), lambda _a, rows: measures.carer_figures(rows))
    return found
