"""Turning an uploaded file into a stream of figure cells, whatever shape it arrives in.

* The file is opened safely by `opening` (CSV or XLSX, checked before anything is built). Workbook
  cells keep their number format, so `cells` can read a percentage cell as the analyst meant.
* The table may sit below title and source rows, on any sheet: `find_table` looks for the heading row
  on each sheet and says which sheet it read and why.
* The long format (one row per measure per period) and the wide grid (one row per measure, one column
  per month or quarter, cells such as `654 / 2913`, `(12 x 100000) / 243101`, `110` or `28 days`),
  both streamed as `Record`s for `extract.check_extract`; rows are never all held at once.

Every problem raises `indicators.problems.FileError`, naming the sheet and row or cell.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from openpyxl.utils import get_column_letter

from indicators import periods
from indicators.numbers import NO_FIGURE
from indicators.problems import FileError

from .opening import HEADING_SEARCH_ROWS, Row, Source

HEADER_ALIASES = {
    "code": {"code", "measurecode", "indicatorcode", "ref", "reference", "measure", "indicator"},
    "period": {"period", "month", "date", "quarter", "year"},
    "numerator": {"numerator", "num"},
    "denominator": {"denominator", "den", "denom"},
    "value": {"value", "figure", "result", "outturn"},
    "note": {"note", "notes", "reason", "novaluereason", "comment", "comments"},
    "area": {"area", "areacode"},  # a figure for one area (a ward, a constituency): docs/data-format.md
}
# Columns that describe a measure rather than hold its figures: read past in either layout.
DESCRIPTIVE = {
    "title",
    "name",
    "description",
    "measurename",
    "indicatorname",
    "measuretitle",
    "trend",
    "target",
    "targets",
    "unit",
    "units",
    "section",
    "rag",
    "status",
    "polarity",
    "aim",
    "frequency",
    "dot",
    "directionoftravel",
    "owner",
    "lead",
    "source",
    "benchmark",
}


@dataclass(slots=True)
class Record:
    """One figure's cells as the file holds them, with where they are. `column` is the heading of the
    wide grid's period column (empty in the long format)."""

    row: int
    code: object
    period: object
    numerator: object = None
    denominator: object = None
    value: object = None
    note: object = None
    value_format: str = ""
    count_format: str = ""
    column: str = ""
    cell: str = ""  # the wide grid's cell ("E7")
    multiplier: str = ""  # the "x 100000" written in a wide cell, checked against the measure's
    area: object = None  # the long format's area column: the code of the area the figure is for


@dataclass
class Table:
    """The figures of a file as a stream of records, and what was read to find them."""

    records: Iterator[Record]
    layout: str  # "long" or "wide"
    sheet: str = ""
    sheets: list[str] = field(default_factory=list)
    heading_row: int = 1
    why: str = ""  # which sheet was read and why, in words
    letters: dict[str, str] = field(default_factory=dict)  # the long format's field -> column letter
    # The wide grid's notes column is read past (a note cannot be tied to one period's figure): its
    # letter, and the rows whose note was not kept, so the preview can say so.
    unkept_notes_column: str = ""
    unkept_note_rows: list[int] = field(default_factory=list)

    def where(self, record: Record, field_name: str) -> dict:
        """The place of one of a record's cells, for a Problem: sheet, cell, row and column."""
        if self.layout == "wide":
            own = field_name in ("code", "area")  # a column of its own; the rest are the period's cell
            cell = f"{self.letters.get(field_name, '')}{record.row}" if own else record.cell
            column = field_name if own else record.column
        else:
            letter = self.letters.get(field_name, "")
            cell, column = (f"{letter}{record.row}" if letter else ""), field_name
        return {"sheet": self.sheet, "cell": cell, "row": record.row, "column": column}


def header_key(name: object) -> str:
    return re.sub(r"[\s_\-./()]+", "", str(name)).lower()


def _standard(key: str) -> str | None:
    for standard, aliases in HEADER_ALIASES.items():
        if key in aliases:
            return standard
    return None


# ------------------------------------------------------------------------------------- the table


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _is_date(value: object) -> bool:
    return hasattr(value, "year") and hasattr(value, "month")


def _period_heading(value: object) -> bool:
    if value is None or (not _is_date(value) and not _text(value)):
        return False
    try:
        periods.parse_period(value)
    except ValueError:
        return False
    return True


@dataclass
class Heading:
    """A row that reads as the table's headings."""

    row: int
    values: list
    layout: str  # "long" or "wide"

    def shown(self) -> str:
        return ", ".join(
            v.strftime("%b %y") if _is_date(v) else _text(v) for v in self.values if _is_date(v) or _text(v)
        )


