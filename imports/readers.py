"""Turning an uploaded file into a table of cells, safely, whatever shape it arrives in.

* CSV (UTF-8 with or without a byte-order mark, or Windows-1252) and XLSX (read-only, no macros, no
  external links, uncompressed size checked before anything is opened; `defusedxml` guards the XML).
* The long format (one row per measure per period) and the wide grid (one row per measure, one
  column per month or quarter, cells such as `654 / 2913`, `(12 x 100000) / 243101` or `110`),
  both turned into the same long table for `extract.check_extract`.

Every problem raises `indicators.problems.FileError` with a message that says what is wrong and what was expected.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

import pandas as pd
from django.conf import settings

from indicators import periods
from indicators.numbers import NO_FIGURE
from indicators.problems import FileError

LONG_COLUMNS = ["code", "period", "numerator", "denominator", "value", "note"]
FRAME_COLUMNS = [*LONG_COLUMNS, "_row", "_column", "_multiplier"]
HEADER_ALIASES = {
    "code": {"code", "measure", "measurecode", "indicator", "indicatorcode", "ref"},
    "period": {"period", "month", "date", "quarter", "year"},
    "numerator": {"numerator", "num"},
    "denominator": {"denominator", "den", "denom"},
    "value": {"value", "figure", "result"},
    "note": {"note", "notes", "reason", "novaluereason", "comment"},
}
WIDE_IGNORED = {
    "title",
    "name",
    "description",
    "measurename",
    "indicatorname",
    "trend",
    "target",
    "targets",
    "unit",
    "section",
    "rag",
    "status",
    "polarity",
    "frequency",
    "notes",
    "comment",
}


@dataclass
class Table:
    """A long table of strings, with where each row came from for error messages."""

    frame: pd.DataFrame  # LONG_COLUMNS, "_row" (spreadsheet row), "_column" (cell heading, wide only) and
    # "_multiplier" (the "x 100000" written in a wide cell, to be checked against the measure's)
    layout: str  # "long" or "wide"
    sheet: str = ""
    sheets: list[str] = field(default_factory=list)


def header_key(name: object) -> str:
    return re.sub(r"[\s_\-./()]+", "", str(name)).lower()


def max_upload_bytes() -> int:
    return settings.IMPORT_MAX_UPLOAD_BYTES


# ------------------------------------------------------------------------------------ file kinds


def sniff(data: bytes, file_name: str) -> str:
    """'csv' or 'xlsx', checked against the content, not just the name."""
    name = file_name.lower()
    is_zip = data[:4] == b"PK\x03\x04"
    if name.endswith((".xlsm", ".xlsb", ".xls")):
        raise FileError(
            f"{file_name}: only .xlsx workbooks and .csv files can be uploaded (macro-enabled and old Excel "
            "formats are refused); save it as .xlsx or CSV."
        )
    if name.endswith(".xlsx"):
        if not is_zip:
            raise FileError(f"{file_name} is named .xlsx but is not an Excel workbook.")
        return "xlsx"
    if name.endswith((".csv", ".txt")):
        if is_zip or b"\x00" in data[:4096]:
            raise FileError(f"{file_name} is named .csv but is not a text file (is it a workbook?).")
        return "csv"
    raise FileError(f"{file_name}: upload a .csv or .xlsx file.")


def _check_workbook_archive(data: bytes, file_name: str) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise FileError(f"{file_name} is damaged or is not an Excel workbook.") from None
    names = archive.namelist()
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise FileError(f"{file_name} is not an Excel workbook.")
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise FileError(f"{file_name} contains macros; save it as a plain .xlsx workbook without macros.")
    if any(n.startswith("xl/externalLinks/") for n in names):
        raise FileError(f"{file_name} links to other workbooks; paste the values in and remove the links.")
    unpacked = sum(info.file_size for info in archive.infolist())
    limit = settings.IMPORT_MAX_UNPACKED_BYTES
    if unpacked > limit:
        raise FileError(
            f"{file_name} unpacks to {unpacked // 1_000_000} MB, more than the {limit // 1_000_000} MB allowed."
        )


def decode_text(data: bytes, file_name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise FileError(f"{file_name} is neither UTF-8 nor Windows-1252 text; save it as CSV (UTF-8).") from None


def _cell_text(value: object) -> object:
    """Keep dates (periods may be Excel dates); everything else becomes the text a person typed."""
    if value is None:
        return ""
    if hasattr(value, "year") and hasattr(value, "month"):
        return value
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def read_grid(data: bytes, file_name: str, sheet: str | None = None) -> tuple[list[list[object]], str, list[str]]:
    """The cells of a CSV or of one worksheet, header first."""
    kind = sniff(data, file_name)
    if kind == "csv":
        text = decode_text(data, file_name)
        if not text.strip():
            raise FileError(f"{file_name} is empty.")
        try:
            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, header=None)
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
            raise FileError(f"{file_name} is not a readable CSV table: {error}") from None
        return frame.values.tolist(), "", []

    _check_workbook_archive(data, file_name)
    from openpyxl import load_workbook  # defusedxml, when installed, protects its XML parsing

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a broken workbook
        raise FileError(f"{file_name} could not be opened as a workbook: {error}") from None
    try:
        names = workbook.sheetnames
        if sheet:
            if sheet not in names:
                raise FileError(f'{file_name} has no sheet "{sheet}"; its sheets are: {", ".join(names)}.')
            chosen = sheet
        else:
            chosen = _first_sheet_with_codes(workbook, names) or names[0]
        rows = [[_cell_text(v) for v in row] for row in workbook[chosen].iter_rows(values_only=True)]
    except FileError:
        raise
    except Exception as error:  # noqa: BLE001 - rows are parsed lazily; a bad sheet fails here
        raise FileError(f'Sheet "{sheet or "the first"}" of {file_name} could not be read: {error}') from None
    finally:
        workbook.close()
    while rows and not any(str(v).strip() for v in rows[-1]):
        rows.pop()
    if not rows:
        raise FileError(f'Sheet "{chosen}" of {file_name} is empty.')
    return rows, chosen, names


def _first_sheet_with_codes(workbook, names: list[str]) -> str | None:
    for name in names:
        for row in workbook[name].iter_rows(min_row=1, max_row=1, values_only=True):
            if any(header_key(v) in HEADER_ALIASES["code"] for v in row if v is not None):
                return name
    return None


# ---------------------------------------------------------------------------------------- layouts


def read_table(data: bytes, file_name: str, sheet: str | None = None) -> Table:
    """Read any accepted file into the long table; long or wide is told from the headers."""
    if len(data) > max_upload_bytes():
        raise FileError(
            f"{file_name} is {len(data) / 1_000_000:.1f} MB; the largest file accepted is "
            f"{max_upload_bytes() / 1_000_000:.0f} MB."
        )
    grid, chosen, sheets = read_grid(data, file_name, sheet)
    header, body = grid[0], grid[1:]
    limit = settings.IMPORT_MAX_ROWS
    if len(body) > limit:
        raise FileError(f"{file_name} has {len(body):,} rows; the most accepted in one file is {limit:,}.")
    keys = [header_key(h) if not hasattr(h, "year") else "" for h in header]
    found = {_standard(k) for k in keys}
    long_only = {"numerator", "denominator", "value"} & found
    if long_only and "period" not in found:
        missing = [c for c in ("code", "period") if c not in found]
        raise FileError(
            f"Missing column(s) {', '.join(missing)}. The columns must be: code, period, numerator, denominator, "
            f"value, note (found: {', '.join(str(h) for h in header if str(h).strip())})."
        )
    if "period" in found:
        frame = _long(header, keys, body)
        layout = "long"
    elif any(_standard(k) == "code" for k in keys):
        frame = _wide(header, keys, body)
        layout = "wide"
    else:
        raise FileError(
            "The first row must be the column headings. For the long format they are: code, period, numerator, "
            "denominator, value, note. For the wide grid: code, then one column per period (e.g. Jul 24, Aug 24, "
            f"Sep 24). Found: {', '.join(str(h) for h in header if str(h).strip()) or 'nothing'}."
        )
    return Table(frame, layout, chosen, sheets)


def _standard(key: str) -> str | None:
    for standard, aliases in HEADER_ALIASES.items():
        if key in aliases:
            return standard
    return None


def _long(header: list, keys: list[str], body: list[list]) -> pd.DataFrame:
    positions: dict[str, int] = {}
    unknown = []
    for index, key in enumerate(keys):
        standard = _standard(key)
        if standard and standard not in positions:
            positions[standard] = index
        elif key and not standard:
            unknown.append(str(header[index]))
    if "code" not in positions:
        raise FileError(
            "There is no code column. The columns must be: code, period, numerator, denominator, value, note."
        )
    if unknown:
        raise FileError(
            f"Unknown column(s) {', '.join(unknown)}. The columns must be: code, period, numerator, denominator, "
            "value, note."
        )
    records = []
    for offset, row in enumerate(body):
        cells = [row[positions[c]] if c in positions and positions[c] < len(row) else "" for c in LONG_COLUMNS]
        records.append([*cells, offset + 2, "", ""])
    return pd.DataFrame(records, columns=FRAME_COLUMNS)


_PAIR = re.compile(
    r"^\(?\s*(?P<num>[-\d.,]+)\s*(?:[x\u00d7*]\s*(?P<mult>[\d,]+)\s*)?\)?\s*/\s*(?P<den>[-\d.,]+)$", re.IGNORECASE
)


def _wide(header: list, keys: list[str], body: list[list]) -> pd.DataFrame:
    code_at = next(i for i, k in enumerate(keys) if _standard(k) == "code")
    period_columns: list[tuple[int, object, str]] = []
    unknown = []
    for index, raw in enumerate(header):
        if index == code_at or (not hasattr(raw, "year") and not str(raw).strip()):
            continue
        if not hasattr(raw, "year") and (keys[index] in WIDE_IGNORED or _standard(keys[index]) == "code"):
            continue  # a title, trend or second name column
        try:
            periods.parse_period(raw)
        except ValueError:
            unknown.append(str(raw))
            continue
        label = raw.strftime("%b %y") if hasattr(raw, "strftime") else str(raw)
        period_columns.append((index, raw, label))
    if unknown:
        raise FileError(
            f"Column heading(s) {', '.join(repr(u) for u in unknown)} are not periods. In the wide grid the columns "
            "are: code, then one per period, such as Jul 24, 2024-07 or 2024/25 Q1 (a title or trend column is "
            "ignored)."
        )
    if not period_columns:
        raise FileError("The grid has a code column but no period columns (such as Jul 24 or 2024/25 Q1).")
    records = []
    for offset, row in enumerate(body):
        code = row[code_at] if code_at < len(row) else ""
        for index, raw_period, label in period_columns:
            cell = row[index] if index < len(row) else ""
            text = str(cell).strip()
            if text.lower() in NO_FIGURE:
                continue
            numerator = denominator = value = note = multiplier = ""
            pair = _PAIR.match(text)
            if pair:
                numerator, denominator = pair.group("num"), pair.group("den")
                multiplier = (pair.group("mult") or "").replace(",", "")
            elif re.search(r"[A-Za-z]", text) and len(text.split()) >= 2 and not text.endswith("%"):
                note = text  # a reason in words: "Due June 2022"
            else:
                value = text
            records.append([code, raw_period, numerator, denominator, value, note, offset + 2, label, multiplier])
    return pd.DataFrame(records, columns=FRAME_COLUMNS)
