"""A client-level data file read, checked, minimised and pseudonymised on arrival, one row at a time.

What a row keeps (`vocabulary.KEPT`) is the least the measures need: names, GP practice, postcode, free
text, costs and providers are never kept; the date of birth is cut to its year and month (kept as the
1st of the month, as DHSC's method reads it); NHS number and the council's own person id become keyed
pseudonyms (`pseudonyms`), and the person is the NHS number's pseudonym where there is one, else the
local id's. A row that cannot be used (no person, a date that is not a date, an end before its start,
a required field empty) is named by its line and field; the file is refused whole when any row is.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import BinaryIO

from django.conf import settings

from indicators.formatting import file_size
from indicators.problems import FileError

from . import pseudonyms, vocabulary

MOST_PROBLEMS_LISTED = 20
DUMMY_BIRTH_AGE = 115  # people older than this at the period's end are taken as dummy dates of birth


@dataclass
class Quality:
    """The data-quality report: per field, how many values were valid, blank, invalid, in Release 1's
    wording, or read as sent; and the file's own facts."""

    fields: dict[str, Counter] = field(default_factory=dict)
    rows: int = 0
    stated_periods: set[tuple[dt.date, dt.date]] = field(default_factory=set)
    earliest_end: dt.date | None = None
    latest_end: dt.date | None = None
    open_by_type: Counter = field(default_factory=Counter)  # events with no end date, by event type
    dummy_births: int = 0
    no_nhs_number: int = 0

    def count(self, name: str, reading: str) -> None:
        self.fields.setdefault(name, Counter())[reading] += 1


EVENT_COLUMNS = ("person", *vocabulary.KEPT.values(), "birth_month", "death")


@dataclass
class Arrival:
    events: dict[str, list]  # by column (`EVENT_COLUMNS`), one value per event: far smaller than a row each
    quality: Quality
    problems: list[str]

    @property
    def count(self) -> int:
        return len(self.events["person"])


_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y/%m/%d", "%d/%m/%y")


def read_date(text: str) -> dt.date:
    text = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?", text):
        text = text[:10]  # a time of day on a date field is set aside
    for form in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise ValueError(text)


def _headers(row: list, file_name: str) -> dict[str, int]:
    """Each specification field's column, matched without regard to case or spacing."""
    wanted = {vocabulary.folded(name): name for name in (*vocabulary.KEPT, *vocabulary.IDENTIFIERS)}
    wanted |= {
        vocabulary.folded(vocabulary.BIRTH): vocabulary.BIRTH,
        vocabulary.folded(vocabulary.DEATH): vocabulary.DEATH,
    }
    found = {}
    for index, heading in enumerate(row):
        name = wanted.get(vocabulary.folded(str(heading or "")))
        if name is not None:
            found.setdefault(name, index)
    missing = [name for name in (*vocabulary.REQUIRED, vocabulary.BIRTH) if name not in found]
    if "NHS Number" not in found and "LA Person Unique Identifier" not in found:
        missing.append("NHS Number or LA Person Unique Identifier")
    if missing:
        raise FileError(
            f"{file_name}, line 1: the heading row has no {', '.join(missing)}. The first line must name the "
            "fields as the Client Level Data specification spells them (such as 'Event Start Date')."
        )
    return found


def read_file(data: bytes, file_name: str, secret: bytes) -> Arrival:
    """`read_stream` of a file held in memory (a test's, a small upload's)."""
    return read_stream(io.BytesIO(data), file_name, secret)


def read_stream(handle: BinaryIO, file_name: str, secret: bytes) -> Arrival:
    """The file's events, pseudonymised, with its data-quality report and the problems that make rows
    unusable, read one row at a time from a seekable binary file (a submission is hundreds of
    megabytes: it is never held whole). Nothing is stored."""
    size = handle.seek(0, io.SEEK_END)
    handle.seek(0)
    limit = settings.CLD_MAX_UPLOAD_BYTES
    if size > limit:
        raise FileError(
            f"{file_name} is {file_size(size)}; the largest client-level data file read is {file_size(limit)}."
        )
    head = handle.read(4096)
    handle.seek(0)
    if not file_name.lower().endswith((".csv", ".txt")) or head[:4] == b"PK\x03\x04" or b"\x00" in head:
        raise FileError(f"{file_name}: client-level data is sent as CSV text; save the submission as CSV.")
    for encoding in ("utf-8-sig", "cp1252"):
        handle.seek(0)
        text = io.TextIOWrapper(handle, encoding=encoding, newline="")
        try:
            return _read_rows(text, file_name, secret)
        except UnicodeDecodeError:
            continue
        finally:
            text.detach()  # the caller's file stays open
    raise FileError(f"{file_name} is neither UTF-8 nor Windows-1252 text; save it as CSV (UTF-8).")