def heading_in(rows: list[Row], sheet: str = "") -> Heading | None:
    """The first row that has a code column and either a period column (the long format) or period
    headings (the wide grid). A row of the long format's headings without a period column is refused."""
    for number, values, _formats in rows:
        keys = [header_key(v) if not _is_date(v) else "" for v in values]
        found = {_standard(k) for k in keys}
        if "code" not in found:
            continue
        if "period" in found:
            return Heading(number, values, "long")
        if any(_period_heading(v) for v in values):
            return Heading(number, values, "wide")
        if found & {"numerator", "denominator", "value"}:
            place = f'Sheet "{sheet}", row {number}' if sheet else f"Row {number}"
            raise FileError(
                f"{place}: missing column(s) period. The columns must be: code, period, numerator, denominator, "
                f"value, note (found: {', '.join(_text(v) for v in values if _text(v))})."
            )
    return None


def read_table(data: bytes, file_name: str, sheet: str | None = None) -> Table:
    """The file's figures as a stream of records: the sheet asked for, or the first whose headings fit."""
    source = Source(data, file_name)
    names = source.sheets
    if sheet and sheet not in names:
        raise FileError(f'{file_name} has no sheet "{sheet}"; its sheets are: {", ".join(names)}.')
    passed = []
    for name in [sheet] if sheet else names:
        rows = source.rows(name)
        head = []
        for row in rows:
            head.append(row)
            if len(head) >= HEADING_SEARCH_ROWS:
                break
        heading = heading_in(head, name)
        if heading is None:
            passed.append((name, head))
            continue
        body = _chain([r for r in head if r[0] > heading.row], rows)
        where = f'sheet "{name}"' if name else file_name
        why = f"Read {where}: its headings are in row {heading.row} ({heading.shown()})."
        skipped = [n for n, _ in passed if n]
        if skipped:
            why += f" {_sheets(skipped)} no table of figures."
        table = Table(iter(()), heading.layout, name, names, heading.row, why)
        table.records = _guard_rows(
            _long(table, heading, body) if heading.layout == "long" else _wide(table, heading, body), source
        )
        return table
    source.close()
    raise FileError(_no_table(file_name, passed, sheet))


def _sheets(names: list[str]) -> str:
    quoted = ", ".join(f'"{n}"' for n in names)
    return f"Sheet {quoted} has" if len(names) == 1 else f"Sheets {quoted} have"


def _no_table(file_name: str, passed: list[tuple[str, list[Row]]], sheet: str | None) -> str:
    expected = (
        "For the long format the headings are: code, period, numerator, denominator, value, note. For the wide "
        "grid: code, then one column per period (e.g. Jul 24, Aug 24, Sep 24). Title and source rows above the "
        f"headings are fine (the first {HEADING_SEARCH_ROWS} rows are searched)."
    )
    parts = []
    for name, rows in passed:
        first = next((r for r in rows if any(_text(v) for v in r[1])), None)
        where = f'Sheet "{name}"' if name else file_name
        if first is None:
            parts.append(f"{where} is empty.")
        else:
            shown = ", ".join(_text(v) for v in first[1] if _text(v))[:200]
            parts.append(
                f"{where} has no headings with a code column; its first row with words (row {first[0]}) is: {shown}."
            )
    if len(parts) == 1 and passed and not passed[0][0] and parts[0].endswith("is empty."):
        return f"{file_name} is empty."
    return f"{' '.join(parts)} {expected}"


def _chain(first: list[Row], rest: Iterator[Row]) -> Iterator[Row]:
    yield from first
    yield from rest


def _guard_rows(records: Iterator[Record], source: Source) -> Iterator[Record]:
    """Stops at the row limit, and closes the workbook when the stream ends."""
    limit = settings.IMPORT_MAX_ROWS
    try:
        for record in records:
            if record.row > limit + HEADING_SEARCH_ROWS:
                raise FileError(
                    f"{source.file_name} has more than {limit:,} rows; the most accepted in one file is {limit:,}."
                )
            yield record
    finally:
        source.close()


def _long(table: Table, heading: Heading, body: Iterator[Row]) -> Iterator[Record]:
    positions: dict[str, int] = {}
    unknown = []
    for index, value in enumerate(heading.values):
        key = header_key(value) if not _is_date(value) else ""
        standard = _standard(key)
        if standard and standard not in positions:
            positions[standard] = index
        elif key and not standard and key not in DESCRIPTIVE:
            unknown.append(_text(value))
    if unknown:
        place = f'Sheet "{table.sheet}", row {heading.row}' if table.sheet else f"Row {heading.row}"
        raise FileError(
            f"{place}: unknown column(s) {', '.join(unknown)}. The columns must be: code, period, numerator, "
            "denominator, value, note, and area for figures by area (a title or notes column is read past)."
        )
    table.letters = {name: get_column_letter(i + 1) for name, i in positions.items()}
    return _long_records(
        body,
        [positions.get(name, -1) for name in ("code", "period", "numerator", "denominator", "value", "note")],
        positions.get("area", -1),
    )


