"""The one way the measures are worked out from submission files, for the command line now (and the
upload pages and the worker as they come): read each file on arrival (`arrival`), join the files into one
history, and work each measure out for the 12 months to a quarter end."""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path

from indicators.problems import FileError

from . import arrival, measures, pseudonyms, quarters
from .populations import read_populations
from .submissions import period_of


@dataclass
class Worked:
    start: dt.date
    end: dt.date
    figures: list[measures.Figure]
    quality: list[tuple[str, arrival.Quality]]
    notes: list[str]


def joined(arrivals: list[arrival.Arrival]) -> measures.History:
    """The files' events as one history, oldest file first, each covering the 12 months DHSC reads from
    its event end dates (`submissions.period_of`); each quarter taken from the latest file covering it."""
    parts = []
    for arrived in arrivals:
        start, end, _note = period_of(arrived.quality, arrived.events_path.name)
        parts.append(measures.Part(arrived.events_path, start, end))
    return measures.History(parts)


def work_out(
    files: list[Path], quarter_end: dt.date, population_file: Path | None = None, council: str | None = None
) -> Worked:
    """The measures for the 12 months to `quarter_end` from the submission files (oldest first), with the
    ONS populations of `council` (its ONS code) when given. Nothing is stored."""
    secret = pseudonyms.key()
    end = quarter_end
    start = quarters.year_to(end)
    if not quarters.is_end(end):
        raise FileError(f"{quarter_end} is not the last day of a quarter; give one such as 2025-03-31.")
    with tempfile.TemporaryDirectory(prefix="cld-") as folder:
        return _work_out(files, start, end, population_file, council, secret, Path(folder))


def _work_out(files, start, end, population_file, council, secret: bytes, folder: Path) -> Worked:
    arrivals, quality = [], []
    for path in files:
        arrived = arrival.read_path(path, path.name, secret, folder)
        if arrived.unusable:
            more = arrived.unusable - len(arrived.problems)
            raise FileError(
                "\n".join(arrived.problems)
                + (f"\n… and {more:,} more rows that cannot be used." if more else "")
                + "\nNothing was worked out: put these rows right (or remove them) and run it again."
            )
        arrivals.append(arrived)
        quality.append((path.name, arrived.quality))
    notes, population = [], None
    if population_file is not None:
        if not council:
            raise FileError("--population needs --council: the council's ONS code, such as E08000025.")
        table = read_populations(population_file.read_bytes(), population_file.name)
        population = table.get((start.year, council))
        if population is None:
            notes.append(f"{population_file.name} has no mid-{start.year} population for {council}: no rates.")
    else:
        notes.append("No population file given: 2B and 2C are counts without rates.")
    history = joined(arrivals)
    try:
        figures = measures.every(history, start, end, population)
    finally:
        history.close()
    notes.append(
        "2D needs hospital discharges linked by NHS number and cannot be worked out from client-level data alone."
    )
    return Worked(start, end, figures, quality, notes)
