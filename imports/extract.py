"""Extracts of figures: every record of a file checked, the file refused whole on any problem, and the
figures kept as a new revision (docs/data-format.md).

Reading, checking and committing are separate steps, so the upload page, the command line, the worker
and the demo all go through `check_extract` and `revisions.commit_extract`. The checked figures are held column by
column, so a file of a million rows is never a million objects; they are compared with the figures held
in the database and written with COPY.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.utils import timezone

from indicators import formatting, periods, rules
from indicators.models import DataPoint, Measure
from indicators.problems import FileError, Problem

from . import by_area as area_figures
from .cells import CellProblem, Unit, clean_text, read_count, read_figure
from .readers import Record, Table

REASON_LENGTH = DataPoint._meta.get_field("no_value_reason").max_length
NOTE_LENGTH = 2000
ERROR_LIMIT = 10000


class CheckedFigure(NamedTuple):
    row: int
    code: str
    period: str
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None
    reason: str
    note: str


@dataclass
class Extract:
    """The checked figures of a file, column by column, with every problem found."""

    table: Table | None = None
    rows: array = field(default_factory=lambda: array("I"))
    measure_ids: array = field(default_factory=lambda: array("I"))
    periods: list[periods.Period] = field(default_factory=list)
    # Numbers are kept as the text of the checked Decimal (half the memory of a Decimal; exact).
    numerators: list[str | None] = field(default_factory=list)
    denominators: list[str | None] = field(default_factory=list)
    values: list[str | None] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    inexact: bytearray = field(default_factory=bytearray)  # 1 where the value came from a binary double
    measures: dict[int, Measure] = field(default_factory=dict)
    distinct_periods: set[periods.Period] = field(default_factory=set)
    # rows naming a measure and a period with every figure cell empty: no figure yet, listed, not kept
    not_yet: list[tuple[int, Measure, periods.Period]] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    error_count: int = 0
    error_rows: set[int] = field(default_factory=set)
    # figures for an area (the long format's area column), checked as the rest and kept beside them
    pending_areas: list[area_figures.Pending] = field(default_factory=list)
    by_area: area_figures.ByArea = field(default_factory=lambda: area_figures.ByArea())

    @property
    def ok(self) -> bool:
        return not self.error_count

    def __len__(self) -> int:
        return len(self.rows)

    def refuse(self, problem: Problem) -> None:
        self.error_count += 1
        if problem.row is not None:
            self.error_rows.add(problem.row)
        if len(self.errors) < ERROR_LIMIT:
            self.errors.append(problem)

    def numbers(self, i: int) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
        """The i-th figure's numerator, denominator and value."""
        return _decimal(self.numerators[i]), _decimal(self.denominators[i]), _decimal(self.values[i])

    def listed(self) -> list[CheckedFigure]:
        """The checked figures one by one (for a small file, or a test)."""
        return [
            CheckedFigure(
                self.rows[i],
                self.measures[self.measure_ids[i]].code,
                self.periods[i].code,
                *self.numbers(i),
                self.reasons[i],
                self.notes[i],
            )
            for i in range(len(self))
        ]

    def figure(self, i: int) -> Decimal | None:
        """The i-th figure's value: numerator / denominator x multiplier, or the value as given."""
        measure = self.measures[self.measure_ids[i]]
        return rules.measure_value(*self.numbers(i)[:2], measure.multiplier, _decimal(self.values[i]))

    def reason_only(self, i: int) -> bool:
        return self.values[i] is None and self.numerators[i] is None and bool(self.reasons[i])

    def parts(self, i: int) -> rules.FigureParts:
        return rules.FigureParts(*self.numbers(i), self.reasons[i])

    def same_as(self, i: int, point: DataPoint) -> bool:
        """Whether the i-th figure is the one held: the one comparison every import makes."""
        held = rules.FigureParts(point.numerator, point.denominator, point.value, point.no_value_reason)
        multiplier = self.measures[self.measure_ids[i]].multiplier
        return rules.same_figure(held, self.parts(i), multiplier, inexact=bool(self.inexact[i]))


def _unit(measure: Measure) -> Unit:
    return Unit(measure.unit, measure.unit_label, measure.people_noun)


