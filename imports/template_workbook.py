"""Downloadable templates, pre-filled with the catalogue's measures: a council-style workbook (a title and
a source line above the headings, the measures under their scorecard sections, percentages as Excel
percentage cells) and plain CSV. The upload reads them back exactly as filled in."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.utils import timezone

from indicators.formatting import spreadsheet_safe as safe_cell
from indicators.models import Measure, Scorecard, ScorecardMeasure
from indicators.periods import Period, PeriodKind

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KIND = {"monthly": PeriodKind.MONTH, "quarterly": PeriodKind.QUARTER}


def recent_months(today: dt.date | None = None, count: int = 3) -> list[Period]:
    """The last `count` months that have ended."""
    today = today or timezone.localdate()
    latest = Period.containing(PeriodKind.MONTH, today).previous()
    return [latest.shifted(-i) for i in reversed(range(count))]


def sections(scorecard: Scorecard | None = None) -> list[tuple[str, list[Measure]]]:
    """Every measure once, under the first scorecard section it appears in, the rest at the end; or
    only `scorecard`'s measures, under its own sections in its order."""
    if scorecard is not None:
        groups: dict[str, list[Measure]] = {}
        for entry in scorecard.entries.select_related("measure", "section").order_by("order"):
            groups.setdefault(entry.section.title, []).append(entry.measure)
        return list(groups.items())
    placed: dict[int, str] = {}
    groups: dict[str, list[Measure]] = {}
    entries = ScorecardMeasure.objects.select_related("measure", "section", "scorecard").order_by(
        "scorecard__title", "order"
    )
    for entry in entries:
        if entry.measure_id in placed:
            continue
        title = f"{entry.scorecard.title}: {entry.section.title}"
        placed[entry.measure_id] = title
        groups.setdefault(title, []).append(entry.measure)
    others = list(Measure.objects.exclude(id__in=placed).order_by("code"))
    if others:
        groups["Other measures"] = others
    return list(groups.items())


def rows(layout: str, scorecard: Scorecard | None = None, month: Period | None = None) -> list[list[object]]:
    """The plain table (CSV): headings, then a row per measure."""
    months = columns(scorecard, month)
    measures = [m for _, group in sections(scorecard) for m in group]
    if layout == "long":
        header = ["code", "period", "numerator", "denominator", "value", "note"]
        latest = month or months[-1]
        body = [[m.code, _latest(m, latest).code, "", "", "", ""] for m in measures]
        return [header, *body]
    header = ["code", "title", *(m.label for m in months)]
    return [header, *([m.code, m.title, *([""] * len(months))] for m in measures)]


def columns(scorecard: Scorecard | None, month: Period | None) -> list[Period]:
    """A wide template's period columns: the last three months, or the one period `scorecard` reports
    at `month` (its quarter, for a quarterly scorecard)."""
    if month is None:
        return recent_months()
    kind = scorecard.period_kind if scorecard else PeriodKind.MONTH
    return [month if kind is PeriodKind.MONTH else month.latest_of_kind(kind)]


def _latest(measure: Measure, month: Period) -> Period:
    kind = KIND.get(measure.frequency, PeriodKind.YEAR)
    return month if kind is PeriodKind.MONTH else month.latest_of_kind(kind)


def number_format(measure: Measure) -> str:
    """How the cell shows the figure: a percentage as an Excel percentage (0.381 shown as 38.1%)."""
    places = "." + "0" * measure.decimal_places if measure.decimal_places else ""
    if measure.unit == Measure.Unit.PERCENTAGE:
        return f"0{places}%"
    return f"#,##0{places}"


def workbook(layout: str, scorecard: Scorecard | None = None, month: Period | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    months = columns(scorecard, month)
    title = scorecard.title if scorecard else "Adult Social Care performance"
    span = months[0].long_label if len(months) == 1 else f"{months[0].long_label} to {months[-1].long_label}"
    book = Workbook()
    sheet = book.active
    sheet.title = "Figures"
    heading = (
        ["Ref", "Measure", "Unit", *(m.label for m in months), "Notes"]
        if layout == "wide"
        else ["Ref", "Measure", "Period", "Numerator", "Denominator", "Value", "Notes"]
    )
    sheet.append([safe_cell(f"{title}: figures for {span}")])
    sheet.append(
        [
            "Source: the case management system. Fill in the figures and upload this workbook as it is: "
            "percentages may be typed as 38.1%, a reason for having no figure as words. A row left empty is "
            "listed as having no figure yet."
        ]
    )
    sheet.append([])
    sheet.append(heading)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(heading))
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(heading))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"].alignment = Alignment(wrap_text=True)
    sheet.row_dimensions[2].height = 30
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    section_fill = PatternFill("solid", fgColor="DDDDDD")
    for heading_text, measures in sections(scorecard):
        sheet.append([safe_cell(heading_text)])
        sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=len(heading))
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
        sheet.cell(sheet.max_row, 1).fill = section_fill
        for measure in measures:
            unit = measure.unit_label or measure.get_unit_display()
            if layout == "wide":
                sheet.append(
                    [safe_cell(measure.code), safe_cell(measure.title), safe_cell(unit), *([None] * len(months)), None]
                )
                for column in range(4, 4 + len(months)):
                    sheet.cell(sheet.max_row, column).number_format = number_format(measure)
            else:
                period = _latest(measure, month or months[-1]).code
                sheet.append([safe_cell(measure.code), safe_cell(measure.title), period, None, None, None, None])
                sheet.cell(sheet.max_row, 6).number_format = number_format(measure)
    for column, width in zip("ABC", (14, 60, 18), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "C5"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def build(layout: str, fmt: str, scorecard: Scorecard | None = None, month: Period | None = None) -> tuple[bytes, str]:
    """The template: every measure for the last three months, or one scorecard's measures for one month."""
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer).writerows([[safe_cell(cell) for cell in row] for row in rows(layout, scorecard, month)])
        return buffer.getvalue().encode("utf-8-sig"), CSV_TYPE
    return workbook(layout, scorecard, month), XLSX_TYPE
