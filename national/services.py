"""Keeping a national file: checked whole, then every record written in bulk as a new release (earlier
releases are kept; the figures read the latest release holding each measure and year). The upload page,
`import_national`, the demo and the speed command all come through here."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection, transaction

from imports import opening
from indicators import periods
from indicators.models import DataVersion

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
    counted_kept: set = field(default_factory=set)  # held with counts, which a values-only file leaves in use
    faults: list[str] = field(default_factory=list)  # what the publisher's own figures get wrong, kept as published

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
            f"{len(self.measures)} measure-years, {span}{revised}{self.kept_words()}{self.fault_words()}"
        )

    def kept_words(self) -> str:
        if not self.counted_kept:
            return ""
        return f"; {len(self.counted_kept)} are held already from a file with counts, which stays in use for them"

    def fault_words(self) -> str:
        if not self.faults:
            return ""
        shown = "; ".join(self.faults[:5]) + ("; …" if len(self.faults) > 5 else "")
        return (
            f". {len(self.faults)} published {'figure has' if len(self.faults) == 1 else 'figures have'} a "
            f"numerator larger than the denominator, which a proportion cannot have ({shown}): kept as "
            "published, with no interval"
        )


def check(data: bytes, file_name: str) -> Checked:
    """Read and check the whole file, changing nothing. Raises FileError naming each row at fault. A
    published figure that cannot be right (a proportion over its denominator: the official files hold a
    few) is the publisher's, so it is kept as published and said in the preview, not refused."""
    layout, rows = read_national(opening.gunzipped(data, file_name), file_name.removesuffix(".gz"))
    faults = []
    for row in rows:
        known = national_measure(row.measure, row.edition)
        if known.is_proportion and row.numerator is not None and row.denominator is not None:
            if row.numerator > row.denominator:
                faults.append(
                    f"row {row.line}, {row.area_name} {row.measure} {row.disaggregation} "
                    f"{periods.financial_year_label(row.year)}: {row.numerator:g} of {row.denominator:g}"
                )
    checked = Checked(layout, rows, Counter((r.measure, r.disaggregation, r.year) for r in rows), faults=faults)
    key = ("measure", "disaggregation", "year")
    held = set(Record.objects.values_list(*key).distinct())
    if layout in Release.VALUES_ONLY:
        counted = set(Record.objects.exclude(release__layout__in=Release.VALUES_ONLY).values_list(*key).distinct())
        checked.counted_kept = set(checked.measures) & counted
        held -= counted
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
    release.more_words = checked.kept_words() + checked.fault_words()
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
    "edition",
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
    "margin",
    "base",
)


def insert_records(release: Release, rows: list[NationalRow]) -> None:
    """Every row of a release in bulk: PostgreSQL's COPY in chunks where available, else batched INSERTs."""

    def values(row: NationalRow) -> tuple:
        return (
            release.pk,
            row.edition,
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
            row.margin,
            row.base,
        )

    if connection.vendor == "postgresql":
        table = Record._meta.db_table
        texts = "edition, measure, disaggregation, level, area_code, area_name, region, council_type"
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
