"""A database state taken once per test process and put back in a fraction of a second.

Loading the demo through its upload path takes seconds; the suite needs it under many modules and some
browser tests. On PostgreSQL the state after the first load is kept in memory as each table's rows in
COPY's text form with every sequence's position, and put back by emptying every table and copying the
rows in again in one transaction (Django's foreign keys are checked at commit, so the order of the
tables does not matter). A state asked for again while it is still in place, as the last copy left it
(`in_place`: every table's row count and newest writing transaction the same), is not copied again; only
the sequences are set back. On SQLite nothing is kept and the state is made again each time.

The test processes of one run share each state: the first to need it makes it (the others wait on a lock
rather than making it too, on the same cores) and writes it to a folder of the run's, with the files the
state keeps outside the database; the others read it from there.
"""

from __future__ import annotations

import fcntl
import io
import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction

KEPT_OUT = {"django_migrations"}  # what the migrations made stays as it is
# The national figures are a tenth of a million rows, which tests read and never keep changes to: when
# they are as the last restore left them (the same visible rows: count and newest writing transaction),
# they are not copied in again. Truncating the releases would empty the records, so both go together.
UNTOUCHED_IF_SAME = ("national_release", "national_record")
_left: dict[str, tuple] = {}  # each such table's signature as the last take or restore left it
# The state the last take or restore left, by name, with every table's signature then: a module after
# another over the same state finds it still in place (tests roll back; any committed change, even one
# that keeps a table's count, gives a row a newer xmin) and nothing is copied.
_in_place: tuple[str, dict[str, tuple]] | None = None


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


def _signatures(cursor, tables=UNTOUCHED_IF_SAME) -> dict[str, tuple]:
    """Each table's row count and newest writing transaction, in one query."""
    cursor.execute(" UNION ALL ".join(f"SELECT '{t}', count(*), max(xmin::text::bigint) FROM \"{t}\"" for t in tables))
    return {table: (count, newest) for table, count, newest in cursor.fetchall()}


def in_place(name: str) -> bool:
    """Whether the state `name` is in the database as the last take or restore left it."""
    if _in_place is None or _in_place[0] != name:
        return False
    with connection.cursor() as cursor:
        return _signatures(cursor, _tables()) == _in_place[1]


def _left_in_place(name: str | None) -> None:
    global _in_place
    if name is None:
        _in_place = None
        return
    with connection.cursor() as cursor:
        _in_place = (name, _signatures(cursor, _tables()))


def forget() -> None:
    """The database was emptied or changed outside a restore (a flush)."""
    _left_in_place(None)


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
        _set_sequences(cursor, snapshot)
        _left.update(_signatures(cursor))
    ContentType.objects.clear_cache()  # the ids are those of the snapshot


def _set_sequences(cursor, snapshot: Snapshot) -> None:
    """Every sequence where the snapshot had it (a rolled-back insert still moves one on), in one query."""
    used = [(sequence, last) for sequence, last in snapshot.sequences.items() if last is not None]
    if used:
        cursor.execute("SELECT " + ", ".join("setval(%s, %s, true)" for _ in used), [v for pair in used for v in pair])


def files_of(name: str, run_folder: Path) -> Path:
    """The folder of the files the state `name` keeps outside the database (such as uploads): one for the
    run, or on SQLite (where every process makes the state itself) one for each process."""
    folder = run_folder / name.replace(" ", "-")
    return folder / "media" if kept() else folder / f"media-{os.getpid()}"


def load(name: str, make: Callable[[Path], None], run_folder: Path) -> None:
    """Put the state `name` in the database: made by `make(files_of(name, run_folder))` the first time in
    this run (and every time on SQLite), copied back after that."""
    media = files_of(name, run_folder)
    if not kept():
        make(media)
        return
    if name in _taken:
        if in_place(name):
            with connection.cursor() as cursor:
                _set_sequences(cursor, _taken[name])
        else:
            restore(_taken[name])
            _left_in_place(name)
        return
    _taken[name], made_here = _shared(media.parent, lambda: make(media))
    if not made_here:
        restore(_taken[name])
    _left_in_place(name)


def _shared(folder: Path, make: Callable[[], None]) -> tuple[Snapshot, bool]:
    """The state as this run's first process to need it made it: made here (and written down for the
    others) if none has yet."""
    folder.mkdir(parents=True, exist_ok=True)
    written = folder / "state.pickle"
    with open(folder / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, or when a process dies holding it
        if written.exists():
            return pickle.loads(written.read_bytes()), False
        make()
        snapshot = take()
        part = folder / "state.part"
        part.write_bytes(pickle.dumps(snapshot, protocol=pickle.HIGHEST_PROTOCOL))
        part.rename(written)
        return snapshot, True
