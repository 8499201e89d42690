"""A postcode-to-area lookup, read in DuckDB: a CSV with a postcode column and a column of area codes (ONS's
postcode directories name them `pcds` and, for instance, `wd22cd` or `pcon24cd`; a council's own file
may say `postcode` and `area_code`). The area column is the one whose codes are most often areas whose
boundaries are loaded, all of one release; a code of no loaded area (a postcode in a neighbouring council)
is kept as `OUTSIDE`. What is kept is one Parquet file of (postcode, area), the postcode in capitals with
no spaces: a public lookup, holding nothing about anyone. Client-level data read after it is loaded has
each person's postcode replaced by its area on arrival (`arrival.sql`)."""

from __future__ import annotations

import csv
import io
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from indicators.models import Area
from indicators.problems import FileError, Problem

from .arrival import connect

OUTSIDE = "outside"  # a postcode the lookup places outside the council's areas
POSTCODE_HEADINGS = ("postcode", "pcds", "pcd", "pcd7", "pcd8", "pcd2")
AREA_HEADINGS = ("area_code", "area", "code")
_ONS_CODE_HEADING = re.compile(r"^[a-z]{2,6}\d{2}cd$")  # wd22cd, pcon24cd, lad23cd, ...
POSTCODE = r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$"  # as kept: capitals, no space
MOST_PROBLEMS_LISTED = 20


@dataclass
class Lookup:
    path: Path  # the Parquet file of (postcode, area)
    column: str  # the heading the area codes were read from
    release_id: int
    release_name: str
    area_type_plural: str
    area_type_name: str  # singular: 'ward'
    postcodes: int  # postcodes kept
    outside: int  # of them, placed outside the council's areas
    no_area: int  # rows with no area code (a postcode ONS has not placed): not kept
    areas_named: int  # the release's areas at least one postcode is in
    areas_in_release: int
    problems: list[Problem] = field(default_factory=list)


def read_lookup(path: Path, file_name: str, into: Path) -> Lookup:
    """The lookup's postcodes and areas written to a Parquet file in the folder `into`. Raises FileError,
    naming the rows, when a postcode is not one or is placed in two areas, or when no area column names
    loaded areas."""
    with path.open("rb") as handle:
        first = handle.readline(100_000)
    headings = _heading(first, file_name)
    folded = [h.strip().lower() for h in headings]
    postcode_at = next((folded.index(h) for h in POSTCODE_HEADINGS if h in folded), None)
    if postcode_at is None:
        raise FileError(
            f"{file_name}, line 1: there is no postcode column; name it 'postcode' (or 'pcds', as ONS's postcode "
            "directories do)."
        )
    candidates = [i for i, h in enumerate(folded) if h in AREA_HEADINGS or _ONS_CODE_HEADING.match(h)]
    if not candidates:
        raise FileError(
            f"{file_name}, line 1: there is no column of area codes; name it 'area_code' (or as ONS's postcode "
            "directories do, such as 'wd22cd' for 2022 wards)."
        )
    connection = connect()
    try:
        columns = {f"c{i}": "VARCHAR" for i in range(len(headings))}
        connection.execute(
            f"""CREATE TEMP TABLE raw AS
            SELECT row_number() OVER () + 1 AS row, * FROM read_csv(?, header = false, skip = 1,
                columns = {columns!r}, auto_detect = false, delim = ',', quote = '"', escape = '"',
                null_padding = true, encoding = 'utf-8', max_line_size = 100000)""",
            [str(path)],
        )
        known = list(
            Area.objects.filter(kind=Area.Kind.MAPPED).values_list(
                "code", "release_id", "release__name", "release__area_type__plural", "release__area_type__name"
            )
        )
        connection.execute("CREATE TEMP TABLE known (code VARCHAR, release BIGINT)")
        if known:
            connection.executemany("INSERT INTO known VALUES (?, ?)", [(c.upper(), r) for c, r, *_ in known])
        column, release_id = _area_column(connection, candidates, headings, file_name)
        names = {r: (n, p, one) for _c, r, n, p, one in known}
        return _write(
            connection,
            f"c{postcode_at}",
            f"c{column}",
            headings[column].strip(),
            release_id,
            names,
            into,
            file_name,
            sum(1 for _c, r, *_ in known if r == release_id),
        )
    except duckdb.Error as error:  # a file DuckDB cannot read as CSV (a row wider than the heading, say)
        raise FileError(
            f"{file_name}: the lookup cannot be read as CSV ({str(error).splitlines()[0]}); save it as CSV with a "
            "heading row and upload it again."
        ) from None
    finally:
        connection.close()


