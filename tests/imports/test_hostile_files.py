"""Hostile and broken files: each refused with a clear message, within bounded time and memory, through
the same path an upload takes; none leaves its upload in a working state."""

import io
import re
import zipfile

import pytest
from django.test import override_settings

from imports import services
from imports.models import Upload
from indicators.models import DataPoint, Measure

from ..factories import MeasureFactory
from ..helpers import EXTRACT_HEADER, measured
from ..workbooks import with_lying_entry, xlsx

SECONDS = 10
MEGABYTES = 150


@pytest.fixture
def catalogue(db):
    MeasureFactory(code="SAT1", unit=Measure.Unit.COUNT, multiplier=1, decimal_places=0)


def checked(data: bytes, name: str, kind: str = Upload.Kind.EXTRACT) -> Upload:
    upload, seconds, grew = measured(
        lambda: services.check(services.receive(data, name, kind=kind, queue_check=False).pk)
    )
    assert seconds < SECONDS, f"took {seconds:.1f} s"
    assert grew < MEGABYTES, f"peak memory grew {grew:.0f} MB"
    assert upload.state not in Upload.WORKING
    return upload


def lying(lie: str) -> bytes:
    book = xlsx({"S": [["code", "period", "value"]] + [["SAT1", "2024-09", i] for i in range(200)]})
    return with_lying_entry(book, "xl/worksheets/sheet1.xml", lie)


def replaced(book: bytes, member: str, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(book))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            target.writestr(item, change(content) if item.filename == member else content)
    return buffer.getvalue()


def dimension_bomb() -> bytes:
    """4 KB that declares a sheet of every column and row, with a cell in the last row (as openpyxl reads a
    declared size unless told not to, this once took a worker down for good)."""
    book = xlsx({"S": [["code", "period", "value"], ["SAT1", "2024-09", 1]]})

    def bomb(sheet: bytes) -> bytes:
        sheet = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:XFD1048576"', sheet)
        return sheet.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')

    return replaced(book, "xl/worksheets/sheet1.xml", bomb)


def wide_row() -> bytes:
    """No declared size, but a row of 1,000 cells."""
    book = xlsx({"S": [["code", "period", "value"], ["SAT1", "2024-09", 1]]})

    def wide(sheet: bytes) -> bytes:
        sheet = re.sub(rb"<dimension[^>]*/>", b"", sheet)
        cells = b"".join(b'<c r="%s3"><v>1</v></c>' % _letters(i).encode() for i in range(1, 1_001))
        return sheet.replace(b"</sheetData>", b'<row r="3">' + cells + b"</row></sheetData>")

    return replaced(book, "xl/worksheets/sheet1.xml", wide)


def _letters(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def zip_bomb(unpacked: int) -> bytes:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx({"S": [["code"]]}))) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        with target.open("xl/media/padding.bin", "w") as padding:
            for _ in range(unpacked // 1_000_000):
                padding.write(b"\0" * 1_000_000)
    return buffer.getvalue()


def entities() -> bytes:
    evil = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>'
    )
    return replaced(xlsx({"S": [["code", "period", "value"]]}), "xl/worksheets/sheet1.xml", lambda _: evil)


ALIASES = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(20)
)


@pytest.mark.parametrize(
    "make, name, kind, message",
    [
        (dimension_bomb, "bomb.xlsx", "extract", "has a sheet that reaches to cell XFD1,048,576 (16,384 columns"),
        (wide_row, "wide.xlsx", "extract", 'Sheet "S", row 3 has cells as far as column ALL; the most read is 500'),
        (lambda: ALIASES.encode(), "aliases.yaml", "definitions", "uses a YAML anchor or alias"),
        (lambda: ALIASES.encode(), "aliases.yaml", "commentary", "uses a YAML anchor or alias"),
        (entities, "entities.xlsx", "extract", "could not be opened as a workbook"),
        (
            lambda: (EXTRACT_HEADER + "SAT1,2024-08,,,1,\n" * 400).encode() + b"SAT1,2024-09,,,1,a\x00b\n",
            "nul.csv",
            "extract",
            "holds NUL characters",
        ),
        (
            lambda: (EXTRACT_HEADER + "SAT1,2024-09,,,," + "x" * 1000 + "\n").encode(),
            "long.csv",
            "extract",
            "the reason for having no figure is 1,000 characters; the most is 300",
        ),
        (lambda: (EXTRACT_HEADER + "SAT1,2024-09,,,1e17,\n").encode(), "huge.csv", "extract", "1e17 is too large"),
        (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000, "locked.xlsx", "extract", "is password-protected"),
        (
            lambda: b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + b"\0" * 100,
            "picture.csv",
            "extract",
            "is named .csv but is not a text file",
        ),
        (lambda: xlsx({"S": [["code"]]}), "workbook.csv", "extract", "is named .csv but is not a text file"),
        (lambda: EXTRACT_HEADER.encode(), "text.xlsx", "extract", "is named .xlsx but is not an Excel workbook"),
        (lambda: b"", "empty.csv", "extract", "empty.csv is empty"),
        (lambda: b"%PDF-1.7", "report.pdf", "extract", "upload a .csv or .xlsx file"),
        # The file's fault, never "an error in the system": zip entries that lie, a field past the CSV limit.
        (lambda: lying("crc"), "crc.xlsx", "extract", "crc.xlsx is damaged: its part xl/worksheets/sheet1.xml"),
        (lambda: lying("size"), "size.xlsx", "extract", "size.xlsx is damaged: its part xl/worksheets/sheet1.xml"),
        (
            lambda: (EXTRACT_HEADER + "SAT1,2024-09,,,1," + "x" * 200_000 + "\n").encode(),
            "field.csv",
            "extract",
            "field.csv, line 2: one field is longer than 131,072 characters",
        ),
        (
            lambda: (EXTRACT_HEADER + 'SAT1,2024-09,,,1,"' + "note " * 1_000_000 + '"\n').encode(),
            "note.csv",
            "extract",
            "note.csv, line 2: one field is longer than 131,072 characters",
        ),
    ],
)
def test_a_hostile_file_is_refused_clearly_in_bounded_time_and_memory(catalogue, make, name, kind, message):
    upload = checked(make(), name, kind)
    assert upload.state == Upload.State.REFUSED
    assert message in upload.message + " ".join(e["message"] for e in upload.errors), (
        upload.message,
        upload.errors[:2],
    )
    assert not DataPoint.objects.exists()


@override_settings(IMPORT_MAX_UNPACKED_BYTES=20_000_000)
def test_a_zip_bomb_is_refused_before_it_is_opened(catalogue):
    upload = checked(zip_bomb(30_000_000), "bomb.xlsx")
    assert upload.state == Upload.State.REFUSED and "unpacks to 30" in upload.message


@override_settings(IMPORT_MAX_SHARED_TEXT_BYTES=1_000)
def test_a_workbook_with_too_much_text_is_refused_before_it_is_read(catalogue):
    from ..workbooks import with_extra_member

    data = with_extra_member(xlsx({"S": [["code"]]}), "xl/sharedStrings.xml", b"<sst>" + b"word " * 400 + b"</sst>")
    upload = checked(data, "words.xlsx")
    assert upload.state == Upload.State.REFUSED and "of text, more than the 1,000 bytes" in upload.message


def test_no_damaged_file_is_called_an_error_in_the_system(catalogue):
    for make in (lambda: lying("crc"), lambda: lying("size"), lambda: lying("larger")):
        upload = checked(make(), "damaged.xlsx")
        assert upload.state in (Upload.State.REFUSED, Upload.State.READY)  # a lie zip can read past is harmless
        assert "error in the system" not in upload.message
