"""A rerunnable speed test of national benchmarking: a generated national file of about 200,000 records
(every council x 40 measures x disaggregations x years, with numerators and denominators so every
interval is worked out) loaded through the same service as the upload page, then every measure and year
worked out (quartiles, ranks, intervals, comparisons), beside PostgreSQL's COPY of the same rows."""

from __future__ import annotations

import csv
import io
import random
import time
from dataclasses import dataclass

from django.db import connection, transaction

from national import queries, services
from national.models import Record, Release

HEADER = [
    "Geographical code",
    "Geographical description",
    "Geographical level",
    "ONS code",
    "ASCOF measure code",
    "Disaggregation level",
    "Measure type",
    "Measure value",
    "Financial year",
]
DISAGGREGATIONS = ["Total", "18 to 64", "65 and over", "Female"]


@dataclass
class Timing:
    records: int
    read_and_check: float
    load: float
    work_out: float
    measure_years: int
    copy: float

    @property
    def total(self) -> float:
        return self.read_and_check + self.load + self.work_out


def generated_file(councils: int = 152, measures: int = 40, years: int = 8, seed: int = 2026) -> tuple[bytes, int]:
    """An ASCOF-layout file (numerator and denominator rows) for every council, plus England rows."""
    rng = random.Random(seed)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    records = 0
    for year in range(2015, 2015 + years):
        label = f"{year}-{(year + 1) % 100:02d}"
        for m in range(measures):
            code = f"9{m:02d}"  # codes no real measure uses
            for disaggregation in DISAGGREGATIONS:
                total_n = total_d = 0
                for c in range(councils):
                    ons = f"E{90000000 + c:08d}"
                    denominator = rng.randint(200, 5000)
                    numerator = rng.randint(0, denominator)
                    total_n, total_d = total_n + numerator, total_d + denominator
                    for kind, value in (("Numerator", numerator), ("Denominator", denominator)):
                        writer.writerow(
                            [ons, f"Council {c}", "Local authority", ons, code, disaggregation, kind, value, label]
                        )
                    records += 1
                for kind, value in (("Numerator", total_n), ("Denominator", total_d)):
                    writer.writerow(
                        ["E92000001", "England", "England", "E92000001", code, disaggregation, kind, value, label]
                    )
                records += 1
    return buffer.getvalue().encode(), records


def run(councils: int = 152, measures: int = 40, years: int = 8) -> Timing:
    data, records = generated_file(councils, measures, years)
    started = time.perf_counter()
    checked = services.check(data, "speed-national.csv")
    checked_at = time.perf_counter()
    with transaction.atomic():
        release = services.load(data, "speed-national.csv", checked=checked)
        loaded_at = time.perf_counter()
        held = [
            (h.code, h.disaggregation, y)
            for h in queries.catalogue()
            if h.code.startswith("9")
            for y in sorted(h.years)
        ]
        for code, disaggregation, year in held:
            queries.measure_year(code, year, disaggregation)
        worked_at = time.perf_counter()
        copy = copy_same_rows(release, len(checked.rows))
        transaction.set_rollback(True)  # the generated figures are not kept
    return Timing(records, checked_at - started, loaded_at - checked_at, worked_at - loaded_at, len(held), copy)


def copy_same_rows(release: Release, count: int) -> float:
    """PostgreSQL's COPY of as many rows of the same shape, from a buffer prepared beforehand."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for i in range(count):
        ons = f"E{90000000 + i % 152:08d}"
        row = [release.pk, "2014", "900", "Total", 2015, "council", ons, "Council", "", "", 10, 100, "", "", ""]
        writer.writerow(row)
    buffer.seek(0)
    columns = ", ".join(services.COLUMNS)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY {Record._meta.db_table} ({columns}) FROM STDIN "
            "WITH (FORMAT csv, FORCE_NOT_NULL (region, council_type))",  # the columns of services.COLUMNS
            buffer,
        )
    return time.perf_counter() - started


def run_files(paths: list[str]) -> list[tuple[str, int, float, float]] | Timing:
    """The real national files loaded one after another through the upload service, then every measure
    and year held worked out; nothing is kept. Gives each file's (name, records, check s, load s) and the
    whole run's timing beside COPY of as many rows."""
    from pathlib import Path

    per_file = []
    total_records = 0
    read_and_check = load = 0.0
    with transaction.atomic():
        release = None
        for path in paths:
            data, name = Path(path).read_bytes(), Path(path).name
            started = time.perf_counter()
            checked = services.check(data, name)
            checked_at = time.perf_counter()
            release = services.load(data, name, checked=checked)
            loaded_at = time.perf_counter()
            records = len(checked.rows)
            per_file.append((name, records, checked_at - started, loaded_at - checked_at))
            total_records += records
            read_and_check += checked_at - started
            load += loaded_at - checked_at
        started = time.perf_counter()
        held = [(h.code, h.disaggregation, y) for h in queries.catalogue() for y in sorted(h.years)]
        for code, disaggregation, year in held:
            queries.measure_year(code, year, disaggregation)
        work_out = time.perf_counter() - started
        copy = copy_same_rows(release, total_records) if release else 0.0
        transaction.set_rollback(True)
    return per_file, Timing(total_records, read_and_check, load, work_out, len(held), copy)
