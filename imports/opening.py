"""Opening an uploaded file safely, before any table is looked for: what kind of file it is by its content
(CSV or XLSX, never a macro workbook, an old or encrypted one), a workbook's archive checked before it is
opened (macros, links to other workbooks, unpacked size, declared sheet sizes, damaged parts), text
decoded (UTF-8 with or without a byte-order mark, or Windows-1252), and rows streamed one at a time.
`readers` finds the table in the rows.

Every problem raises `indicators.problems.FileError`, naming the file and the line or part."""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterator

from django.conf import settings
from openpyxl.utils import column_index_from_string, get_column_letter

from indicators.formatting import file_size
from indicators.problems import FileError

HEADING_SEARCH_ROWS = 30  # how far down a sheet the heading row may be

Row = tuple[int, list, list | None]  # the row's number, its values and (workbooks only) their number formats


def max_upload_bytes() -> int:
    return settings.IMPORT_MAX_UPLOAD_BYTES


# ------------------------------------------------------------------------------------ file kinds


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of encrypted workbooks and old .xls files


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
        if data[:8] == OLE2:
            raise FileError(
                f"{file_name} is password-protected (or an old-format Excel file renamed .xlsx): remove the "
                "password (File > Info > Protect Workbook) and save it as an .xlsx workbook."
            )
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
    _check_declared_sizes(archive, file_name)
    if unpacked > limit:
        raise FileError(
            f"{file_name} unpacks to {file_size(unpacked)}, more than the {file_size(limit)} allowed: it is not a "
            "workbook of figures (or it holds large pictures; take them out)."
        )


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?"')


def _check_declared_sizes(archive: zipfile.ZipFile, file_name: str) -> None:
    """What a workbook says of its sheets' sizes and its shared text, read before anything is built: a few
    kilobytes can declare a sheet of 16,384 columns and a million rows, which a reader would otherwise
    set out to fill."""
    most_rows = settings.IMPORT_MAX_ROWS + HEADING_SEARCH_ROWS
    most_columns = settings.IMPORT_MAX_COLUMNS
    for info in archive.infolist():
        if info.filename == "xl/sharedStrings.xml" and info.file_size > settings.IMPORT_MAX_SHARED_TEXT_BYTES:
            raise FileError(
                f"{file_name} holds {file_size(info.file_size)} of text, more than the "
                f"{file_size(settings.IMPORT_MAX_SHARED_TEXT_BYTES)} a workbook of figures is allowed."
            )
        if not re.fullmatch(r"xl/worksheets/[^/]+\.xml", info.filename):
            continue
        try:
            with archive.open(info) as handle:
                head = handle.read(8192)
        except DAMAGED as error:
            raise damaged(file_name, error) from None
        found = _DIMENSION.search(head)
        if found is None:
            continue
        last_column = (found.group(3) or found.group(1)).decode()
        rows = int(found.group(4) or found.group(2))
        columns = column_index_from_string(last_column)
        if columns > most_columns or rows > most_rows:
            raise FileError(
                f"{file_name} has a sheet that reaches to cell {last_column}{rows:,} ({columns:,} columns, "
                f"{rows:,} rows); the most read is {most_columns:,} columns and {most_rows:,} rows. Delete the "
                "rows and columns beyond the table (or copy the table into a new workbook) and upload it again."
            )


def gunzipped(data: bytes, file_name: str) -> bytes:
    """A gzip-compressed file's contents, unpacked a piece at a time so that a small file claiming to
    unpack to gigabytes stops at IMPORT_MAX_UNPACKED_BYTES; data that is not gzip is returned as it is."""
    if not data.startswith(b"\x1f\x8b"):
        return data
    limit = settings.IMPORT_MAX_UNPACKED_BYTES
    unpacker = zlib.decompressobj(16 + zlib.MAX_WBITS)
    pieces, size = [], 0
    try:
        for start in range(0, len(data), 1 << 20):
            piece = unpacker.decompress(data[start : start + (1 << 20)], limit + 1 - size)
            while piece:
                pieces.append(piece)
                size += len(piece)
                if size > limit:
                    raise FileError(
                        f"{file_name} unpacks to more than the {file_size(limit)} allowed: it is not a file of figures."
                    )
                piece = unpacker.decompress(unpacker.unconsumed_tail, limit + 1 - size)
        pieces.append(unpacker.flush())
    except zlib.error:
        raise FileError(f"{file_name} is damaged: it is not a whole gzip file. Send it again.") from None
    if not unpacker.eof:
        raise FileError(f"{file_name} is cut short: it is not a whole gzip file. Send it again.")
    return b"".join(pieces)


