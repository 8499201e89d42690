"""A speed test you can rerun: how fast extracts are read, checked and committed, beside PostgreSQL's own
COPY of the same rows into the same table. Each size runs in a transaction that is rolled back."""

from __future__ import annotations

import csv
import io
import time
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.test.utils import override_settings

from indicators.models import DataPoint, Measure, Revision, StoredPeriod
from indicators.periods import StoredPeriod as PeriodValue

from .extract import check_extract, commit_extract
from .readers import read_table


@dataclass
class Timing:
    rows: int
    read_check_seconds: float
    commit_seconds: float
    copy_seconds: float

    def rate(self, seconds: float) -> float:
        return self.rows / seconds if seconds else float("inf")


class Rollback(Exception):
    pass


def synthetic_extract(rows: int, measures: int) -> tuple[bytes, PeriodValue]:
    """A long-format CSV: `measures` measures over as many months as needed, half with a numerator and
    denominator, half with a value."""
    months = -(-rows // measures)
    first = PeriodValue.month(2000, 4)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["code", "period", "numerator", "denominator", "value", "note"])
    written = 0
    for m in range(months):
        period = first.shifted(m).code
        for i in range(measures):
            if written == rows:
                break
            if i % 2:
                writer.writerow([f"SPEED{i:05d}", period, (i * 7 + m) % 900 + 1, 1000, "", ""])
            else:
                writer.writerow([f"SPEED{i:05d}", period, "", "", f"{(i + m) % 500}.{m % 10}", ""])
            written += 1
    return buffer.getvalue().encode(), first.shifted(months - 1)


def run_size(rows: int, measures: int = 2000) -> Timing:
    data, last_month = synthetic_extract(rows, min(measures, rows))
    timing = None
    try:
        with transaction.atomic():
            Measure.objects.bulk_create(
                [
                    Measure(
                        code=f"SPEED{i:05d}",
                        title=f"Speed-test measure {i}",
                        unit="count" if i % 2 == 0 else "percentage",
                        multiplier=Decimal(1) if i % 2 == 0 else Decimal(100),
                        decimal_places=1,
                        polarity="none",
                    )
                    for i in range(min(measures, rows))
                ]
            )
            catalogue = {m.code.lower(): m for m in Measure.objects.filter(code__startswith="SPEED")}

            started = time.perf_counter()
            # The synthetic files are far larger than a council's monthly extract: lift the upload limits.
            with override_settings(IMPORT_MAX_UPLOAD_BYTES=len(data) + 1, IMPORT_MAX_ROWS=rows + 1):
                checked = check_extract(read_table(data, "speed-test.csv").frame, catalogue)
            read_check = time.perf_counter() - started
            assert checked.ok, checked.errors[:3]

            started = time.perf_counter()
            result = commit_extract(checked, last_month)
            commit = time.perf_counter() - started
            assert result.new == rows

            copy = copy_same_rows(checked, last_month)
            timing = Timing(rows, read_check, commit, copy)
            raise Rollback
    except Rollback:
        pass
    return timing


def copy_same_rows(checked, last_month: PeriodValue) -> float:
    """PostgreSQL's COPY of the same rows, from a buffer prepared beforehand, into the same table."""
    reporting = StoredPeriod.for_value(last_month)
    revision = Revision.objects.create(reporting_period=reporting, note="speed test: COPY baseline")
    period_ids = {p.code: p.pk for p in StoredPeriod.objects.filter(code__in={r.period.code for r in checked.rows})}
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in checked.rows:
        writer.writerow(
            [
                revision.pk,
                row.measure.pk,
                period_ids[row.period.code],
                "" if row.numerator is None else row.numerator,
                "" if row.denominator is None else row.denominator,
                "" if row.value is None else row.value,
                "",
                "",
            ]
        )
    buffer.seek(0)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY {DataPoint._meta.db_table} (revision_id, measure_id, period_id, numerator, denominator, value, "
            "no_value_reason, note) FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL (no_value_reason, note))",
            buffer,
        )
    return time.perf_counter() - started


def table(timings: list[Timing]) -> str:
    lines = [
        f"{'rows':>10}  {'read+check s':>12}  {'rows/s':>9}  {'commit s':>9}  {'rows/s':>9}  "
        f"{'COPY s':>8}  {'rows/s':>10}  {'commit/COPY':>11}",
    ]
    for t in timings:
        lines.append(
            f"{t.rows:>10,}  {t.read_check_seconds:>12.2f}  {t.rate(t.read_check_seconds):>9,.0f}  "
            f"{t.commit_seconds:>9.2f}  {t.rate(t.commit_seconds):>9,.0f}  {t.copy_seconds:>8.2f}  "
            f"{t.rate(t.copy_seconds):>10,.0f}  {t.commit_seconds / t.copy_seconds:>10.1f}x"
        )
    return "\n".join(lines)