def _read_rows(text: io.TextIOWrapper, file_name: str, secret: bytes) -> Arrival:
    reader = csv.reader(text)
    try:
        heading = next(reader)
    except StopIteration:
        raise FileError(f"{file_name} is empty.") from None
    except csv.Error as error:
        raise FileError(f"{file_name}, line 1: the CSV cannot be read ({error}).") from None
    columns = _headers(heading, file_name)
    quality, events, problems = Quality(), {name: [] for name in EVENT_COLUMNS}, []
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise FileError(
                f"{file_name}, line {reader.line_num:,}: the CSV cannot be read ({error}); most often a quotation "
                "mark is never closed. Put it right and upload it again."
            ) from None
        if not any(v.strip() for v in values):
            continue
        quality.rows += 1
        event, wrong = _event(reader.line_num, values, columns, quality, secret)
        if wrong:
            problems.extend(f"{file_name}, line {reader.line_num:,}: {problem}" for problem in wrong)
        else:
            for name in EVENT_COLUMNS:
                events[name].append(event.get(name))
    return Arrival(events, quality, problems)


def _event(number: int, values: list, columns: dict[str, int], quality: Quality, secret: bytes):
    def text(name: str) -> str | None:
        index = columns.get(name)
        value = values[index] if index is not None and index < len(values) else None
        return None if vocabulary.blank(value) else str(value).strip()

    wrong, event = [], {}
    for name in vocabulary.REQUIRED:
        if text(name) is None:
            wrong.append(f"'{name}' is empty; every event needs it.")
    la_code = text("LA Code") or ""
    nhs = pseudonyms.nhs_number(text("NHS Number") or "")
    local = text("LA Person Unique Identifier")
    if not nhs:
        quality.no_nhs_number += 1
    if not nhs and not local:
        wrong.append("there is neither an NHS number nor an 'LA Person Unique Identifier', so the person is not known.")
    event["person"] = (
        pseudonyms.pseudonym("nhs", nhs, secret) if nhs else pseudonyms.pseudonym(f"la:{la_code}", local or "", secret)
    )
    for name in vocabulary.DATES:
        value = text(name)
        if value is None:
            event[vocabulary.KEPT[name]] = None
            quality.count(name, "blank")
            continue
        try:
            event[vocabulary.KEPT[name]] = read_date(value)
            quality.count(name, "valid")
        except ValueError:
            quality.count(name, "invalid")
            wrong.append(f"'{name}' is '{value[:20]}', which is not a date; write it as 2024-06-30 or 30/06/2024.")
    birth, death = _dates_of_life(text, wrong, quality)
    event["birth_month"], event["death"] = birth, death
    if event.get("start") and event.get("end") and event["end"] < event["start"]:
        wrong.append(f"the event ends ({event['end']}) before it starts ({event['start']}).")
    for name, kept in vocabulary.KEPT.items():
        if name in vocabulary.DATES:
            continue
        value = text(name)
        if value is None:
            event[kept] = None
            quality.count(name, "blank")
            continue
        event[kept], reading = vocabulary.canonical(name, value)
        quality.count(name, reading)
    _note_period(event, quality)
    return event, wrong


def _dates_of_life(text, wrong: list[str], quality: Quality) -> tuple[dt.date | None, dt.date | None]:
    """The birth month (the 1st of it: the day is never kept) and the date of death."""
    found = []
    for name in (vocabulary.BIRTH, vocabulary.DEATH):
        value = text(name)
        if value is None:
            quality.count(name, "blank")
            found.append(None)
            continue
        try:
            day = read_date(value)
        except ValueError:
            quality.count(name, "invalid")
            wrong.append(f"'{name}' is not a date; write it as 1950-06-30 or 30/06/1950.")
            found.append(None)
            continue
        quality.count(name, "valid")
        found.append(day.replace(day=1) if name == vocabulary.BIRTH else day)
    return found[0], found[1]


def _note_period(event: dict, quality: Quality) -> None:
    if event.get("period_start") and event.get("period_end"):
        quality.stated_periods.add((event["period_start"], event["period_end"]))
    end = event.get("end")
    if end is None and event.get("event_type"):
        quality.open_by_type[event["event_type"]] += 1
    if end is not None:
        quality.earliest_end = min(quality.earliest_end or end, end)
        quality.latest_end = max(quality.latest_end or end, end)
    birth, stated_end = event.get("birth_month"), event.get("period_end")
    if birth and stated_end and (stated_end.year - birth.year) > DUMMY_BIRTH_AGE:
        quality.dummy_births += 1