def _heading(line: bytes, file_name: str) -> list[str]:
    try:
        text = line.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileError(f"{file_name}: the lookup is not UTF-8 text; save it as CSV (UTF-8).") from None
    row = next(csv.reader(io.StringIO(text)), [])
    if not row:
        raise FileError(f"{file_name} is empty.")
    return row


def _area_column(connection, candidates: list[int], headings: list[str], file_name: str) -> tuple[int, int]:
    """The candidate column, and the release, with the most distinct codes of loaded areas."""
    best = None
    for index in candidates:
        found = connection.execute(
            f"SELECT release, count(DISTINCT code) AS n FROM known JOIN raw ON upper(trim(raw.c{index})) = known.code "
            "GROUP BY release ORDER BY n DESC, release LIMIT 1"
        ).fetchone()
        if found and (best is None or found[1] > best[2]):
            best = (index, found[0], found[1])
    if best is None:
        named = ", ".join(f"'{headings[i].strip()}'" for i in candidates)
        raise FileError(
            f"{file_name}: none of the codes in {named} is an area whose boundaries are loaded. Load the "
            "boundaries of the wards (or constituencies, or localities) first, as a boundaries file, then the lookup."
        )
    return best[0], best[1]


def _write(
    connection,
    postcode: str,
    area: str,
    heading: str,
    release_id: int,
    names: dict,
    into: Path,
    file_name: str,
    in_release: int,
) -> Lookup:
    connection.execute(
        f"""CREATE TEMP TABLE pairs AS
        SELECT row, trim({postcode}) AS sent, upper(replace(trim({postcode}), ' ', '')) AS postcode,
               nullif(upper(trim({area})), '') AS code
        FROM raw"""
    )
    bad = connection.execute(
        f"""SELECT row, sent FROM pairs WHERE sent IS NULL OR sent = '' OR NOT regexp_full_match(postcode, '{POSTCODE}')
        ORDER BY row"""
    ).fetchall()
    twice = connection.execute(
        """SELECT min(row), max(row), any_value(sent) FROM pairs WHERE code IS NOT NULL
        GROUP BY postcode HAVING count(DISTINCT code) > 1 ORDER BY min(row)"""
    ).fetchall()
    problems = [
        Problem(
            "the postcode is empty" if not sent else f"'{sent[:20]}' is not a postcode (such as B1 1BB)",
            row=row,
            column="postcode",
        )
        for row, sent in bad
    ] + [
        Problem(
            f"{sent} is placed in two areas, here and in row {last:,}: give each postcode once",
            row=first,
            column="postcode",
        )
        for first, last, sent in twice
    ]
    if problems:
        problems.sort(key=lambda p: p.row or 0)
        raise FileError(problems[:MOST_PROBLEMS_LISTED], count=len(problems))
    into.mkdir(parents=True, exist_ok=True)
    target = into / f"lookup-{uuid.uuid4().hex}.parquet"
    connection.execute(
        f"""COPY (
            SELECT DISTINCT p.postcode,
                   CASE WHEN k.code IS NOT NULL THEN p.code ELSE '{OUTSIDE}' END AS area
            FROM pairs p LEFT JOIN known k ON k.code = p.code AND k.release = $release
            WHERE p.code IS NOT NULL ORDER BY 1
        ) TO '{target}' (FORMAT parquet)""",
        {"release": release_id},
    )
    kept, outside, named = connection.execute(
        f"SELECT count(*), count(*) FILTER (WHERE area = '{OUTSIDE}'), count(DISTINCT area) FILTER "
        f"(WHERE area <> '{OUTSIDE}') FROM read_parquet('{target}')"
    ).fetchone()
    no_area = connection.execute("SELECT count(*) FROM pairs WHERE code IS NULL").fetchone()[0]
    if not kept:
        raise FileError(f"{file_name}: no row gives a postcode an area code, so there is nothing to look up.")
    name, plural, one = names[release_id]
    return Lookup(target, heading, release_id, name, plural, one, kept, outside, no_area, named, in_release)
