"""A client-level data file read, checked, minimised and pseudonymised on arrival, in DuckDB: the file is
read once, as text, and every row is cleaned, checked and counted by set-based SQL (a submission is
hundreds of megabytes; it is never held in Python rows).

What an event keeps (`vocabulary.KEPT`) is the least the measures need: names, GP practice, postcode,
free text, costs and providers are never read past the heading row; the date of birth is cut to its year
and month (kept as the 1st of the month, as DHSC's method reads it); NHS number and the council's own
person id become keyed pseudonyms (`pseudonyms`), worked out once per person in SQL, and the person
is the NHS number's pseudonym where there is one, else the local id's. The events are written to one
Parquet file. A row that cannot be used (no person, a date that is not a date, an end before its start,
a required field empty) is named by its row and field; the file is refused whole when any row is.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import tempfile
import time
import uuid
import weakref
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from django.conf import settings

from indicators.formatting import file_size
from indicators.problems import FileError

from . import pseudonyms, vocabulary

MOST_PROBLEMS_LISTED = 20
DUMMY_BIRTH_AGE = 115  # people older than this at the period's end are taken as dummy dates of birth
MEMORY_LIMIT = "1GB"  # DuckDB spills to disk beyond this, so a large file cannot exhaust the machine

# with `row`, the event's row in the file as sent (its heading is row 1): the later of two records of one
# event in a file is the one further down it (`joined.sql`)
EVENT_COLUMNS = ("person", *vocabulary.KEPT.values(), "birth_month", "death", "area", "row")
POSTCODE = "Postcode"  # read only where a lookup replaces it by its area
_OTHER_DATES = {vocabulary.BIRTH: "birth", vocabulary.DEATH: "death"}


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


@dataclass
class Arrival:
    events_path: Path  # the usable events, one Parquet file with the columns `EVENT_COLUMNS`
    count: int
    quality: Quality
    problems: list[str]  # the first rows that cannot be used, each by its row and field
    unusable: int  # how many rows cannot be used in all
    people: int = 0  # distinct people among the usable events
    la_codes: list[str] = field(default_factory=list)  # the LA codes the usable events name
    # how long each stage took, in seconds: read and check, pseudonymise, store (`manage.py speed_cld`)
    seconds: dict[str, float] = field(default_factory=dict)

    def frame(self):
        """The events as a pandas table in the file's order (for tests and small files: a submission's is
        read by DuckDB)."""
        return duckdb.connect().execute("SELECT * FROM read_parquet(?) ORDER BY row", [str(self.events_path)]).df()


def connect() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(config={"memory_limit": MEMORY_LIMIT})
    connection.execute("SET preserve_insertion_order = true")
    return connection


def read_file(data: bytes, file_name: str, secret: bytes, lookup: Path | None = None) -> Arrival:
    """`read_path` of a file held in memory (a test's): its events are kept in a folder of their own,
    removed when the arrival is."""
    folder = Path(tempfile.mkdtemp(prefix="cld-"))
    source = folder / "arrived.csv"
    source.write_bytes(data)
    try:
        arrived = read_path(source, file_name, secret, folder, lookup)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        source.unlink(missing_ok=True)
    weakref.finalize(arrived, shutil.rmtree, folder, ignore_errors=True)
    return arrived


def read_path(path: Path, file_name: str, secret: bytes, into: Path, lookup: Path | None = None) -> Arrival:
    """The file's events, pseudonymised, written to a Parquet file in the folder `into`, with its
    data-quality report and the rows that cannot be used. With a postcode `lookup` (`lookup.read_lookup`'s
    Parquet file) each event keeps its postcode's area instead of the postcode (NULL where the postcode is
    blank or not in the lookup); without one the postcode is never read. Nothing else is stored; the file
    is left as it was."""
    size = path.stat().st_size
    limit = settings.CLD_MAX_UPLOAD_BYTES
    if size > limit:
        raise FileError(
            f"{file_name} is {file_size(size)}; the largest client-level data file read is {file_size(limit)}."
        )
    with path.open("rb") as handle:
        head = handle.read(4096)
        handle.seek(0)
        first = handle.readline(1_000_000)
    if not file_name.lower().endswith((".csv", ".txt")) or head[:4] == b"PK\x03\x04" or b"\x00" in head:
        raise FileError(f"{file_name}: client-level data is sent as CSV text; save the submission as CSV.")
    if not first.strip():
        raise FileError(f"{file_name} is empty.")
    width, found = _headers(_heading(first, file_name), file_name, postcodes=lookup is not None)
    connection = connect()
    seconds: dict[str, float] = {}
    try:
        with _stage(seconds, "read and check"):
            connection.execute(STEPS["macros"])
            _words(connection)
            _postcodes(connection, lookup)
        _load(connection, path, file_name, width, found, secret, seconds)
        with _stage(seconds, "read and check"):
            quality = _quality(connection, lookup is not None)
            unusable, problems = _problems(connection, file_name)
        with _stage(seconds, "store"):
            into.mkdir(parents=True, exist_ok=True)
            events_path = into / f"events-{uuid.uuid4().hex}.parquet"
            chosen = ", ".join(f'"{name}"' for name in EVENT_COLUMNS)
            connection.execute(
                f"COPY (SELECT {chosen} FROM clean WHERE problem IS NULL) TO '{events_path}' "
                "(FORMAT parquet, COMPRESSION snappy)"
            )
            people, la_codes = connection.execute(
                "SELECT count(DISTINCT person), list(DISTINCT la_code ORDER BY la_code) FROM clean "
                "WHERE problem IS NULL"
            ).fetchone()
    finally:
        connection.close()
    arrived = Arrival(events_path, quality.rows - unusable, quality, problems, unusable, people, la_codes or [])
    arrived.seconds = seconds
    return arrived


@contextmanager
def _stage(seconds: dict[str, float], name: str):
    """Adds the time the block takes to the stage `name`."""
    started = time.perf_counter()
    try:
        yield
    finally:
        seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - started


def _heading(line: bytes, file_name: str) -> list[str]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = line.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    try:
        return next(csv.reader(io.StringIO(text)), [])
    except csv.Error as error:
        raise FileError(f"{file_name}, line 1: the heading row cannot be read as CSV ({error}).") from None


def _headers(row: list[str], file_name: str, postcodes: bool = False) -> tuple[int, dict[str, int]]:
    """How many columns the heading names, and each specification field's column, matched without regard
    to case or spacing (the postcode's only when it is to be replaced by its area)."""
    read = (*vocabulary.KEPT, *vocabulary.IDENTIFIERS, *_OTHER_DATES, *((POSTCODE,) if postcodes else ()))
    wanted = {vocabulary.folded(name): name for name in read}
    found: dict[str, int] = {}
    for index, heading in enumerate(row):
        name = wanted.get(vocabulary.folded(heading or ""))
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
    return len(row), found


_CSV_PROBLEM = re.compile(r"CSV Error on Line: (\d+)")
# The columns of `raw`, by the specification's field names (`arrival.sql` reads them by these names).
RAW = {**{name: kept for name, kept in vocabulary.KEPT.items()}, vocabulary.BIRTH: "birth", vocabulary.DEATH: "death"}
RAW |= {"NHS Number": "nhs", "LA Person Unique Identifier": "local_id", POSTCODE: "postcode"}
# Each field read through a map of its distinct values (`arrival.sql`): its column in `raw`, the step
# that reads it and its name in the specification (and in `words`, for a defined list).
MAPS = {
    short: (
        "date"
        if name in (*vocabulary.DATES, vocabulary.BIRTH, vocabulary.DEATH)
        else "list"
        if name in vocabulary.DEFINED
        else "text",
        name,
    )
    for name, short in RAW.items()
    if name not in (*vocabulary.IDENTIFIERS, POSTCODE)
}
STEPS = dict(
    (part.split("\n", 1)[0].strip(), part.split("\n", 1)[1])
    for part in Path(__file__).with_name("arrival.sql").read_text().split("-- step: ")[1:]
)


def _load(
    connection, path: Path, file_name: str, width: int, found: dict[str, int], secret: bytes, seconds: dict
) -> None:
    """The table `raw` of the fields the product reads, as sent (a field the file lacks is empty), one row
    per row of the file in its order; each field's map; and `clean` from them (`arrival.sql`). The file is
    read as UTF-8, else as Latin-1."""
    every = {f"c{index}": "VARCHAR" for index in range(width)}
    wanted = ", ".join(
        f'c{found[name]} AS "{short}"' if name in found else f'NULL::VARCHAR AS "{short}"'
        for name, short in RAW.items()
    )
    with _stage(seconds, "read and check"):
        for encoding in ("utf-8", "latin-1"):
            try:
                # in the file's order (`preserve_insertion_order`), so a row's rowid is its place in the file
                connection.execute(
                    f"""CREATE OR REPLACE TEMP TABLE raw AS
                    SELECT {wanted}
                    FROM read_csv({_quoted(str(path))}, header = false, skip = 1, columns = {every!r},
                        auto_detect = false, delim = ',', quote = '"', escape = '"', null_padding = true,
                        nullstr = ['', 'NULL', 'null'], encoding = '{encoding}', max_line_size = 1000000)"""
                )
                break
            except duckdb.Error as error:
                text = str(error)
                if encoding == "utf-8" and "unicode" in text.lower():
                    continue
                line = _CSV_PROBLEM.search(text)
                where = f", line {int(line.group(1)):,}" if line else ""
                raise FileError(
                    f"{file_name}{where}: the CSV cannot be read ({_reason(text)}); most often a quotation mark is "
                    "never closed or a row has more fields than the heading. Put it right and upload it again."
                ) from None
        # from here on no table's order matters (each row carries its row number, and what lists rows
        # sorts them by it), and DuckDB writes the events' Parquet file faster when it may reorder them
        connection.execute("SET preserve_insertion_order = false")
        for column, (kind, name) in MAPS.items():
            connection.execute(STEPS[kind].format(field=column, name=name))
    with _stage(seconds, "pseudonymise"):
        inner, outer = pseudonyms.pads(secret)
        connection.execute(STEPS["people"], {"inner": inner, "outer": outer})
    with _stage(seconds, "read and check"):
        connection.execute(STEPS["postcode"])
        connection.execute(STEPS["clean"])
        connection.execute("DROP TABLE raw")


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _reason(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines[1:]:
        if not line.startswith(("Original Line", "Possible Solution", "file =")):
            return line.rstrip(".")
    return lines[0]


def _postcodes(connection, lookup: Path | None) -> None:
    """`postcodes`: the lookup's (postcode, area), or none."""
    if lookup is None:
        connection.execute("CREATE OR REPLACE TEMP TABLE postcodes (postcode VARCHAR, area VARCHAR)")
    else:
        kept = _quoted(str(lookup))
        connection.execute(f"CREATE OR REPLACE TEMP TABLE postcodes AS SELECT * FROM read_parquet({kept})")


def _words(connection) -> None:
    """`words`: each defined-list value and each Release 1 wording, folded, with the value it is read as."""
    rows = [
        (name, vocabulary.folded(value), value, "valid")
        for name, values in vocabulary.DEFINED.items()
        for value in values
    ] + [
        (name, key, value, "release 1")
        for name, mapped in vocabulary.RELEASE_1.items()
        for key, value in mapped.items()
    ]
    connection.execute(
        "CREATE OR REPLACE TEMP TABLE words (field VARCHAR, folded VARCHAR, value VARCHAR, reading VARCHAR)"
    )
    connection.executemany("INSERT INTO words VALUES (?, ?, ?, ?)", rows)


def _quality(connection, postcodes: bool) -> Quality:
    quality = Quality()
    read = {column: name for column, (_kind, name) in MAPS.items()} | ({"postcode": POSTCODE} if postcodes else {})
    for column, name in read.items():
        counts = connection.execute(f'SELECT reading, sum(n)::BIGINT FROM "map_{column}" GROUP BY ALL').fetchall()
        quality.fields[name] = Counter(dict(counts))
    facts = connection.execute(STEPS["facts"], {"dummy_age": DUMMY_BIRTH_AGE}).fetchone()
    quality.rows, quality.earliest_end, quality.latest_end, quality.dummy_births, quality.no_nhs_number = facts
    quality.stated_periods = set(
        connection.execute(
            "SELECT DISTINCT period_start, period_end FROM clean "
            "WHERE period_start IS NOT NULL AND period_end IS NOT NULL"
        ).fetchall()
    )
    quality.open_by_type = Counter(
        dict(
            connection.execute(
                'SELECT event_type, count(*) FROM clean WHERE "end" IS NULL AND event_type IS NOT NULL GROUP BY ALL'
            ).fetchall()
        )
    )
    return quality


def _problems(connection, file_name: str) -> tuple[int, list[str]]:
    unusable = connection.execute("SELECT count(*) FROM clean WHERE problem IS NOT NULL").fetchone()[0]
    listed = connection.execute(
        f"SELECT row, problem FROM clean WHERE problem IS NOT NULL ORDER BY row LIMIT {MOST_PROBLEMS_LISTED}"
    ).fetchall()
    return unusable, [f"{file_name}, row {row:,}: {problem}" for row, problem in listed]