def check_extract(table: Table, catalogue: dict[str, Measure] | None = None) -> Extract:
    """Check every record of the table, keeping each problem with its place (sheet, cell, row, measure)."""
    if catalogue is None:
        catalogue = {m.code.lower(): m for m in Measure.objects.all()}
    result = Extract(table)
    figure_keys = array("Q")  # measure and period of each figure kept, to find any given twice
    period_slots: dict[periods.Period, int] = {}
    period_cache: dict[tuple, periods.Period | str] = {}
    units: dict[int, tuple[Unit, periods.PeriodKind]] = {}
    wide = table.layout == "wide"
    no_unit = Unit("count")

    for record in table.records:
        code = record.code.strip() if isinstance(record.code, str) else "" if record.code is None else str(record.code)
        measure = catalogue.get(code.lower()) if code else None
        if measure is None and not _has_cells(record) and (not code or not wide):
            continue  # a blank row, or a section heading ("Safeguarding") with nothing else in the row
        problems: list[tuple[str, str]] = []  # (field, what is wrong and what to do)
        if not code:
            problems.append(("code", "the measure code is blank: give the code the catalogue knows the measure by"))
        elif measure is None:
            problems.append(
                ("code", f'"{code}" is not a measure in the catalogue: correct the code, or add the measure first')
            )

        if measure is not None:
            known = units.get(measure.id)
            if known is None:
                known = units[measure.id] = (_unit(measure), measure.period_kind)
            unit, kind = known
        else:
            unit, kind = no_unit, None
        raw_period = record.period.strip() if isinstance(record.period, str) else record.period
        period = period_cache.get((raw_period, kind))
        if period is None:
            try:
                period = periods.parse_period("" if raw_period is None else raw_period, kind)
                result.distinct_periods.add(period)
            except ValueError as problem:
                period = f"{problem}: write the period as 2024-09 or Sep 24 (a month), 2024/25 Q2 or 2024/25"
            period_cache[(raw_period, kind)] = period
        if period.__class__ is str:
            problems.append(("period", period))
            period = None
        elif measure and period.kind is not kind and period.kind is not periods.PeriodKind.YEAR:
            # A whole year is allowed beside monthly or quarterly figures: last year's outturn, the
            # baseline an integrated performance report compares with.
            problems.append(
                ("period", f"{period.code} is a {period.kind} but {measure.code} is reported {measure.frequency}")
            )
            period = None

        numerator = denominator = value = None
        reason = note = ""
        unreadable = inexact = False
        try:
            numerator = read_count(record.numerator, record.count_format)
        except CellProblem as problem:
            problems.append(("numerator", str(problem)))
            unreadable = True
        try:
            denominator = read_count(record.denominator, record.count_format)
        except CellProblem as problem:
            problems.append(("denominator", str(problem)))
            unreadable = True
        try:
            reading = read_figure(record.value, record.value_format, unit, words_are_reasons=wide)
            value, reason, note, inexact = reading.value, reading.reason, reading.note, reading.inexact
        except CellProblem as problem:
            problems.append(("value", str(problem)))
            unreadable = True
        if record.note:
            try:
                written = clean_text(record.note, "note", NOTE_LENGTH)
            except CellProblem as problem:
                problems.append(("note", str(problem)))
                written, unreadable = "", True
            note = f"{note}; {written}" if note and written else note or written

        if (
            value is not None
            and measure is not None
            and unit.kind == "count"
            and measure.decimal_places == 0
            and value != value.to_integral_value()
        ):
            problems.append(
                (
                    "value",
                    f"{value} is not a whole number, but {measure.code} counts "
                    f"{measure.people_noun or 'people'} in whole numbers: give the count itself (a count shown "
                    "with decimals, such as thousands of visits, has decimal places set in the catalogue)",
                )
            )
        if numerator is not None or denominator is not None or record.multiplier:
            problems += _figure_problems(measure, numerator, denominator, value, record.multiplier, unit, unreadable)
        if numerator is None and value is None and not reason:
            reason, note = note, ""
            if not reason and not unreadable and not problems and not _has_figure_cells(record):
                result.not_yet.append((record.row, measure, period))  # a template row not filled in yet
                continue
            if not reason and not unreadable:
                problems.append(("value", "there is no figure: give one, or say why there is none in the note"))
        if len(reason) > REASON_LENGTH:
            problems.append(
                (
                    "note",
                    f"the reason for having no figure is {len(reason):,} characters; the most is {REASON_LENGTH}: "
                    "shorten it",
                )
            )
        if problems:
            for field_name, message in problems:
                result.refuse(Problem(message, code=code, **table.where(record, field_name)))
            continue
        has_value = numerator is not None or value is not None
        if record.area is not None and area_figures.area_text(record.area):
            given = value if numerator is None else None
            parts = rules.FigureParts(numerator, denominator, given, "" if has_value else reason)
            note_kept = note if has_value else ""
            result.pending_areas.append(
                area_figures.Pending(
                    record.row,
                    measure,
                    period,
                    area_figures.area_text(record.area),
                    parts,
                    note_kept,
                    inexact and numerator is None,
                )
            )
            continue
        result.measures[measure.id] = measure
        figure_keys.append(measure.id << 20 | period_slots.setdefault(period, len(period_slots)))
        result.rows.append(record.row)
        result.measure_ids.append(measure.id)
        result.periods.append(period)
        result.numerators.append(_text(numerator))
        result.denominators.append(_text(denominator))
        result.values.append(_text(value) if numerator is None else None)
        result.reasons.append("" if has_value else reason)
        result.notes.append(note if has_value else "")
        result.inexact.append(1 if inexact and numerator is None else 0)
    _refuse_figures_given_twice(result, figure_keys)
    if result.pending_areas:
        result.by_area = area_figures.resolve(
            result.pending_areas, lambda row, name: table.where(_AtRow(row), name), result.refuse
        )
        result.pending_areas = []
        result.errors.sort(key=lambda p: p.row or 0)
    return result


