"""ONS mid-year populations by council and age band: the denominators of ASCOF 2B and 2C (per 100,000).
Read from the layout of the ONS extract the product ships (`mid_year,code,name,geography_type,all_ages,
pop_18_64,pop_65_plus`), and found for the council whose figures are worked out: the ONS code set on its
scorecards for benchmarking."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from indicators.problems import FileError, Problem

BANDS = {"18 to 64": "pop_18_64", "65 and above": "pop_65_plus"}
COLUMNS = ("mid_year", "code", *BANDS.values())
MOST_ROWS = 100_000  # every area of the UK for decades is under 20,000


@dataclass(frozen=True)
class Row:
    mid_year: int
    code: str
    name: str
    aged_18_64: int
    aged_65_plus: int


def read_rows(data: bytes, file_name: str) -> list[Row]:
    """Every row of the file, or FileError naming each line and column that cannot be read (nothing kept)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileError(f"{file_name} is not a UTF-8 CSV file: save it as 'CSV UTF-8' and upload it again.") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise FileError(
            f"{file_name}, line 1: the heading row has no {', '.join(missing)}. The file needs the columns "
            f"{', '.join(COLUMNS)} (and may have name, geography_type and all_ages)."
        )
    rows, problems, seen = [], [], {}
    for line, raw in enumerate(reader, start=2):
        if line > MOST_ROWS + 1:
            raise FileError(f"{file_name} has more than {MOST_ROWS:,} rows: this is not a population file.")
        code = (raw.get("code") or "").strip()
        numbers = {}
        for column in ("mid_year", *BANDS.values()):
            value = (raw.get(column) or "").strip().replace(",", "")
            if not value.isdigit():
                problems.append(Problem(f"is {value!r}: give a whole number of 0 or more", row=line, column=column))
            else:
                numbers[column] = int(value)
        if not code:
            problems.append(Problem("is blank: give the area's ONS code, such as E08000025", row=line, column="code"))
        if len(numbers) < 3 or not code:
            continue
        key = (numbers["mid_year"], code)
        if key in seen:
            problems.append(
                Problem(f"{code} mid-{key[0]} is also on row {seen[key]}: keep one", row=line, column="code")
            )
            continue
        seen[key] = line
        rows.append(Row(key[0], code, (raw.get("name") or "").strip(), numbers["pop_18_64"], numbers["pop_65_plus"]))
    if problems:
        raise FileError(problems[:100], count=len(problems))
    if not rows:
        raise FileError(f"{file_name} has a heading row and no populations under it.")
    return rows


def read_populations(data: bytes, file_name: str) -> dict[tuple[int, str], dict[str, int]]:
    """{(mid-year, ONS code): {band: people}}."""
    return {
        (row.mid_year, row.code): {"18 to 64": row.aged_18_64, "65 and above": row.aged_65_plus}
        for row in read_rows(data, file_name)
    }


def council_code() -> str:
    """The ONS code of the council whose client-level figures these are: the one set on the scorecards that
    show them (for benchmarking), else on any scorecard; empty when none is set."""
    from indicators.models import Scorecard

    scorecards = Scorecard.objects.exclude(council_code="").order_by("title")
    linked = scorecards.filter(entries__measure__client_level_code__gt="").distinct()
    return (linked.first() or scorecards.first() or Scorecard()).council_code


def held(code: str) -> dict[int, dict[str, int]]:
    """{mid-year: {band: people}} for the council, each year as the latest upload gave it."""
    from .models import Population

    found: dict[int, dict[str, int]] = {}
    for row in Population.objects.filter(ons_code=code).order_by("mid_year", "upload_id"):
        found[row.mid_year] = {"18 to 64": row.aged_18_64, "65 and above": row.aged_65_plus}
    return found


def held_by_code(codes: list[str], mid_year: int) -> dict[str, dict[str, int]]:
    """{code: {band: people}} of the areas among `codes` with a population of `mid_year` (the latest
    upload's), in one query: for 2B and 2C by ward where a council loads its wards' populations."""
    from .models import Population

    found: dict[str, dict[str, int]] = {}
    for row in Population.objects.filter(ons_code__in=codes, mid_year=mid_year).order_by("upload_id"):
        found[row.ons_code] = {"18 to 64": row.aged_18_64, "65 and above": row.aged_65_plus}
    return found
