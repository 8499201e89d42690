"""Rows written in bulk: PostgreSQL's COPY where the database is PostgreSQL (a tenth of the time of
Django's batched INSERTs for thousands of rows), else nothing (the caller uses `bulk_create`)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.db import connection


def can_copy() -> bool:
    return connection.vendor == "postgresql"


def copy_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence], not_null: Sequence[str] = ()) -> None:
    """COPY of `rows` (each in the order of `columns`) into `table`. None is NULL, and so is an empty text,
    except in the columns `not_null`, where it is the empty text."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    buffer.seek(0)
    forced = f", FORCE_NOT_NULL ({', '.join(not_null)})" if not_null else ""
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv{forced})", buffer)