def _refuse_figures_given_twice(result: Extract, keys: array) -> None:
    """Each measure and period once: found by sorting the figures' keys (a dictionary of a million rows
    would cost far more memory)."""
    if len(keys) < 2:
        return
    import numpy

    found = numpy.frombuffer(keys, dtype=numpy.uint64)
    order = numpy.argsort(found, kind="stable")
    repeats = numpy.nonzero(found[order][1:] == found[order][:-1])[0]
    first_of = {}
    for position in repeats:
        first, again = int(order[position]), int(order[position + 1])
        first = first_of.setdefault(int(found[first]), first)
        measure = result.measures[result.measure_ids[again]]
        period = result.periods[again]
        result.refuse(
            Problem(
                f"{measure.code} {period.code} is already in row {result.rows[first]}: give each figure once",
                code=measure.code,
                **result.table.where(_AtRow(result.rows[again]), "period"),
            )
        )
    result.errors.sort(key=lambda p: p.row or 0)


class _AtRow:
    """Stands for a record when only its row is known (a long-format problem's place)."""

    def __init__(self, row: int):
        self.row, self.cell, self.column = row, "", ""


def _text(number: Decimal | None) -> str | None:
    return None if number is None else str(number)


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _figure_problems(measure, numerator, denominator, value, multiplier, unit, unreadable) -> list[tuple[str, str]]:
    """What is wrong with a figure given as a numerator and a denominator (or a wide cell's multiplier)."""
    problems = []
    if measure and multiplier and Decimal(multiplier) != measure.multiplier:
        problems.append(
            (
                "value",
                f"the cell multiplies by {multiplier} but {measure.code} is per "
                f"{formatting.format_number(measure.multiplier, 0)}: correct the multiplier",
            )
        )
    if numerator is not None and denominator is None and not unreadable:
        problems.append(("denominator", "a numerator needs a denominator"))
    if numerator is None and denominator is not None and value is None and not unreadable:
        problems.append(("numerator", "a denominator with no numerator needs a value"))
    if denominator is not None and denominator == 0:
        problems.append(("denominator", "the denominator is zero: a figure cannot be worked out from it"))
    if denominator is not None and denominator < 0:
        problems.append(("denominator", "the denominator is negative"))
    if measure and numerator is not None and denominator and unit.is_percentage and numerator > denominator:
        problems.append(("numerator", f"{numerator} is more than the denominator {denominator}, so it is over 100%"))
    if measure and numerator is not None and denominator and value is not None:
        computed = rules.measure_value(numerator, denominator, measure.multiplier)
        places = measure.decimal_places
        if rules.round_half_up(computed, places) != rules.round_half_up(value, places):
            problems.append(
                (
                    "value",
                    f"{value} disagrees with {numerator} / {denominator}, which gives "
                    f"{formatting.format_value(computed, measure.unit, places)}",
                )
            )
    return problems


def _has_figure_cells(record: Record) -> bool:
    return record.multiplier or any(
        v is not None and (not isinstance(v, str) or v.strip())
        for v in (record.numerator, record.denominator, record.value, record.note)
    )


def _has_cells(record: Record) -> bool:
    return any(
        v is not None and (not isinstance(v, str) or v.strip())
        for v in (record.period, record.numerator, record.denominator, record.value, record.note)
    )


def default_reporting_period(extract: Extract) -> periods.Period:
    """The month of the latest period in the file with a figure (a survey year that is still running
    and only says "Due June 2022" does not move it)."""
    with_figures = {extract.periods[i] for i in range(len(extract)) if not extract.reason_only(i)} or set(
        extract.periods
    )
    with_figures |= set(extract.by_area.periods)
    latest = max(period.end for period in with_figures)
    return periods.Period.containing(periods.PeriodKind.MONTH, latest)


