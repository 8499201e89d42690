"""Reading the national files councils download: the ASCOF CSV of 2024-25 onwards, the ASCOF CSV of
2014-15 to 2022-23 (one year, or several stacked with a `Return Year`), the ASCOF values-only file of
several years, and Oflog's extract. Each is read into the same plain rows (one per area, measure,
disaggregation and year, in the framework edition of its year); the publisher's spellings that drifted
over the years are read as one (`1C(1A)` is `1C1A`, "Eastern" is "East of England", "18-64" is "18 to
64"). A file with any problem is refused whole, each problem naming its row and column. No database.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache

from indicators import periods
from indicators.problems import FileError, Problem

from .measures import OFLOG_TO_ASCOF, edition_of

SUPPRESSED = {"", "[x]", "[c]", "[z]", "[u]", "*", ":", "x", "c", "..", "-", "n/a", "na", "null"}
MAX_PROBLEMS = 200

LEVELS = {
    "england": "england",
    "national": "england",
    "region": "region",
    "regional": "region",
    "council type": "council_type",
    "council_type": "council_type",
    "local authority type": "council_type",
    "council": "council",
    "local authority": "council",
    "la": "council",
    "cassr": "council",
}
MEASURE_TYPES = {
    "numerator": "numerator",
    "denominator": "denominator",
    "outcome": "value",
    "measure value": "value",
    "value": "value",
    "base": "base",
    "margin of error": "margin",
}
# Region names as the files of different years spell them, and the one the product uses.
REGION_NAMES = {"eastern": "East of England", "yorkshire and the humber": "Yorkshire and the Humber"}
# The 2014-15 to 2022-23 files carry the disaggregation at the end of the measure code.
SUFFIXES = {"1864": "18 to 64", "65OV": "65 and over", "M": "Male", "F": "Female"}


@dataclass(slots=True)
class NationalRow:
    measure: str
    disaggregation: str
    year: int
    level: str
    area_code: str
    area_name: str
    region: str = ""
    council_type: str = ""
    numerator: float | None = None
    denominator: float | None = None
    value: float | None = None
    margin: float | None = None  # a survey measure's published margin of error (95%)
    base: float | None = None  # a survey measure's respondents
    edition: str = ""  # the framework edition of the year (measures.edition_of)
    line: int = 0  # the row in the file, for messages

    def __post_init__(self):
        self.edition = self.edition or edition_of(self.year)


@lru_cache(maxsize=4096)  # a file holds few distinct spellings, each read many times
def _key(text: str) -> str:
    return re.sub(r"[\s_]+", " ", text.strip().lower())


HEADERS = {
    # the column each layout needs, with the names it goes by
    "area_code": ("geographical code", "local authority code"),
    "area_name": ("geographical description", "local authority name"),
    "level": ("geographical level",),
    "ons_code": ("ons code", "ons area code"),
    "measure": ("ascof measure code", "code"),
    "group": ("measure group",),
    "disaggregation": ("disaggregation level",),
    "measure_type": ("measure type",),
    "value": ("measure value", "value"),
    "year": ("financial year", "return year", "year", "reporting period"),
    "region": ("region",),
    "council_type": ("entity name", "council type"),
    "grouping": ("grouping",),
    "title": ("measure", "measure group description"),
}


def detect_layout(header: list[str]) -> tuple[str, dict[str, int]]:
    """Which of the three layouts a header is, and where each needed column is."""
    keys = [_key(h) for h in header]
    found = {}
    for name, aliases in HEADERS.items():
        for alias in aliases:
            if alias in keys:
                found[name] = keys.index(alias)
                break
    if {"grouping", "year", "measure", "value", "area_code"} <= set(found) and "local authority code" in keys:
        return "oflog", found
    if {"measure_type", "value", "level"} <= set(found) and {"measure", "group"} & set(found):
        if "measure" not in found:  # the values-only file names each measure by its group alone
            return "outcomes", found
        layout = "ascof_2014" if "measure group" in keys or "ons area code" in keys else "ascof_2024"
        return layout, found
    raise FileError(
        "The file is not a national file this product reads: its first row should be the headings of the "
        "ASCOF CSV (Geographical code, Geographical description, Geographical level, ONS code, ASCOF measure "
        "code, Disaggregation level, Measure type, Measure value) or of Oflog's extract (Financial year, "
        "Local authority code, …)."
    )


def year_in_name(file_name: str) -> int | None:
    """The financial year a file's name gives: 'ascof-2024-25.csv', 'ASCOF_2022_23.csv'."""
    match = re.search(r"(20\d\d)[\s_\-/]?(\d\d)(?!\d)", file_name)
    if match and (int(match.group(1)) + 1) % 100 == int(match.group(2)):
        return int(match.group(1))
    return None


