"""Downloads for committee papers and analysts: CSV, Excel and PDF of a scorecard period. Built from the
same report as the pages, so the figures cannot disagree. Text cells are made formula-safe."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from indicators.formatting import excel_number_format, plain_number, spreadsheet_safe

from . import hooks
from .reports import ScorecardReport

HEADER = [
    "Section",
    "Number",
    "Code",
    "Measure",
    "Status",
    "Status set by",
    "Status reason",
    "Target",
    "Last period",
    "Last period figure (as reported)",
    "Last period recalculated",
    "This period",
    "This period figure",
    "Numerator",
    "Denominator",
    "No figure because",
    "Direction of travel",
    "Year-end forecast",
    "Quartile",
    "Unit",
    "Decimal places",
]


def _number(value: Decimal | None):
    return None if value is None else float(value)


def export_rows(report: ScorecardReport) -> list[list]:
    rows = []
    for row in report.rows:
        current, previous, recalculated = row.current, row.previous, row.previous_recalculated
        rows.append(
            [
                row.section_title,
                row.number,
                row.measure.code,
                row.measure.title,
                row.status.status.value,
                {"manual": "judgement", "rule": "target rule", "none": "no target"}[row.status.source],
                row.status.reason,
                row.target_display,
                previous.period.label if previous else "",
                _number(previous.value) if previous else None,
                _number(recalculated.value) if recalculated else None,
                current.period.label if current else "",
                _number(current.value) if current else None,
                _number(current.numerator) if current else None,
                _number(current.denominator) if current else None,
                current.no_value_reason if current and current.value is None else "",
                row.travel_display,
                _number(row.forecast),
                row.quartiles.quartile_label if row.quartiles else "",
                row.measure.unit,
                row.measure.decimal_places,
            ]
        )
    return rows


def edition_line(report: ScorecardReport) -> str:
    """'Version 2, corrected on 3 November 2024: …' for a corrected period; empty otherwise."""
    if report.edition is None or not report.editions or len(report.editions) == 1:
        return ""
    shown = report.edition
    line = f"Version {shown.number} of {len(report.editions)}"
    if shown.is_correction:
        line += f", corrected on {shown.published_at:%d %B %Y}: {shown.note}"
    else:
        line += f", first published on {shown.published_at:%d %B %Y}"
    return line


def _plain(value):
    """A number as it is held, without the store's trailing zeros (97.00000000 is 97, 22.450 is 22.45)."""
    return plain_number(value) if isinstance(value, Decimal) else value


def chart_csv(row, chart: str, shown: str = "all") -> bytes:
    """The figures of one measure's chart, as its table beside the chart holds them, in full precision:
    the year's chart (period, reported, recalculated, each target line) or the XmR chart (period, figure,
    mean, limits, reading) for the range shown."""
    from . import charts  # plotly is only loaded for the charts themselves

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if chart == "xmr":
        writer.writerow(["period", "figure", "mean", "lower_limit", "upper_limit", "reading", "note"])
        for point in charts.spc_points(row, shown):
            numbers = [_plain(v) for v in (point.value, point.mean, point.lower, point.upper)]
            cells = [point.period.code, *numbers, point.type, point.note]
            writer.writerow(["" if cell is None else spreadsheet_safe(cell) for cell in cells])
    else:
        table = charts.year_table(row)
        names = [name.lower().replace(" ", "_") for name in table["targets"]]
        writer.writerow(["period", "reported", "recalculated", *names])
        for point, targets in table["rows"]:
            recalculated = point.latest.value if point.recalculated else None
            cells = [point.period.code, *(_plain(v) for v in (point.reported.value, recalculated, *targets))]
            writer.writerow(["" if cell is None else spreadsheet_safe(cell) for cell in cells])
    return buffer.getvalue().encode("utf-8-sig")