def decode_text(data: bytes, file_name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise FileError(f"{file_name} is neither UTF-8 nor Windows-1252 text; save it as CSV (UTF-8).") from None


def _lines(text: str) -> Iterator[str]:
    """The text's lines, with their endings, one at a time (a copy of the whole text is never made)."""
    start, length = 0, len(text)
    while start < length:
        end = text.find("\n", start)
        end = length if end < 0 else end + 1
        yield text[start:end]
        start = end


CSV_FIELD_LIMIT = 131_072  # Python's csv module's own limit on one field, in characters


def _csv_rows(text: str, file_name: str = "the file") -> Iterator[Row]:
    reader = csv.reader(_lines(text))
    number = 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise FileError(_csv_problem(file_name, reader.line_num, error)) from None
        number += 1
        yield number, values, None


def _csv_problem(file_name: str, line: int, error: csv.Error) -> str:
    """What is wrong with a CSV that cannot be read as rows, where, and what to do."""
    if "field larger than field limit" in str(error):
        return (
            f"{file_name}, line {line:,}: one field is longer than {CSV_FIELD_LIMIT:,} characters, so this is not a "
            "table of figures (a note may hold at most 2,000). Most often a quotation mark opened in a note is never "
            "closed, so the rest of the file reads as one field: close the quote, or shorten the text, and upload it "
            "again."
        )
    return f"{file_name}, line {line:,}: the CSV cannot be read ({error}). Save it again as CSV and upload it again."


# Errors that mean the file is damaged (a zip entry that lies about its size or checksum, a stream cut
# short): the file's fault, never the system's.
DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError)


def damaged(file_name: str, error: BaseException) -> FileError:
    """A damaged workbook refused, saying what is wrong and what to do."""
    why = str(error)
    crc = re.match(r"Bad CRC-32 for file '(.+)'", why)
    if crc:
        what = f"its part {crc.group(1)} does not match the checksum the file gives for it"
    elif isinstance(error, EOFError | zlib.error):
        what = "one of its parts ends early or cannot be unpacked"
    else:
        what = why[:200] or "its contents cannot be unpacked"
    return FileError(
        f"{file_name} is damaged: {what} (the file was cut short, or changed after Excel saved it). Open it in "
        "Excel, save it again as .xlsx, and upload it again."
    )


def _sheet_rows(worksheet) -> Iterator[Row]:
    worksheet.reset_dimensions()  # never pad rows out to a declared size: read the cells that are there
    most = settings.IMPORT_MAX_COLUMNS
    for number, cells in enumerate(worksheet.iter_rows(), start=1):
        if len(cells) > most:
            raise FileError(
                f'Sheet "{worksheet.title}", row {number:,} has cells as far as column '
                f"{get_column_letter(len(cells))}; the most read is {most:,} columns. Delete the columns beyond "
                "the table and upload it again."
            )
        yield number, [c.value for c in cells], [getattr(c, "number_format", "") or "" for c in cells]


class Source:
    """A file opened for reading: its sheets (one, unnamed, for a CSV) and each sheet's rows."""

    def __init__(self, data: bytes, file_name: str):
        self.file_name = file_name
        if len(data) > max_upload_bytes():
            raise FileError(
                f"{file_name} is {file_size(len(data))}; the largest file accepted is {file_size(max_upload_bytes())}."
            )
        self.kind = sniff(data, file_name)
        self.workbook = None
        if self.kind == "csv":
            self.text = decode_text(data, file_name)
            if not self.text.strip():
                raise FileError(f"{file_name} is empty.")
            if "\x00" in self.text:
                raise FileError(
                    f"{file_name} holds NUL characters, so it is not a plain text CSV; save it again as CSV."
                )
            self.sheets = [""]
            return
        _check_workbook_archive(data, file_name)
        from openpyxl import load_workbook  # defusedxml, when installed, protects its XML parsing

        try:
            self.workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
        except DAMAGED as error:
            raise damaged(file_name, error) from None
        except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a broken workbook
            raise FileError(f"{file_name} could not be opened as a workbook: {error}") from None
        self.sheets = list(self.workbook.sheetnames)

    def rows(self, sheet: str) -> Iterator[Row]:
        if self.workbook is None:
            return _csv_rows(self.text, self.file_name)
        return self._guarded(sheet)

    def _guarded(self, sheet: str) -> Iterator[Row]:
        try:
            yield from _sheet_rows(self.workbook[sheet])
        except FileError:
            raise
        except DAMAGED as error:
            raise damaged(self.file_name, error) from None
        except Exception as error:  # noqa: BLE001 - rows are parsed lazily; a bad sheet fails here
            raise FileError(f'Sheet "{sheet}" of {self.file_name} could not be read: {error}') from None

    def close(self) -> None:
        if self.workbook is not None:
            self.workbook.close()