@lru_cache(maxsize=4096)  # a file holds few distinct spellings, each read many times
def canonical_code(text: str) -> str:
    """A measure code as one spelling: `1C(1A)` is 1C1A, `2A(1)_1415` is 2A1, `3D(1)` is 3D1."""
    code = re.sub(r"\s+", "", text).upper()
    code = re.sub(r"_\d{4}$", "", code)
    return re.sub(r"\((\w+)\)", r"\1", code)


@lru_cache(maxsize=4096)  # a file holds few distinct spellings, each read many times
def canonical_disaggregation(text: str) -> str:
    """'18-64' is '18 to 64' (as the product and the older codes' suffixes say it); empty is Total."""
    cleaned = " ".join(text.split())
    return re.sub(r"^(\d+)\s*-\s*(\d+)$", r"\1 to \2", cleaned) or "Total"


@lru_cache(maxsize=4096)  # a file holds few distinct spellings, each read many times
def canonical_region(text: str) -> str:
    return REGION_NAMES.get(_key(text), text.strip())


def number(text: str) -> float | None:
    """A figure, or None for a suppressed or missing one (never 0). Raises ValueError for words."""
    cleaned = text.strip().replace(",", "")
    if cleaned.lower() in SUPPRESSED:
        return None
    return float(cleaned)


def read_national(data: bytes, file_name: str) -> tuple[str, list[NationalRow]]:
    """Every row of a national file, pivoted to one per area, measure, disaggregation and year.
    Raises FileError naming each row and column that is wrong; nothing is returned half-read."""
    if b"\x00" in data:
        raise FileError("The file holds a NUL character: it is not a CSV file. Save it as CSV and upload it again.")
    # Decoded as it is read (a whole file's text at once would be four times its size in memory); a file
    # that is not UTF-8 is read again as Windows-1252, as Excel saves CSV.
    try:
        layout, rows, problems = _read(io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline=""), file_name)
    except UnicodeDecodeError:
        if not _is_cp1252(data):
            raise FileError("The file is not text: save it as CSV (UTF-8) and upload it again.") from None
        layout, rows, problems = _read(io.TextIOWrapper(io.BytesIO(data), encoding="cp1252", newline=""), file_name)
    if problems:
        raise FileError(problems[:MAX_PROBLEMS])
    if not rows:
        raise FileError("The file has headings but no figures.")
    return layout, rows


def _read(text, file_name: str) -> tuple[str, list[NationalRow], list[Problem]]:
    reader = csv.reader(text)
    header = next(reader, None)
    if not header:
        raise FileError("The file is empty.")
    layout, columns = detect_layout(header)
    problems: list[Problem] = []
    file_year = year_in_name(file_name)
    if layout == "oflog":
        rows = _oflog(reader, header, columns, file_year, problems)
    else:
        rows = _ascof(reader, header, columns, file_year, problems, values_only=layout == "outcomes")
    return layout, rows, problems


def _is_cp1252(data: bytes) -> bool:
    try:
        data.decode("cp1252")
        return True
    except UnicodeDecodeError:
        return False


