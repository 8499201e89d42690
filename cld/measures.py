"""The ASCOF measures worked out from pseudonymised client-level events, in DuckDB (embedded: no server,
the same SQL on a laptop and on millions of events). Each measure's SQL is a file beside this one,
written for DuckDB from DHSC's method; the people behind each figure come back with it.

Worked out so far: 2B (18 to 64) and 2C (65 and above), admissions to care homes per 100,000."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pandas as pd

from . import vocabulary

SQL = Path(__file__).with_name("admissions.sql").read_text()
COLUMNS = ("person", "la_code", "event_type", "client_type", "service_type", "component", "outcome", "start", "end")
ADMISSION_CODES = {"18 to 64": "2B", "65 and above": "2C"}


@dataclass
class Figure:
    code: str
    group: str
    numerator: int
    denominator: int | None
    people: list[str] = field(default_factory=list)  # the pseudonyms counted in the numerator

    @property
    def value(self) -> Decimal | None:
        """Per 100,000 of the population, to one decimal place, half away from zero."""
        if not self.denominator:
            return None
        exact = Decimal(self.numerator) * Decimal(100_000) / Decimal(self.denominator)
        return exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _frame(events: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(events, columns=[*COLUMNS, "birth_month", "death"])
    for column in ("start", "end", "birth_month", "death"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def admissions(events: list[dict], start: dt.date, end: dt.date, population: dict[str, int] | None) -> list[Figure]:
    """2B and 2C for the period from `start` to `end`, with each band's population (None when not known)."""
    connection = duckdb.connect()
    try:
        connection.register("events", _frame(events))
        rows = connection.execute(
            SQL, {"period_start": start, "period_end": end, "self_funded": vocabulary.SELF_FUNDED}
        ).fetchall()
    finally:
        connection.close()
    people: dict[str, list[str]] = {band: [] for band in ADMISSION_CODES}
    for band, person in rows:
        people[band].append(person)
    return [
        Figure(code, band, len(people[band]), (population or {}).get(band), people[band])
        for band, code in ADMISSION_CODES.items()
    ]
