"""The client-level figures written into the catalogue: each measure that names a client-level measure and
group (`client_level_code`, `client_level_group` in the definitions file) gets them as an extract of
figures, through the same check and commit as every other figure. So scorecards, the ASCOF appendix, SPC,
benchmarking, PDFs and the API show them, a published month keeps what it showed, a figure as held
already makes no revision, and the next quarter's submission revises the last, as DHSC does. A figure
that would give away fewer than 6 people is written as no figure, with the reason (`suppression`).

Figures by area of residence go in the same extract, one row per area (the extract's area column), for
the areas whose boundaries are in force in the quarter; their counts are kept whole and withheld under 6
wherever anyone but an officer reads them (`areas.breakdown`), as every figure by area is."""

from __future__ import annotations

import csv
import io

from imports import by_area as area_figures
from imports import services
from imports.models import Upload
from indicators import periods, suppression
from indicators.models import Area, BoundaryRelease, Measure

from .by_area import SPECIAL
from .models import QuarterFigure

HEADINGS = ["code", "period", "area", "numerator", "denominator", "note"]


def releases_of(figures: list[QuarterFigure]) -> dict[str, list[BoundaryRelease]]:
    """{area code: the releases with an area of that code on the map}, for the figures' areas, in one
    query."""
    codes = {f.area for f in figures if f.area and f.area not in SPECIAL}
    found: dict[str, list[BoundaryRelease]] = {}
    for area in Area.objects.filter(code__in=codes, kind=Area.Kind.MAPPED).select_related("release"):
        found.setdefault(area.code, []).append(area.release)
    return found


def rows(figures: list[QuarterFigure], measures: list[Measure]) -> list[list[str]]:
    """The long-layout rows for the linked measures: each quarter for a quarterly measure, the quarter's
    last month for a monthly one (the 12 months to it), and the year to 31 March for an annual one. A
    measure's figures by area are given for a quarter only where every area people live in is on
    boundaries in force then (else the breakdown would mix boundaries), with 'Not known' and 'Outside
    the council' beside them."""
    linked: dict[tuple[str, str], list[Measure]] = {}
    for measure in measures:
        linked.setdefault((measure.client_level_code.upper(), measure.client_level_group), []).append(measure)
    releases = releases_of(figures)
    areas: dict[tuple, list[str]] = {}  # (quarter end, code, group): its areas on the map
    for f in figures:
        if f.area and f.area not in SPECIAL:
            areas.setdefault((f.quarter_end, f.code, f.group), []).append(f.area)
    mapped: dict[tuple, bool] = {}  # (measure, quarter end, code, group): every area of it in force

    def on_the_map(measure: Measure, figure: QuarterFigure) -> bool:
        """By the extract's own rule (`imports.by_area.in_force`), on the measure's own period."""
        key = (measure.id, figure.quarter_end, figure.code, figure.group)
        if key not in mapped:
            period = periods.parse_period(figure.quarter_end.isoformat(), measure.period_kind)
            codes = areas.get(key[1:], [])
            mapped[key] = bool(codes) and all(
                any(area_figures.in_force(release, period) for release in releases.get(code, [])) for code in codes
            )
        return mapped[key]

    out = []
    for figure in sorted(figures, key=lambda f: (f.quarter_end, f.code, f.group, f.area)):
        for measure in linked.get((figure.code.upper(), figure.group), []):
            if measure.frequency == Measure.Frequency.ANNUAL and figure.quarter_end.month != 3:
                continue
            if figure.denominator is None:
                continue  # a rate whose population is not loaded: no figure to give
            if figure.area and not on_the_map(measure, figure):
                continue  # no area on the map in force: no breakdown
            note = f"Worked out from client-level data to {figure.quarter_end:%-d %B %Y}"
            period = figure.quarter_end.isoformat()
            if figure.area:
                area = SPECIAL.get(figure.area, figure.area)
                out.append([measure.code, period, area, str(figure.numerator), str(figure.denominator), note])
            elif suppression.suppressed(figure.numerator, figure.denominator, figure.per):
                out.append([measure.code, period, "", "", "", f"{suppression.REASON} ({note[0].lower()}{note[1:]})"])
            else:
                out.append([measure.code, period, "", str(figure.numerator), str(figure.denominator), note])
    return out


def write(figures: list[QuarterFigure], user=None) -> Upload | None:
    """The figures of the linked measures kept as a revision (None when no measure is linked). Raises
    FileError, keeping nothing, when the catalogue refuses them."""
    linked = list(Measure.objects.exclude(client_level_code=""))
    table = rows(figures, linked)
    if not table:
        return None
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(HEADINGS)
    writer.writerows(table)
    last = max(f.quarter_end for f in figures)
    return services.take_file(
        text.getvalue().encode(),
        f"client-level-figures-to-{last.isoformat()}.csv",
        kind=Upload.Kind.EXTRACT,
        user=user,
        source=Upload.Source.CLIENT_LEVEL,
    )