def _cell(record: list[str], columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    return record[index].strip() if index is not None and index < len(record) else ""


def _where(line: int, header: list[str], columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    column = f'column "{header[index]}"' if index is not None else ""
    return f"row {line}, {column}".rstrip(", ")


@lru_cache(maxsize=4096)  # a file holds few distinct spellings, each read many times
def _year(text: str) -> int:
    value = periods.parse_financial_year(text.replace("-", "/") if re.fullmatch(r"\d{4}-\d{2}", text) else text)
    return value


def _oflog(reader, header, columns, file_year, problems) -> list[NationalRow]:
    rows = []
    for line, record in enumerate(reader, start=2):
        if not any(cell.strip() for cell in record):
            continue
        try:
            year = _year(_cell(record, columns, "year"))
        except ValueError as problem:
            problems.append(
                Problem(f"{problem}: write the year as 2021-22", entry=_where(line, header, columns, "year"))
            )
            continue
        try:
            value = number(_cell(record, columns, "value"))
        except ValueError:
            bad = _cell(record, columns, "value")
            where = _where(line, header, columns, "value")
            problems.append(Problem(f'"{bad}" is not a figure: leave it empty if none was published', entry=where))
            continue
        code = _cell(record, columns, "measure")
        if not code:
            problems.append(Problem("the measure code is empty", entry=_where(line, header, columns, "measure")))
            continue
        area = _cell(record, columns, "area_code")
        if not re.fullmatch(r"E\d{8}", area):
            where = _where(line, header, columns, "area_code")
            problems.append(Problem(f'"{area}" is not an ONS code such as E10000018', entry=where))
            continue
        rows.append(
            NationalRow(
                measure=OFLOG_TO_ASCOF.get(code, code),
                disaggregation="Total",
                year=year,
                level="council",
                area_code=area,
                area_name=_cell(record, columns, "area_name"),
                region=canonical_region(_cell(record, columns, "region")),
                council_type=_cell(record, columns, "council_type"),
                value=value,
                line=line,
            )
        )
        if len(problems) >= MAX_PROBLEMS:
            break
    return rows


def _ascof(reader, header, columns, file_year, problems, values_only: bool = False) -> list[NationalRow]:
    pivot: dict[tuple, NationalRow] = {}
    for line, record in enumerate(reader, start=2):
        if not any(cell.strip() for cell in record):
            continue
        level = LEVELS.get(_key(_cell(record, columns, "level")))
        if level is None:
            where = _where(line, header, columns, "level")
            problems.append(
                Problem(
                    f'"{_cell(record, columns, "level")}" is not a level: England, Region, Council type or '
                    "Local authority",
                    entry=where,
                )
            )
            continue
        written = _key(_cell(record, columns, "measure_type"))
        kind = "value" if values_only and not written else MEASURE_TYPES.get(written)
        if kind is None:
            where = _where(line, header, columns, "measure_type")
            problems.append(
                Problem(
                    f'"{_cell(record, columns, "measure_type")}" is not a measure type: Numerator, Denominator '
                    "or Outcome",
                    entry=where,
                )
            )
            continue
        year = file_year
        if "year" in columns:
            try:
                year = _year(_cell(record, columns, "year"))
            except ValueError as problem:
                problems.append(Problem(str(problem), entry=_where(line, header, columns, "year")))
                continue
        if year is None:
            raise FileError(
                "The file does not say its year: name it with the year, e.g. ascof-2024-25.csv, and upload it again."
            )
        try:
            figure = number(_cell(record, columns, "value"))
        except ValueError:
            bad = _cell(record, columns, "value")
            where = _where(line, header, columns, "value")
            problems.append(Problem(f'"{bad}" is not a figure: leave suppressed figures as published', entry=where))
            continue
        measure, disaggregation = _measure_of(record, columns)
        if not measure:
            problems.append(Problem("the measure code is empty", entry=_where(line, header, columns, "measure")))
            continue
        area = _cell(record, columns, "ons_code") or _cell(record, columns, "area_code")
        name = _cell(record, columns, "area_name")
        key = (measure, disaggregation, year, level, area, name)  # council types have no code, only a name
        row = pivot.get(key)
        if row is None:
            row = pivot[key] = NationalRow(
                measure,
                disaggregation,
                year,
                level,
                area,
                canonical_region(name) if level == "region" else name,
                line=line,
            )
        setattr(row, kind, figure)
        if len(problems) >= MAX_PROBLEMS:
            break
    return list(pivot.values())


def _measure_of(record: list[str], columns: dict[str, int]) -> tuple[str, str]:
    """The measure and disaggregation of a row. The measure group, where the file has one, is the measure's
    own code beside an explicit disaggregation (`4BF` is group 4B, Female); without it, a disaggregation
    written at the end of the code is read off it (`2A1864` is 2A, 18 to 64)."""
    disaggregation = canonical_disaggregation(_cell(record, columns, "disaggregation"))
    group = _cell(record, columns, "group")
    if group:
        return canonical_code(group), disaggregation
    measure = canonical_code(_cell(record, columns, "measure"))
    if disaggregation == "Total":
        for suffix, words in SUFFIXES.items():
            if measure.endswith(suffix) and len(measure) > len(suffix):
                return measure[: -len(suffix)], words
    return measure, disaggregation
