"""Small workbooks made in memory for the tests."""

import io
import zipfile

from openpyxl import Workbook


def xlsx(sheets: dict[str, list[list]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_extra_member(data: bytes, name: str, content: bytes = b"x") -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr(name, content)
    return buffer.getvalue()


SEED_000_SEPTEMBER_WIDE = [
    ["Code", "Measure", "Jul 24", "Aug 24", "Sep 24", "Trend"],
    ["3D part 2a", "Direct payments", "662 / 2875", "654 / 2896", "654 / 2913", "\u25bc"],
    ["2E", "LD own home", "670 / 765", "673 / 770", "676 / 776", "\u25bc"],
    ["2B", "Admissions 18-64", "(12 x 100000) / 243101", "(13 x 100000) / 243101", "(12 x 100000) / 243101", ""],
    ["2C", "Admissions 65+", "(36 x 100000) / 18400", "(41 x 100000) / 18400", "(45 x 100000) / 18400", ""],
    ["SAT1", "Concerns", 151, 140, 110, "\u25bc"],
    ["R2", "Weeks in reablement", 4.6, 5.4, 5.8, "\u25b2"],
]


def with_lying_entry(data: bytes, name: str, lie: str) -> bytes:
    """The workbook with one zip entry whose headers lie: `crc` (a wrong checksum), `size` (an unpacked
    size smaller than the entry really unpacks to) or `larger`, in both the local and the central header."""
    import struct

    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo(name)
    patched = bytearray(data)
    local = info.header_offset
    central = patched.find(b"PK\x01\x02")
    while central >= 0 and patched[central + 46 : central + 46 + len(name)] != name.encode():
        central = patched.find(b"PK\x01\x02", central + 4)
    assert central >= 0, name
    if lie == "crc":
        wrong = struct.pack("<I", (info.CRC + 1) & 0xFFFFFFFF)
        patched[local + 14 : local + 18] = wrong
        patched[central + 16 : central + 20] = wrong
    elif lie == "larger":
        larger = struct.pack("<I", info.file_size * 3 + 1000)
        patched[local + 22 : local + 26] = larger
        patched[central + 24 : central + 28] = larger
    else:
        smaller = struct.pack("<I", max(1, info.file_size // 3))
        patched[local + 22 : local + 26] = smaller
        patched[central + 24 : central + 28] = smaller
    return bytes(patched)
