"""An area's profile: every measure broken down for it, as a councillor elected for a ward or a seat
would look it up: each measure's latest figure for the area on each scorecard the reader may open,
beside the council's, compared in Fingertips' words."""

from __future__ import annotations

from dataclasses import dataclass

from indicators.models import Area, AreaFigure
from scorecard import queries

from .breakdown import AreaRow, area_row, council_name


@dataclass(frozen=True)
class ProfileRow:
    scorecard: object
    period: object  # the scorecard period (StoredPeriod)
    row: object  # the scorecard's row of the measure
    area: AreaRow


def find_area(area_type: str, code: str) -> Area | None:
    """The area of that kind and code on the latest boundaries that hold it."""
    return (
        Area.objects.filter(release__area_type__slug=area_type, code=code, kind=Area.Kind.MAPPED)
        .select_related("release", "release__area_type")
        .order_by("-release__valid_from")
        .first()
    )


def profile(area: Area, staff: bool, small: bool = False) -> list[ProfileRow]:
    """Each measure with a figure for the area, on each scorecard the reader may open, at its latest
    period the reader may see: one query for the area's figures, then each scorecard's report (kept)."""
    figures = list(
        AreaFigure.objects.filter(area=area)
        .select_related("area", "area__release", "period", "revision")
        .order_by("revision__reporting_period__start", "revision_id")
    )
    if not figures:
        return []
    found = []
    for scorecard, held, _published in queries.list_scorecards(drafts=staff):
        if not held:
            continue
        reading = queries.reading(scorecard.slug, drafts=staff)
        if not reading.periods:
            continue
        period = reading.periods[0]
        report = queries.report_for_reading(reading, period)
        cycle = report.cycle
        published_at = cycle.published_at if cycle is not None and cycle.is_published else None
        usable = [
            f
            for f in figures
            if f.revision.reporting_period.end <= period.end
            and (published_at is None or f.revision.created_at <= published_at)
        ]
        if not usable:
            continue
        chosen = {(f.measure_id, f.period.code): f for f in usable}  # the latest revision of each
        council = council_name(report)
        for row in report.rows:
            figure = chosen.get((row.measure.id, row.current.period.code)) if row.current else None
            if figure is None:
                continue
            shown = area_row(figure, row.measure, row.current.value, council, small)
            found.append(ProfileRow(report.scorecard, period, row, shown))
    return found
