"""Downloadable extract templates, pre-filled with the catalogue's codes."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.utils import timezone

from indicators.formatting import spreadsheet_safe as safe_cell
from indicators.models import Measure
from indicators.periods import Period, PeriodKind

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def recent_months(today: dt.date | None = None, count: int = 3) -> list[Period]:
    """The last `count` months that have ended."""
    today = today or timezone.localdate()
    latest = Period.containing(PeriodKind.MONTH, today).previous()
    return [latest.shifted(-i) for i in reversed(range(count))]


def rows(layout: str) -> list[list[object]]:
    measures = list(Measure.objects.order_by("code").values_list("code", "title", "frequency"))
    months = recent_months()
    if layout == "long":
        header = ["code", "period", "numerator", "denominator", "value", "note"]
        body = []
        for code, _title, frequency in measures:
            kind = {"monthly": PeriodKind.MONTH, "quarterly": PeriodKind.QUARTER}.get(frequency, PeriodKind.YEAR)
            body.append(
                [
                    code,
                    months[-1].latest_of_kind(kind).code if kind is not PeriodKind.MONTH else months[-1].code,
                    "",
                    "",
                    "",
                    "",
                ]
            )
        return [header, *body]
    header = ["code", "title", *(m.label for m in months)]
    return [header, *([code, title, *([""] * len(months))] for code, title, _f in measures)]


def build(layout: str, fmt: str) -> tuple[bytes, str]:
    table = [[safe_cell(cell) for cell in row] for row in rows(layout)]
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer).writerows(table)
        return buffer.getvalue().encode("utf-8-sig"), CSV_TYPE
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Extract"
    for row in table:
        sheet.append(row)
    for column, width in zip("ABCDEF", (14, 60 if layout == "wide" else 14, 14, 14, 14, 30), strict=False):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "B2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), XLSX_TYPE
