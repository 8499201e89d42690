"""ONS mid-year populations by council and age band: the denominators of ASCOF 2B and 2C (per 100,000).
Read from the layout of the ONS extract the product ships (`mid_year,code,name,geography_type,all_ages,
pop_18_64,pop_65_plus`)."""

from __future__ import annotations

import csv
import io

from indicators.problems import FileError

BANDS = {"18 to 64": "pop_18_64", "65 and above": "pop_65_plus"}
COLUMNS = ("mid_year", "code", *BANDS.values())


def read_populations(data: bytes, file_name: str) -> dict[tuple[int, str], dict[str, int]]:
    """{(mid-year, ONS code): {band: people}}."""
    text = data.decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise FileError(f"{file_name}, line 1: the heading row has no {', '.join(missing)}.")
    found = {}
    for line, row in enumerate(reader, start=2):
        try:
            year = int(row["mid_year"])
            found[(year, row["code"].strip())] = {band: int(row[column]) for band, column in BANDS.items()}
        except ValueError:
            raise FileError(f"{file_name}, line {line}: the year and populations must be whole numbers.") from None
    return found