def resolve_reporting_period(extract: Extract, reporting_period: periods.Period | None) -> periods.Period:
    if not extract.ok:
        count = extract.error_count
        raise FileError(f"The file has {formatting.counted(count, 'problem')}; nothing was imported.")
    if not len(extract) and not len(extract.by_area):
        if extract.not_yet:
            raise FileError(
                f"The file has no figures yet: its {formatting.counted(len(extract.not_yet), 'row')} naming a "
                "measure and a period are empty. Fill in at least one figure, or a reason there is none."
            )
        raise FileError(
            "The file has no figures yet: every figure cell is empty. Fill in at least one figure, or a reason "
            "there is none."
        )
    reporting = reporting_period or default_reporting_period(extract)
    if reporting.kind is not periods.PeriodKind.MONTH:
        raise FileError("The reporting period must be a month, e.g. 2024-09.")
    early = periods.not_started(reporting, timezone.localdate())
    if early:
        raise FileError(f"The scorecard month: {early}. Nothing was imported.")
    # A period still running at the end of the reporting month may carry a reason ("Due June 2022")
    # but not a figure; a period that has not started may carry nothing.
    late = {period for period in extract.distinct_periods if period.end > reporting.end}
    for i, period in enumerate(extract.periods):
        if period in late and (period.start > reporting.end or not extract.reason_only(i)):
            measure = extract.measures[extract.measure_ids[i]]
            if period.start > reporting.end:
                problem = (
                    f"{period.code} starts after the reporting month {reporting.code}: take it out, or choose a "
                    "later scorecard month"
                )
            else:
                problem = (
                    f"{period.code} ends after the reporting month {reporting.code}, so it can only give "
                    "the reason there is no figure yet (for example 'Due June 2022')"
                )
            raise FileError(f"Row {extract.rows[i]} ({measure.code}): {problem}.")
    for i, period in enumerate(extract.by_area.periods):
        if period.end > reporting.end:
            code = extract.by_area.measures[i].code
            raise FileError(
                f"Row {extract.by_area.rows[i]} ({code}, {extract.by_area.areas[i].name}): {period.code} ends after "
                f"the reporting month {reporting.code}: figures by area are given for periods that have ended."
            )
    return reporting


def held_figures(extract: Extract, reporting: periods.Period) -> dict[tuple[int, str], DataPoint]:
    """The figure held for each (measure, period) in the file as of the reporting month, in one query.
    Later months' revisions are not compared: re-sending an old month's file changes nothing."""
    return held_as_of(list(extract.measures), {period.code for period in extract.distinct_periods}, reporting)


def held_as_of(measure_ids, codes, reporting: periods.Period) -> dict[tuple[int, str], DataPoint]:
    """The figure held for each of these measures and period codes as of the reporting month (its latest
    revision up to then), by (measure id, period code), in one query."""
    latest: dict[tuple[int, str], DataPoint] = {}
    points = (
        DataPoint.objects.filter(
            measure_id__in=list(measure_ids),
            period__code__in=codes,
            revision__reporting_period__end__lte=reporting.end,
        )
        .select_related("period")
        .only("measure_id", "revision_id", "numerator", "denominator", "value", "no_value_reason", "period__code")
        .order_by("revision__reporting_period__start", "revision_id")
    )
    for point in points.iterator(chunk_size=20000):
        latest[(point.measure_id, point.period.code)] = point
    return latest


@dataclass
class Classified:
    """Each checked figure against the figure held as of the reporting month."""

    reporting: periods.Period
    statuses: bytearray  # per figure: 0 unchanged, 1 new, 2 revised
    held: dict[tuple[int, str], DataPoint]

    def count(self, status: int) -> int:
        return self.statuses.count(status)

    @property
    def new(self) -> int:
        return self.count(NEW)

    @property
    def revised(self) -> int:
        return self.count(REVISED)

    @property
    def unchanged(self) -> int:
        return self.count(UNCHANGED)


UNCHANGED, NEW, REVISED = 0, 1, 2
STATUS_NAMES = {UNCHANGED: "unchanged", NEW: "new", REVISED: "revised"}


def classify(extract: Extract, reporting: periods.Period) -> Classified:
    area_figures.classify(extract.by_area, reporting)
    held = held_figures(extract, reporting)
    statuses = bytearray(len(extract))
    for i in range(len(extract)):
        point = held.get((extract.measure_ids[i], extract.periods[i].code))
        statuses[i] = NEW if point is None else UNCHANGED if extract.same_as(i, point) else REVISED
    return Classified(reporting, statuses, held)
