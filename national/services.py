"""Keeping a national file: checked whole, then every record written in bulk as a new release (earlier
releases are kept; the figures read the latest release holding each measure and year). The upload page,
`import_national`, the demo and the speed command all come through here."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection, transaction

from indicators import periods
from indicators.models import DataVersion
from indicators.problems import FileError, Problem

from .measures import measure as national_measure
from .models import Council, Record, Release
from .readers import NationalRow, read_national

BATCH = 5000


@dataclass
class Checked:
    layout: str
    rows: list[NationalRow]
    measures: Counter = field(default_factory=Counter)  # (measure, disaggregation, year) -> rows
    revises: set = field(default_factory=set)  # the (measure, disaggregation, year) already held

    def describe(self) -> str:
        years = sorted({y for _, _, y in self.measures})
        span = (
            periods.financial_year_label(years[0])
            if len(years) == 1
            else f"{periods.financial_year_label(years[0])} to {periods.financial_year_label(years[-1])}"
        )
        revised = f"; {len(self.revises)} of them revise figures already held" if self.revises else ""
        return (
            f"{len(self.rows):,} national records: {len({m for m, _, _ in self.measures})} measures, "
            f"{len(self.measures)} measure-years, {span}{revised}"
        )


def check(data: bytes, file_name: str) -> Checked:
    """Read and check the whole file, changing nothing. Raises FileError naming each row at fault."""
    layout, rows = read_national(data, file_name)
    problems = []
    for row in rows:
        known = national_measure(row.measure)
        if known.is_proportion and row.numerator is not None and row.denominator is not None:
            if row.numerator > row.denominator:
                problems.append(
                    Problem(
                        f"{row.area_name} {row.measure}: the numerator ({row.numerator:g}) is larger than the "
                        f"denominator ({row.denominator:g}), which a proportion cannot be",
                        entry=f"row {row.line}",
                    )
                )
    if problems:
        raise FileError(problems[:200])
    checked = Checked(layout, rows, Counter((r.measure, r.disaggregation, r.year) for r in rows))
    held = set(Record.objects.values_list("measure", "disaggregation", "year").distinct())
    checked.revises = set(checked.measures) & held
    return checked


def load(data: bytes, file_name: str, checksum: str = "", source: str = "", checked: Checked | None = None) -> Release:
    """Check the file (unless `checked` already is) and keep it as a new release, all or nothing."""
    checked = checked or check(data, file_name)
    with transaction.atomic():
        release = Release.objects.create(
            layout=checked.layout,
            file_name=file_name[:255],
            checksum=checksum,
            source=source[:300],
            records=len(checked.rows),
        )
        insert_records(release, checked.rows)
        _keep_councils(checked.rows)
        DataVersion.bump()
    release.revised = len(checked.revises)  # measure-years this release revises (for the message)
    return release


def _keep_councils(rows: list[NationalRow]) -> None:
    """Councils as the data names them; a region or council type the file gives fills in what is held."""
    latest: dict[str, NationalRow] = {}
    for row in rows:
        if row.level == "council":
            held = latest.get(row.area_code)
            if held is None or row.year >= held.year:
                latest[row.area_code] = row
    existing = {c.ons_code: c for c in Council.objects.filter(ons_code__in=list(latest))}
    new, changed = [], []
    for code, row in latest.items():
        council = existing.get(code)
        if council is None:
            new.append(Council(ons_code=code, name=row.area_name, region=row.region, council_type=row.council_type))
            continue
        before = (council.name, council.region, council.council_type)
        council.name = row.area_name or council.name
        council.region = row.region or council.region
        council.council_type = row.council_type or council.council_type
        if (council.name, council.region, council.council_type) != before:
            changed.append(council)
    Council.objects.bulk_create(new, batch_size=BATCH)
    Council.objects.bulk_update(changed, ["name", "region", "council_type"], batch_size=BATCH)


COLUMNS = (
    "release_id",
    "measure",
    "disaggregation",
    "year",
    "level",
    "area_code",
    "area_name",
    "region",
    "council_type",
    "numerator",
    "denominator",
    "value",
)


def insert_records(release: Release, rows: list[NationalRow]) -> None:
    """Every row of a release in bulk: PostgreSQL's COPY in chunks where available, else batched INSERTs."""

    def values(row: NationalRow) -> tuple:
        return (
            release.pk,
            row.measure[:24],
            row.disaggregation[:40],
            row.year,
            row.level,
            row.area_code[:9],
            row.area_name[:120],
            row.region[:60],
            row.council_type[:60],
            row.numerator,
            row.denominator,
            row.value,
        )

    if connection.vendor == "postgresql":
        table = Record._meta.db_table
        texts = "measure, disaggregation, level, area_code, area_name, region, council_type"
        sql = f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL ({texts}))"
        for start in range(0, len(rows), 50_000):
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            for row in rows[start : start + 50_000]:
                writer.writerow(["" if v is None else v for v in values(row)])
            buffer.seek(0)
            with connection.cursor() as cursor:
                cursor.copy_expert(sql, buffer)
        return
    Record.objects.bulk_create(
        (Record(**dict(zip(COLUMNS, values(row), strict=True))) for row in rows), batch_size=BATCH
    )