def _long_records(body: Iterator[Row], at: list[int], area_at: int = -1) -> Iterator[Record]:
    def cell(values, index):
        return values[index] if 0 <= index < len(values) else None

    width = max(at) + 1
    for number, values, formats in body:
        if len(values) >= width and min(at) >= 0:
            code, period, numerator, denominator, value, note = (values[i] for i in at)
        else:
            code, period, numerator, denominator, value, note = (cell(values, i) for i in at)
        value_format = count_format = ""
        if formats is not None:
            value_format = cell(formats, at[4]) or ""
            count_format = (cell(formats, at[2]) or "") + (cell(formats, at[3]) or "")
        record = Record(number, code, period, numerator, denominator, value, note, value_format, count_format)
        if area_at >= 0:
            record.area = cell(values, area_at)
        yield record


_PAIR = re.compile(
    r"^\(?\s*(?P<num>[-\d.,]+)\s*(?:[x\u00d7*]\s*(?P<mult>[\d,]+)\s*)?\)?\s*/\s*(?P<den>[-\d.,]+)$", re.IGNORECASE
)


def _wide(table: Table, heading: Heading, body: Iterator[Row]) -> Iterator[Record]:
    keys = [header_key(v) if not _is_date(v) else "" for v in heading.values]
    code_at = next(i for i, k in enumerate(keys) if _standard(k) == "code")
    area_at = next((i for i, k in enumerate(keys) if _standard(k) == "area"), -1)  # a row per measure and area
    period_columns: list[tuple[int, object, str, str]] = []
    unknown = []
    notes_at = -1
    for index, raw in enumerate(heading.values):
        if index in (code_at, area_at) or (not _is_date(raw) and not _text(raw)):
            continue
        if not _is_date(raw) and _standard(keys[index]) == "note" and notes_at < 0:
            notes_at = index
            table.unkept_notes_column = get_column_letter(index + 1)
        if not _is_date(raw) and (keys[index] in DESCRIPTIVE or _standard(keys[index]) in ("code", "note")):
            continue  # a title, trend, notes or second name column
        if not _period_heading(raw):
            unknown.append(_text(raw))
            continue
        label = raw.strftime("%b %y") if _is_date(raw) else _text(raw)
        period_columns.append((index, raw, label, get_column_letter(index + 1)))
    place = f'Sheet "{table.sheet}", row {heading.row}' if table.sheet else f"Row {heading.row}"
    if unknown:
        raise FileError(
            f"{place}: column heading(s) {', '.join(repr(u) for u in unknown)} are not periods. In the wide grid "
            "the columns are: code, then one per period, such as Jul 24, 2024-07 or 2024/25 Q1 (a title, notes or "
            "trend column is read past)."
        )
    table.letters = {"code": get_column_letter(code_at + 1)}
    if area_at >= 0:
        table.letters["area"] = get_column_letter(area_at + 1)
    return _wide_records(body, code_at, period_columns, notes_at, table.unkept_note_rows, area_at)


def _wide_records(
    body: Iterator[Row],
    code_at: int,
    period_columns: list,
    notes_at: int = -1,
    unkept: list | None = None,
    area_at: int = -1,
) -> Iterator[Record]:
    for number, values, formats in body:
        code = values[code_at] if code_at < len(values) else None
        area = values[area_at] if 0 <= area_at < len(values) else None
        if 0 <= notes_at < len(values) and _text(values[notes_at]) and unkept is not None:
            unkept.append(number)
        for index, raw_period, label, letter in period_columns:
            value = values[index] if index < len(values) else None
            if value is None or (isinstance(value, str) and value.strip().lower() in NO_FIGURE):
                continue
            number_format = (formats[index] or "") if formats is not None and index < len(formats) else ""
            record = Record(
                number, code, raw_period, column=label, cell=f"{letter}{number}", value_format=number_format
            )
            record.area = area
            pair = _PAIR.match(value.strip()) if isinstance(value, str) else None
            if pair:
                record.numerator, record.denominator = pair.group("num"), pair.group("den")
                record.multiplier = (pair.group("mult") or "").replace(",", "")
            else:
                record.value = value
            yield record
