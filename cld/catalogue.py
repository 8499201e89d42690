"""The client-level figures written into the catalogue: each measure that names a client-level measure and
group (`client_level_code`, `client_level_group` in the definitions file) gets them as an extract of
figures, through the same check and commit as every other figure. So scorecards, the ASCOF appendix, SPC,
benchmarking, PDFs and the API show them, a published month keeps what it showed, a figure as held
already makes no revision, and the next quarter's submission revises the last, as DHSC does. A figure
that would give away fewer than 6 people is written as no figure, with the reason (`suppression`)."""

from __future__ import annotations

import csv
import io

from imports import services
from imports.models import Upload
from indicators.models import Measure

from . import suppression
from .models import QuarterFigure


def rows(figures: list[QuarterFigure], measures: list[Measure]) -> list[list[str]]:
    """The long-layout rows for the linked measures: each quarter for a quarterly measure, the quarter's
    last month for a monthly one (the 12 months to it), and the year to 31 March for an annual one."""
    linked: dict[tuple[str, str], list[Measure]] = {}
    for measure in measures:
        linked.setdefault((measure.client_level_code.upper(), measure.client_level_group), []).append(measure)
    out = []
    for figure in sorted(figures, key=lambda f: (f.quarter_end, f.code, f.group)):
        for measure in linked.get((figure.code.upper(), figure.group), []):
            if measure.frequency == Measure.Frequency.ANNUAL and figure.quarter_end.month != 3:
                continue
            if figure.denominator is None:
                continue  # a rate whose population is not loaded: no figure to give
            note = f"Worked out from client-level data to {figure.quarter_end:%-d %B %Y}"
            period = figure.quarter_end.isoformat()
            if suppression.suppressed(figure.numerator, figure.denominator, figure.per):
                out.append([measure.code, period, "", "", f"{suppression.REASON} ({note[0].lower()}{note[1:]})"])
            else:
                out.append([measure.code, period, str(figure.numerator), str(figure.denominator), note])
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
    writer.writerow(["code", "period", "numerator", "denominator", "note"])
    writer.writerows(table)
    last = max(f.quarter_end for f in figures)
    return services.take_file(
        text.getvalue().encode(),
        f"client-level-figures-to-{last.isoformat()}.csv",
        kind=Upload.Kind.EXTRACT,
        user=user,
        source=Upload.Source.CLIENT_LEVEL,
    )
