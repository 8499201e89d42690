"""Monthly extracts in the long format: one row per measure per period (docs/data-format.md).

    code, period, numerator, denominator, value, note

Reading, checking and committing are separate steps, so the command line, the web upload and the
Celery worker all go through `check_extract` and `commit_extract`. A file with any error is refused
whole; a file whose figures are all already current changes nothing.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd
from django.db import connection, transaction

from indicators import formatting, periods, rules
from indicators.models import DataPoint, Measure, Revision, StoredPeriod
from indicators.numbers import parse_number
from indicators.problems import FileError, Problem


def _at(row: int, column: str, message: str) -> Problem:
    """A problem in one cell of the long table (rows as a spreadsheet numbers them: the header is 1)."""
    return Problem(message, row=row, column=column)


@dataclass(frozen=True)
class ExtractRow:
    row: int
    measure: Measure
    period: periods.Period
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None
    no_value_reason: str
    note: str

    def same_figure_as(self, point: DataPoint) -> bool:
        return (
            point.numerator == self.numerator
            and point.denominator == self.denominator
            and point.value == self.value
            and point.no_value_reason == self.no_value_reason
        )


@dataclass
class ExtractCheck:
    rows: list[ExtractRow] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ImportResult:
    revision: Revision | None
    reporting_period: periods.Period
    new: int = 0
    revised: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.new or self.revised)

    def describe(self) -> str:
        if not self.changed:
            return f"No changes: all {self.unchanged} figures are already as in this file."
        return (
            f"{self.new} new, {self.revised} revised and {self.unchanged} unchanged figures "
            f"for {self.reporting_period.long_label}"
        )


def check_extract(frame: pd.DataFrame, catalogue: dict[str, Measure] | None = None) -> ExtractCheck:
    """Check every row of the long table; collect every error with its row and column (in the wide grid,
    the column is the cell's period heading)."""
    if catalogue is None:
        catalogue = {m.code.lower(): m for m in Measure.objects.all()}
    result = ExtractCheck()
    first_row: dict[tuple[int, periods.Period], int] = {}
    period_cache: dict[tuple, periods.Period | str] = {}
    columns = list(frame.columns)
    at = {name: columns.index(name) for name in columns}
    has_location = "_row" in at

    def read_period(raw, kind):
        key = (raw, kind)
        if key not in period_cache:
            try:
                period_cache[key] = periods.parse_period(raw, kind)
            except ValueError as problem:
                period_cache[key] = str(problem)
        return period_cache[key]

    for offset, record in enumerate(frame.itertuples(index=False, name=None)):
        row = int(record[at["_row"]]) if has_location else offset + 2
        heading = str(record[at["_column"]]) if has_location else ""
        multiplier_written = str(record[at["_multiplier"]]) if "_multiplier" in at else ""

        def cell(name: str, _heading=heading) -> str:
            return _heading if _heading and name != "code" else name

        values = {name: record[at[name]] for name in ("code", "period", "numerator", "denominator", "value", "note")}
        if not any(str(v).strip() for v in values.values()):
            continue
        errors: list[Problem] = []
        code = str(values["code"]).strip()
        measure = catalogue.get(code.lower())
        if not code:
            errors.append(_at(row, cell("code"), "the measure code is blank"))
        elif measure is None:
            errors.append(_at(row, cell("code"), f'"{code}" is not a measure in the catalogue'))

        period = read_period(values["period"], measure.period_kind if measure else None)
        if isinstance(period, str):
            errors.append(_at(row, cell("period"), period))
            period = None
        elif measure and period.kind is not measure.period_kind:
            errors.append(
                _at(
                    row,
                    cell("period"),
                    f"{period.code} is a {period.kind} but {measure.code} is reported {measure.frequency}",
                )
            )

        numbers = {}
        unreadable = False
        for column in ("numerator", "denominator", "value"):
            try:
                numbers[column] = parse_number(values[column])
            except ValueError as problem:
                errors.append(_at(row, cell(column), str(problem)))
                numbers[column] = None
                unreadable = True
        note = str(values["note"]).strip()
        numerator, denominator, value = numbers["numerator"], numbers["denominator"], numbers["value"]
        if measure and multiplier_written and Decimal(multiplier_written) != measure.multiplier:
            errors.append(
                _at(
                    row,
                    cell("value"),
                    f"the cell multiplies by {multiplier_written} but {measure.code} is per "
                    f"{formatting.format_number(measure.multiplier, 0)}",
                )
            )
        if numerator is not None and denominator is None:
            errors.append(_at(row, cell("denominator"), "a numerator needs a denominator"))
        if numerator is None and denominator is not None and value is None:
            errors.append(_at(row, cell("numerator"), "a denominator with no numerator needs a value"))
        if denominator is not None and denominator == 0:
            errors.append(_at(row, cell("denominator"), "the denominator is zero"))
        if denominator is not None and denominator < 0:
            errors.append(_at(row, cell("denominator"), "the denominator is negative"))
        if (
            measure
            and numerator is not None
            and denominator
            and measure.unit == Measure.Unit.PERCENTAGE
            and numerator > denominator
        ):
            errors.append(_at(row, cell("numerator"), f"{numerator} is more than the denominator {denominator}"))
        if measure and numerator is not None and denominator and value is not None:
            computed = rules.measure_value(numerator, denominator, measure.multiplier)
            places = measure.decimal_places
            if rules.round_half_up(computed, places) != rules.round_half_up(value, places):
                errors.append(
                    _at(
                        row,
                        cell("value"),
                        f"{value} disagrees with {numerator} / {denominator}, which gives "
                        f"{formatting.format_value(computed, measure.unit, places)}",
                    )
                )
        if numerator is None and value is None and not note and not unreadable:
            errors.append(_at(row, cell("value"), "there is no figure; give one, or say why in the note"))

        if measure and period:
            key = (measure.id, period)
            if key in first_row:
                errors.append(
                    _at(row, cell("period"), f"{measure.code} {period.code} is already in row {first_row[key]}")
                )
            else:
                first_row[key] = row
        if errors:
            result.errors.extend(errors)
            continue
        has_value = numerator is not None or value is not None
        result.rows.append(
            ExtractRow(
                row=row,
                measure=measure,
                period=period,
                numerator=numerator,
                denominator=denominator,
                value=value if numerator is None else None,
                no_value_reason="" if has_value else note,
                note=note if has_value else "",
            )
        )
    return result


def default_reporting_period(rows: list[ExtractRow]) -> periods.Period:
    """The month of the latest period in the file with a figure (a survey year that is still running
    and only says "Due June 2022" does not move it)."""
    with_figures = [row for row in rows if not _reason_only(row)] or rows
    latest = max(row.period.end for row in with_figures)
    return periods.Period.containing(periods.PeriodKind.MONTH, latest)


def _reason_only(row: ExtractRow) -> bool:
    return row.value is None and row.numerator is None and bool(row.no_value_reason)


def current_figures(rows: list[ExtractRow], reporting: periods.Period) -> dict[tuple[int, str], DataPoint]:
    """The figure held for each (measure, period) in the file as of the reporting month, in one query.
    Later months' revisions are not compared: re-sending an old month's file changes nothing."""
    measure_ids = {row.measure.id for row in rows}
    codes = {row.period.code for row in rows}
    latest: dict[tuple[int, str], DataPoint] = {}
    points = (
        DataPoint.objects.filter(
            measure_id__in=measure_ids, period__code__in=codes, revision__reporting_period__end__lte=reporting.end
        )
        .select_related("period")
        .order_by("revision__reporting_period__start", "revision_id")
    )
    for point in points:
        latest[(point.measure_id, point.period.code)] = point
    return latest


@dataclass(frozen=True)
class Change:
    row: ExtractRow
    status: str  # "new", "revised" or "unchanged"
    held: DataPoint | None  # the figure held as of the reporting month, if any

    def as_preview(self) -> dict:
        """What an officer is shown before confirming: old -> new, as the scorecard prints it."""
        measure = self.row.measure

        def shown(value, reason):
            return formatting.figure_or_reason(value, reason, measure.unit, measure.decimal_places)

        new_value = rules.measure_value(self.row.numerator, self.row.denominator, measure.multiplier, self.row.value)
        old = shown(self.held.computed_value(measure.multiplier), self.held.no_value_reason) if self.held else ""
        return {
            "row": self.row.row,
            "code": measure.code,
            "period": self.row.period.code,
            "status": self.status,
            "old": old,
            "new": shown(new_value, self.row.no_value_reason),
            "numerator": None if self.row.numerator is None else str(self.row.numerator),
            "denominator": None if self.row.denominator is None else str(self.row.denominator),
        }


def resolve_reporting_period(check: ExtractCheck, reporting_period: periods.Period | None) -> periods.Period:
    if not check.ok:
        raise FileError(f"The file has {len(check.errors)} error(s); nothing was imported.")
    if not check.rows:
        raise FileError("The file has no rows of figures.")
    reporting = reporting_period or default_reporting_period(check.rows)
    if reporting.kind is not periods.PeriodKind.MONTH:
        raise FileError("The reporting period must be a month, e.g. 2024-09.")
    # A period still running at the end of the reporting month may carry a reason ("Due June 2022")
    # but not a figure; a period that has not started may carry nothing.
    late = [
        row
        for row in check.rows
        if row.period.start > reporting.end or (row.period.end > reporting.end and not _reason_only(row))
    ]
    if late:
        row = late[0]
        if row.period.start > reporting.end:
            problem = f"{row.period.code} starts after the reporting month {reporting.code}"
        else:
            problem = (
                f"{row.period.code} ends after the reporting month {reporting.code}, so it can only give "
                "the reason there is no figure yet (for example 'Due June 2022')"
            )
        raise FileError(f"Row {row.row}: {problem}.")
    return reporting


def classify(check: ExtractCheck, reporting: periods.Period) -> list[Change]:
    """Each row against the figure held as of the reporting month: new, revised or unchanged."""
    held = current_figures(check.rows, reporting)
    changes = []
    for row in check.rows:
        point = held.get((row.measure.id, row.period.code))
        if point is None:
            status = "new"
        elif row.same_figure_as(point):
            status = "unchanged"
        else:
            status = "revised"
        changes.append(Change(row, status, point))
    return changes


def commit_extract(
    check: ExtractCheck,
    reporting_period: periods.Period | None = None,
    *,
    source: str = Revision.Source.COMMAND,
    file_name: str = "",
    checksum: str = "",
    user=None,
    dry_run: bool = False,
) -> ImportResult:
    """Keep the checked rows as a new revision, in one transaction. When every row is as already held,
    nothing is written and the result says "No changes"."""
    reporting = resolve_reporting_period(check, reporting_period)
    with transaction.atomic():
        changes = classify(check, reporting)
        result = ImportResult(revision=None, reporting_period=reporting)
        for change in changes:
            setattr(result, change.status, getattr(result, change.status) + 1)
        if not result.changed or dry_run:
            return result
        period_rows = StoredPeriod.resolve([reporting, *(row.period for row in check.rows)])
        revision = Revision.objects.create(
            reporting_period=period_rows[reporting.code],
            source=source,
            file_name=file_name,
            checksum=checksum,
            created_by=user,
        )
        # The revision keeps the whole extract as received, changed rows or not.
        insert_data_points(revision, check.rows, period_rows)
        result.revision = revision
    return result


def insert_data_points(revision: Revision, rows: list[ExtractRow], period_rows: dict[str, StoredPeriod]) -> None:
    """Bulk insert: PostgreSQL's COPY where available, else batched INSERTs."""
    if connection.vendor == "postgresql":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in rows:
            writer.writerow(
                [
                    revision.pk,
                    row.measure.pk,
                    period_rows[row.period.code].pk,
                    "" if row.numerator is None else row.numerator,
                    "" if row.denominator is None else row.denominator,
                    "" if row.value is None else row.value,
                    row.no_value_reason,
                    row.note,
                ]
            )
        buffer.seek(0)
        table = DataPoint._meta.db_table
        with connection.cursor() as cursor:
            cursor.copy_expert(
                f"COPY {table} (revision_id, measure_id, period_id, numerator, denominator, value, "
                "no_value_reason, note) FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL (no_value_reason, note))",
                buffer,
            )
        return
    DataPoint.objects.bulk_create(
        [
            DataPoint(
                revision=revision,
                measure=row.measure,
                period=period_rows[row.period.code],
                numerator=row.numerator,
                denominator=row.denominator,
                value=row.value,
                no_value_reason=row.no_value_reason,
                note=row.note,
            )
            for row in rows
        ],
        batch_size=5000,
    )
