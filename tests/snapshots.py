"""A database state taken once per test process and put back in a fraction of a second.

Loading the demo through its upload path takes seconds; the suite needs it under many modules and some
browser tests. On PostgreSQL the state after the first load is kept in memory as each table's rows in
COPY's text form with every sequence's position, and put back by emptying every table and copying the
rows in again in one transaction (Django's foreign keys are checked at commit, so the order of the
tables does not matter). On SQLite nothing is kept and the state is made again each time.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction

KEPT_OUT = {"django_migrations"}  # what the migrations made stays as it is
# The national figures are a tenth of a million rows, which tests read and never keep changes to: when
# they are as the last restore left them (the same visible rows: count and newest writing transaction),
# they are not copied in again. Truncating the releases would empty the records, so both go together.
UNTOUCHED_IF_SAME = ("national_release", "national_record")
_left: dict[str, tuple] = {}  # each such table's signature as the last take or restore left it


@dataclass(frozen=True)
class Snapshot:
    tables: dict[str, bytes]  # each table's rows, as COPY writes them
    sequences: dict[str, int | None]  # each sequence's last value (None: never used)


_taken: dict[str, Snapshot] = {}


def kept() -> bool:
    return connection.vendor == "postgresql"


def _tables() -> list[str]:
    return sorted(set(connection.introspection.table_names()) - KEPT_OUT)


def take() -> Snapshot:
    tables = {}
    with connection.cursor() as cursor:
        for table in _tables():
            buffer = io.BytesIO()
            cursor.cursor.copy_expert(f'COPY "{table}" TO STDOUT', buffer)
            tables[table] = buffer.getvalue()
        cursor.execute("SELECT schemaname, sequencename, last_value FROM pg_sequences")
        sequences = {f'"{schema}"."{name}"': last for schema, name, last in cursor.fetchall()}
        _left.update(_signatures(cursor))
    return Snapshot(tables, sequences)


def _signatures(cursor) -> dict[str, tuple]:
    found = {}
    for table in UNTOUCHED_IF_SAME:
        cursor.execute(f'SELECT count(*), max(xmin::text::bigint) FROM "{table}"')
        found[table] = cursor.fetchone()
    return found


def restore(snapshot: Snapshot) -> None:
    from django.contrib.contenttypes.models import ContentType

    with transaction.atomic(), connection.cursor() as cursor:
        same = _left and _signatures(cursor) == {t: _left[t] for t in UNTOUCHED_IF_SAME}
        skipped = set(UNTOUCHED_IF_SAME) if same else set()
        tables = [t for t in _tables() if t not in skipped]
        cursor.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE")
        for table, rows in snapshot.tables.items():
            if rows and table not in skipped:
                cursor.cursor.copy_expert(f'COPY "{table}" FROM STDIN', io.BytesIO(rows))
        for sequence, last in snapshot.sequences.items():
            if last is not None:
                cursor.execute("SELECT setval(%s, %s, true)", [sequence, last])
        _left.update(_signatures(cursor))
    ContentType.objects.clear_cache()  # the ids are those of the snapshot


def load(name: str, make: Callable[[], None]) -> None:
    """Put the state `name` in the database: made by `make` the first time in this process (and every
    time on SQLite), copied back from memory after that."""
    if not kept():
        make()
        return
    if name in _taken:
        restore(_taken[name])
        return
    make()
    _taken[name] = take()
