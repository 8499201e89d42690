"""Reading the national files councils download: the ASCOF CSV of 2024-25 onwards, the ASCOF CSV of
2014-15 to 2022-23 and Oflog's extract. Each is read into the same plain rows (one per area, measure,
disaggregation and year); a file with any problem is refused whole, each problem naming its row and
column. No database.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from indicators import periods
from indicators.problems import FileError, Problem

from .measures import OFLOG_TO_ASCOF

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
# The 2014-15 to 2022-23 files carry the disaggregation at the end of the measure code.
SUFFIXES = {"1864": "18 to 64", "65OV": "65 and over", "M": "Male", "F": "Female"}


@dataclass
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
    line: int = 0  # the row in the file, for messages


def _key(text: str) -> str:
    return re.sub(r"[\s_]+", " ", text.strip().lower())


HEADERS = {
    # the column each layout needs, with the names it goes by
    "area_code": ("geographical code", "local authority code"),
    "area_name": ("geographical description", "local authority name"),
    "level": ("geographical level",),
    "ons_code": ("ons code", "ons area code"),
    "measure": ("ascof measure code", "code"),
    "disaggregation": ("disaggregation level",),
    "measure_type": ("measure type",),
    "value": ("measure value", "value"),
    "year": ("financial year", "year", "reporting period"),
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
    if {"measure_type", "measure", "value", "level"} <= set(found):
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


def number(text: str) -> float | None:
    """A figure, or None for a suppressed or missing one (never 0). Raises ValueError for words."""
    cleaned = text.strip().replace(",", "")
    if cleaned.lower() in SUPPRESSED:
        return None
    return float(cleaned)


def read_national(data: bytes, file_name: str) -> tuple[str, list[NationalRow]]:
    """Every row of a national file, pivoted to one per area, measure, disaggregation and year.
    Raises FileError naming each row and column that is wrong; nothing is returned half-read."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="strict") if _is_cp1252(data) else None
        if text is None:
            raise FileError("The file is not text: save it as CSV (UTF-8) and upload it again.") from None
    if "\x00" in text:
        raise FileError("The file holds a NUL character: it is not a CSV file. Save it as CSV and upload it again.")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header:
        raise FileError("The file is empty.")
    layout, columns = detect_layout(header)
    problems: list[Problem] = []
    file_year = year_in_name(file_name)
    rows = (_oflog if layout == "oflog" else _ascof)(reader, header, columns, file_year, problems)
    if problems:
        raise FileError(problems[:MAX_PROBLEMS])
    if not rows:
        raise FileError("The file has headings but no figures.")
    return layout, rows


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
                region=_cell(record, columns, "region"),
                council_type=_cell(record, columns, "council_type"),
                value=value,
                line=line,
            )
        )
        if len(problems) >= MAX_PROBLEMS:
            break
    return rows


def _ascof(reader, header, columns, file_year, problems) -> list[NationalRow]:
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
        kind = MEASURE_TYPES.get(_key(_cell(record, columns, "measure_type")))
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
        measure = _cell(record, columns, "measure")
        disaggregation = _cell(record, columns, "disaggregation") or "Total"
        for suffix, words in SUFFIXES.items():
            if measure.upper().endswith(suffix) and len(measure) > len(suffix) and disaggregation == "Total":
                measure, disaggregation = measure[: -len(suffix)], words
                break
        area = _cell(record, columns, "ons_code") or _cell(record, columns, "area_code")
        key = (measure, disaggregation, year, level, area)
        row = pivot.get(key)
        if row is None:
            row = pivot[key] = NationalRow(
                measure, disaggregation, year, level, area, _cell(record, columns, "area_name"), line=line
            )
        if kind in ("numerator", "denominator", "value"):
            setattr(row, kind, figure)
        if len(problems) >= MAX_PROBLEMS:
            break
    for row in pivot.values():
        if row.value is None and row.numerator is not None and row.denominator:
            row.value = None  # worked out with the measure's multiplier when the figures are read
    return list(pivot.values())
