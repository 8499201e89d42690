"""What the client-level pages read: the submissions, the figures by quarter, and the people behind one
figure (worked out again from the events on request: pseudonyms are never kept beside the figures)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import by_area, measures, quarters, submissions
from .models import QuarterFigure, Submission

# The measures in the order the pages show them, with their titles (ASCOF's codes from 2023-24).
TITLES = {
    "2A": "New clients' short-term support (reablement) followed by no long-term support (%)",
    "2B": "Long-term support needs met by admission to care homes, aged 18 to 64, per 100,000",
    "2C": "Long-term support needs met by admission to care homes, aged 65 and over, per 100,000",
    "2E": "People with long-term support living in their own home or with family (%)",
    "3D1A": "Clients receiving self-directed support (%)",
    "3D2A": "Clients receiving direct payments (%)",
    "3D1B": "Carers receiving self-directed support (%)",
    "3D2B": "Carers receiving direct payments (%)",
}
NOT_WORKED_OUT = (
    "2D needs hospital discharges linked by NHS number and cannot be worked out from client-level data alone."
)


@dataclass
class Line:
    code: str
    group: str
    title: str
    cells: dict[dt.date, QuarterFigure] = field(default_factory=dict)


@dataclass
class Overview:
    submissions: list[Submission]
    quarters: list[dt.date]
    lines: list[Line]


def overview() -> Overview:
    """Every submission (withdrawn ones too) and the figures by quarter: two queries however many."""
    held = list(Submission.objects.select_related("upload", "withdrawn_by"))
    figures = list(QuarterFigure.objects.filter(area=""))  # the council's own (by area: the breakdowns)
    quarters = sorted({f.quarter_end for f in figures})
    lines: dict[tuple[str, str], Line] = {}
    for figure in figures:
        key = (figure.code, figure.group)
        line = lines.setdefault(key, Line(figure.code, figure.group, TITLES.get(figure.code, figure.code)))
        line.cells[figure.quarter_end] = figure
    order = list(TITLES)
    ordered = sorted(
        lines.values(), key=lambda line: (order.index(line.code) if line.code in order else 99, line.group)
    )
    return Overview(held, quarters, ordered)


@dataclass
class Person:
    pseudonym: str
    counted: str  # 'numerator' or 'denominator'
    note: str
    services: list[tuple]  # (start, end, service type, component, delivery, accommodation) in the 12 months
    area: str = ""  # where they live, as at the period's end (empty where no lookup was loaded)


@dataclass
class Behind:
    figure: measures.Figure
    start: dt.date
    end: dt.date
    people: list[Person]

    @property
    def has_areas(self) -> bool:
        return any(p.area for p in self.people)

    @property
    def in_numerator(self) -> int:
        return sum(1 for p in self.people if p.counted == "numerator")


SERVICES = """
SELECT person, start, "end", service_type, component, delivery, accommodation
FROM events
WHERE event_type = 'Service' AND person IN (SELECT unnest($people))
  AND start <= $period_end AND ("end" IS NULL OR "end" >= $period_start)
ORDER BY person, start
"""


def behind(quarter_end: dt.date, code: str, group: str) -> Behind | None:
    """The people behind one figure, from the submissions in use, with each one's services in the 12
    months; None when there is no such figure."""
    in_use = list(Submission.objects.in_use())
    if quarter_end not in submissions.quarter_ends(in_use):
        return None
    with submissions.history_in_use(in_use) as history:
        start = quarters.year_to(quarter_end)
        figures = measures.of_code(history, code, start, quarter_end, None)  # people, not the population
        found = next((f for f in figures if f.group == group), None)
        if found is None:
            return None
        rows = history.run(
            SERVICES, {"people": [p for p, _, _ in found.cohort], "period_start": start, "period_end": quarter_end}
        )
        where = _area_names(by_area.residence(history, quarter_end)) if by_area.has_areas(history) else {}
    services: dict[str, list[tuple]] = {}
    for person, *service in rows:
        services.setdefault(person, []).append(tuple(service))
    people = [Person(p, counted, note, services.get(p, []), where.get(p, "")) for p, counted, note in found.cohort]
    people.sort(key=lambda p: (p.counted != "numerator", p.pseudonym))
    return Behind(found, start, quarter_end, people)


def _names(codes) -> dict[str, str]:
    """{code: the area's name, or "Not known" or "Outside the council"} for the codes, in one query."""
    from indicators.models import Area

    mapped = set(codes) - set(by_area.SPECIAL)
    names = dict(Area.objects.filter(code__in=mapped, kind=Area.Kind.MAPPED).values_list("code", "name"))
    return {code: names.get(code) or by_area.SPECIAL.get(code, code) for code in codes}


def _area_names(where: dict[str, str]) -> dict[str, str]:
    """{pseudonym: the name of the area they live in}."""
    names = _names(set(where.values()))
    return {person: names[code] for person, code in where.items()}


@dataclass
class Populations:
    council: str  # the council's ONS code, "" when no scorecard names it
    years: dict[int, dict[str, int]]  # {mid-year: {band: people}} held for it


def populations() -> Populations:
    """The council's populations held for 2B and 2C (two queries)."""
    from . import populations as ons

    code = ons.council_code()
    return Populations(code, ons.held(code) if code else {})


def lookup_in_use():
    """The postcode lookup client-level data is read with now, or None (one query)."""
    from .models import PostcodeLookup

    return PostcodeLookup.objects.in_use()


@dataclass
class AreaLine:
    name: str
    code: str
    figure: QuarterFigure


def figure_by_area(quarter_end: dt.date, code: str, group: str) -> list[AreaLine]:
    """One figure for each area of residence, whole (for officers), by name with "Not known" and
    "Outside the council" last: two queries."""
    figures = list(QuarterFigure.objects.filter(quarter_end=quarter_end, code=code, group=group).exclude(area=""))
    names = _names({f.area for f in figures})
    lines = [AreaLine(names[f.area], f.area, f) for f in figures]
    return sorted(lines, key=lambda line: (line.code in by_area.SPECIAL, line.name))
