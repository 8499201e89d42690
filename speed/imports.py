"""A speed test you can rerun: a whole upload of a synthetic long-format extract through the one upload
path (receive, check with its warnings, confirm, commit), beside PostgreSQL's own COPY of the same rows
into the same table, with the process's peak memory. Each size runs in a process of its own (so its
peak memory is its own) and in a transaction that is rolled back, so nothing is kept."""

from __future__ import annotations

import csv
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.test.utils import override_settings

from imports import services
from imports.models import Upload
from indicators.models import DataPoint, Measure, Revision, StoredPeriod
from indicators.periods import Period


@dataclass
class Timing:
    rows: int
    check_seconds: float
    commit_seconds: float
    copy_seconds: float
    peak_mb: float

    @property
    def upload_seconds(self) -> float:
        return self.check_seconds + self.commit_seconds

    def rate(self, seconds: float) -> float:
        return self.rows / seconds if seconds else float("inf")


class Rollback(Exception):
    pass


def synthetic_extract(rows: int, measures: int) -> tuple[bytes, Period]:
    """A long-format CSV: `measures` measures over as many months as needed, half with a numerator and
    denominator, half with a value."""
    months = -(-rows // measures)
    first = Period.month(2000, 4)
    buffer = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
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
    buffer.flush()
    return buffer.buffer.getvalue(), first.shifted(months - 1)


def peak_rss_mb() -> float:
    """The process's peak resident memory since it was last reset (Linux), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak_rss() -> None:
    """Start the peak again from what the process holds now, so building the test file does not count."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def run_size(rows: int, measures: int = 2000) -> Timing:
    """One size, in this process: build the file, take it through the upload path, then COPY."""
    data, last_month = synthetic_extract(rows, min(measures, rows))
    timing = None
    media = tempfile.mkdtemp(prefix="speed-imports-")
    limits = {"IMPORT_MAX_UPLOAD_BYTES": len(data) + 1, "IMPORT_MAX_ROWS": rows + 1, "MEDIA_ROOT": media}
    try:
        with override_settings(**limits), transaction.atomic():
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
            reset_peak_rss()
            started = time.perf_counter()
            upload = services.receive(data, "speed-test.csv", reporting_period=last_month, queue_check=False)
            upload = services.check(upload.pk)
            checked = time.perf_counter() - started
            assert upload.state == Upload.State.READY, (upload.message, upload.errors[:3])
            started = time.perf_counter()
            services.confirm(upload, None, queue_commit=False)
            upload = services.commit(upload.pk)
            committed = time.perf_counter() - started
            assert upload.state == Upload.State.COMMITTED and upload.rows_new == rows, upload.message
            peak = peak_rss_mb()
            copy = copy_same_rows(data, last_month)
            timing = Timing(rows, checked, committed, copy, peak)
            raise Rollback
    except Rollback:
        pass
    return timing


def copy_same_rows(data: bytes, last_month: Period) -> float:
    """PostgreSQL's COPY of the same rows, from a buffer prepared beforehand, into the same table."""
    reporting = StoredPeriod.for_value(last_month)
    revision = Revision.objects.create(reporting_period=reporting, note="speed test: COPY baseline")
    measure_ids = dict(Measure.objects.filter(code__startswith="SPEED").values_list("code", "id"))
    period_ids = dict(StoredPeriod.objects.values_list("code", "id"))
    buffer = tempfile.TemporaryFile("w+", newline="")
    writer = csv.writer(buffer)
    lines = csv.reader(io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline=""))
    next(lines)
    for code, period, numerator, denominator, value, note in lines:
        writer.writerow([revision.pk, measure_ids[code], period_ids[period], numerator, denominator, value, "", note])
    buffer.seek(0)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY {DataPoint._meta.db_table} (revision_id, measure_id, period_id, numerator, denominator, value, "
            "no_value_reason, note) FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL (no_value_reason, note))",
            buffer,
        )
    return time.perf_counter() - started


def run_in_own_process(rows: int, measures: int) -> Timing:
    """`run_size` in a new process, so its peak memory is its own."""
    manage = Path(settings.BASE_DIR) / "manage.py"
    done = subprocess.run(
        [sys.executable, str(manage), "speed_imports", "--one", str(rows), "--measures", str(measures)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(done.stderr[-3000:])
    return Timing(**json.loads(done.stdout.strip().splitlines()[-1]))


def table(timings: list[Timing]) -> str:
    lines = [
        f"{'rows':>10}  {'check s':>8}  {'commit s':>8}  {'upload s':>8}  {'rows/s':>8}  {'COPY s':>7}  "
        f"{'upload/COPY':>11}  {'peak MB':>7}",
    ]
    for t in timings:
        lines.append(
            f"{t.rows:>10,}  {t.check_seconds:>8.2f}  {t.commit_seconds:>8.2f}  {t.upload_seconds:>8.2f}  "
            f"{t.rate(t.upload_seconds):>8,.0f}  {t.copy_seconds:>7.2f}  {t.upload_seconds / t.copy_seconds:>10.1f}x  "
            f"{t.peak_mb:>7.0f}"
        )
    return "\n".join(lines)
