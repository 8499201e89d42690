"""Checked figures kept as a new revision: in one transaction, written in bulk (PostgreSQL's COPY), and only
when the file holds a new or revised figure, so no revision ever repeats the figures held."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice

from django.db import transaction

from config import bulk
from indicators import periods
from indicators.models import DataPoint, Revision, StoredPeriod

from . import by_area as area_figures
from .extract import UNCHANGED, Classified, Extract, classify, resolve_reporting_period


@dataclass
class ImportResult:
    revision: Revision | None
    reporting_period: periods.Period
    new: int = 0
    revised: int = 0
    unchanged: int = 0
    by_area: int = 0  # figures by area new or revised (`by_area`)
    by_area_unchanged: int = 0

    @classmethod
    def counted(cls, reporting: periods.Period, classified: Classified, by_area) -> ImportResult:
        """The counts of a checked file, classified against the figures held (no revision yet)."""
        return cls(
            None,
            reporting,
            classified.new,
            classified.revised,
            classified.unchanged,
            by_area.changed,
            by_area.count(area_figures.UNCHANGED),
        )

    @property
    def changed(self) -> bool:
        return bool(self.new or self.revised or self.by_area)

    def describe(self) -> str:
        if not self.changed:
            held = f"{self.unchanged:,} figures" if self.unchanged or not self.by_area_unchanged else ""
            if self.by_area_unchanged:
                held += f"{' and ' if held else ''}{self.by_area_unchanged:,} figures by area"
            return f"No changes: all {held} are already as in this file."
        if self.by_area and not (self.new or self.revised or self.unchanged):
            return f"{self.by_area:,} new or revised figures by area for {self.reporting_period.long_label}"
        areas = f", and {self.by_area:,} new or revised figures by area," if self.by_area else ""
        return (
            f"{self.new:,} new, {self.revised:,} revised and {self.unchanged:,} unchanged figures{areas} "
            f"for {self.reporting_period.long_label}"
        )


def commit_extract(
    extract: Extract,
    reporting_period: periods.Period | None = None,
    *,
    source: str = Revision.Source.COMMAND,
    file_name: str = "",
    checksum: str = "",
    user=None,
) -> ImportResult:
    """Keep the checked figures as a new revision, in one transaction. When every figure is as already
    held, nothing is written and the result says "No changes"."""
    reporting = resolve_reporting_period(extract, reporting_period)
    with transaction.atomic():
        classified = classify(extract, reporting)
        result = ImportResult.counted(reporting, classified, extract.by_area)
        if not result.changed:
            return result
        period_rows = StoredPeriod.resolve([reporting, *extract.distinct_periods])
        period_ids = {p: period_rows[p.code].pk for p in extract.distinct_periods}
        result.revision = write_revision(
            result,
            figure_rows(extract, period_ids, classified),
            reporting_period=period_rows[reporting.code],
            source=source,
            file_name=file_name,
            checksum=checksum,
            created_by=user,
        )
        area_figures.write(extract.by_area, result.revision, {p.code: i for p, i in period_ids.items()})
    return result


def write_revision(result: ImportResult, rows: Iterable[Sequence], **fields) -> Revision:
    """The one place a revision of figures is written: only for a file found to hold a new or revised
    figure, so no revision can repeat the figures held."""
    if not result.changed:
        raise ValueError("A revision is written only for new or revised figures.")
    revision = Revision.objects.create(**fields)
    insert_figures(revision, rows)
    return revision


def figure_rows(extract: Extract, period_ids: dict[periods.Period, int], classified: Classified) -> Iterator[tuple]:
    """The checked figures as they are stored, but for their revision: (measure, period, numerator,
    denominator, value, reason, note), numbers as text ('' for none). The revision keeps the whole
    extract; a figure found unchanged is kept as held (8 / 21 stays 8 / 21 beside a file's 38.0952381)."""
    statuses, held = classified.statuses, classified.held
    for i in range(len(extract)):
        measure_id, period = extract.measure_ids[i], extract.periods[i]
        if statuses[i] == UNCHANGED:
            point = held[(measure_id, period.code)]
            numbers = (_stored(point.numerator), _stored(point.denominator), _stored(point.value))
            reason = point.no_value_reason
        else:
            numbers = tuple(
                "" if n is None else n for n in (extract.numerators[i], extract.denominators[i], extract.values[i])
            )
            reason = extract.reasons[i]
        yield (measure_id, period_ids[period], *numbers, reason, extract.notes[i])


def _stored(number: Decimal | None) -> str:
    return "" if number is None else str(number)


def write_staged(
    extract: Extract, period_ids: dict[periods.Period, int], classified: Classified, handle: io.TextIOBase
) -> None:
    """The checked figures as CSV, written at check time and copied in at commit (`insert_figures`)."""
    csv.writer(handle).writerows(figure_rows(extract, period_ids, classified))


COPIED = ("revision_id", "measure_id", "period_id", "numerator", "denominator", "value", "no_value_reason", "note")
COPY_CHUNK = 100_000


def insert_figures(revision: Revision, rows: Iterable[Sequence]) -> int:
    """Bulk insert of figure rows (as `figure_rows` gives them, or read back from a staged CSV):
    PostgreSQL's COPY in chunks where available, else batched INSERTs. Returns how many."""
    rows = iter(rows)
    inserted = 0
    while True:
        chunk = list(islice(rows, COPY_CHUNK))
        if not chunk:
            return inserted
        inserted += len(chunk)
        if bulk.can_copy():
            table = DataPoint._meta.db_table
            bulk.copy_rows(table, COPIED, ((revision.pk, *row) for row in chunk), ("no_value_reason", "note"))
            continue
        DataPoint.objects.bulk_create(
            (
                DataPoint(
                    revision=revision,
                    measure_id=measure_id,
                    period_id=period_id,
                    numerator=numerator if numerator != "" else None,
                    denominator=denominator if denominator != "" else None,
                    value=value if value != "" else None,
                    no_value_reason=reason,
                    note=note,
                )
                for measure_id, period_id, numerator, denominator, value, reason, note in chunk
            ),
            batch_size=5000,
        )