def to_csv(report: ScorecardReport) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for row in export_rows(report):
        writer.writerow(["" if cell is None else spreadsheet_safe(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(report: ScorecardReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Scorecard"
    sheet.append([spreadsheet_safe(f"{report.scorecard.title}, {report.period.long_label}")])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([spreadsheet_safe(edition_line(report))])
    sheet.append(HEADER)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    figure_columns = [
        HEADER.index(name) + 1
        for name in (
            "Last period figure (as reported)",
            "Last period recalculated",
            "This period figure",
            "Year-end forecast",
        )
    ]
    for values in export_rows(report):
        sheet.append([spreadsheet_safe(cell) for cell in values])
        number_format = excel_number_format(values[-2], values[-1])
        for column in figure_columns:
            sheet.cell(row=sheet.max_row, column=column).number_format = number_format
    sheet.freeze_panes = "E4"
    for column, width in zip("ABCDEFGH", (28, 8, 12, 60, 9, 12, 30, 18), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class PdfChoices:
    """What a PDF holds: the whole scorecard with a page per measure, or the summary table alone (for a
    committee appendix); a monthly grid prints `months` months as the page shows them."""

    summary_only: bool = False
    months: int = 12

    @property
    def key(self) -> str:
        return f"{int(self.summary_only)}-{self.months}"


def to_pdf(
    report: ScorecardReport, base_url: str, show_drafts: bool = False, choices: PdfChoices = PdfChoices()
) -> bytes:
    """A4 landscape, headed with the period and "Draft" until the period is published: the scorecard
    laid out as on screen (the monthly grid as a grid), then, unless only the summary is asked for, each
    measure's figures and commentary. Draft commentary is printed only for staff."""
    from weasyprint import HTML

    grid = report.scorecard.layout == report.scorecard.Layout.MONTHLY_GRID
    context = {
        "report": report,
        "draft": not report.is_published,
        "rows": report.rows,
        "show_drafts": show_drafts,
        "summary_only": choices.summary_only,
        "grid": grid,
        "grid_months": [report.period.value.shifted(-i) for i in reversed(range(choices.months))] if grid else [],
    }
    sections = [section(report, show_drafts) for section in hooks.pdf_sections]
    context["measure_pages"] = [
        (row, [mark_safe(found[row.measure.id]) for found in sections if row.measure.id in found])
        for row in report.rows
    ]
    html = render_to_string("scorecard/pdf.html", context)
    # PDF/UA-1: tagged (headings, tables, lists), with the document language and title, for screen readers
    return HTML(string=html, base_url=base_url).write_pdf(pdf_variant="pdf/ua-1")


FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def download_key(report: ScorecardReport, fmt: str, show_drafts: bool, pdf: PdfChoices = PdfChoices()) -> str:
    """What a download is kept under: the scorecard, period, version shown, data version, reader and variant."""
    edition = report.edition.number if report.edition else 0
    key = f"download:{fmt}:{report.scorecard.pk}:{report.period.pk}:{edition}:{report.cache_key}:{int(show_drafts)}"
    return key + (f":{pdf.key}" if fmt == "pdf" else "")


def kept_download(report: ScorecardReport, fmt: str, show_drafts: bool, pdf: PdfChoices = PdfChoices()):
    """The download already made for this data version and variant, or None."""
    return cache.get(download_key(report, fmt, show_drafts, pdf)) if report.version else None


def download(
    report: ScorecardReport, fmt: str, base_url: str, show_drafts: bool, pdf: PdfChoices = PdfChoices()
) -> bytes:
    """The scorecard in one of `FORMATS`, made once per data version and kept in the cache (a PDF costs
    seconds of work; the same month is downloaded many times)."""
    key = download_key(report, fmt, show_drafts, pdf)
    content = cache.get(key) if report.version else None
    if content is None:
        if fmt == "csv":
            content = to_csv(report)
        elif fmt == "xlsx":
            content = to_xlsx(report)
        else:
            content = to_pdf(report, base_url, show_drafts, pdf)
        if report.version:
            cache.set(key, content, timeout=24 * 60 * 60)
    return content
