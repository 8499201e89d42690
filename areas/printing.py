"""The breakdown by area on a measure's page of the scorecard PDF: the sentence, the map (SVG, so it
prints) with its key and attribution, and the table. Registered with `scorecard.hooks`."""

from __future__ import annotations

from django.template.loader import render_to_string

from scorecard import queries

from . import drawing
from .breakdown import for_row


def pdf_sections(report, staff: bool) -> dict[int, str]:
    """Each measure of the report with figures by area, as the HTML its PDF page prints. One query for
    the measures with figures by area, then two for each of them. Counts under 6 are withheld whoever
    prints it (`staff` is unused): committee papers go to councillors."""
    with_figures = queries.measures_by_area(report.period, report.cycle)
    found = {}
    for row in report.rows:
        if row.measure.id not in with_figures:
            continue
        breakdown = for_row(report, row, False)
        if breakdown is not None:
            found[row.measure.id] = render_to_string(
                "areas/_pdf_breakdown.html",
                {"row": row, "breakdown": breakdown, "area_map": drawing.area_map(breakdown)},
            )
    return found
