"""Figures by area in an extract: a row whose `area` column names an area is a figure of that measure,
period and area, checked as every figure is, then kept in the same revision as the file's other figures
(all or nothing). An area is named by its code (an ONS code such as E05011118, or a locality's own);
"Not known" and "Outside the council" name the release's own areas of those kinds, on the release of
the other areas given for the same measure and period. The release must be in force for the period:
a figure stays on the boundaries it was produced on."""

from __future__ import annotations

from dataclasses import dataclass, field

from indicators import periods, rules
from indicators.models import Area, AreaFigure, Measure
from indicators.problems import Problem

UNCHANGED, NEW, REVISED = 0, 1, 2
SPECIAL = {
    "not known": Area.Kind.NOT_KNOWN,
    "unknown": Area.Kind.NOT_KNOWN,
    "outside": Area.Kind.OUTSIDE,
    "outside the council": Area.Kind.OUTSIDE,
    "out of area": Area.Kind.OUTSIDE,
}


@dataclass
class ByArea:
    """The checked figures by area of a file: one entry per figure, in file order."""

    rows: list[int] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    periods: list[periods.Period] = field(default_factory=list)
    areas: list[Area] = field(default_factory=list)
    parts: list[rules.FigureParts] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    inexact: list[bool] = field(default_factory=list)
    statuses: bytearray = field(default_factory=bytearray)  # UNCHANGED, NEW or REVISED once classified

    def __len__(self) -> int:
        return len(self.rows)

    def count(self, status: int) -> int:
        return self.statuses.count(status)

    @property
    def changed(self) -> int:
        """The figures new or revised (once classified)."""
        return self.count(NEW) + self.count(REVISED)


@dataclass
class Pending:
    row: int
    measure: Measure
    period: periods.Period
    text: str
    parts: rules.FigureParts
    note: str
    inexact: bool = False  # the value came from a binary double (a workbook's cell): compared as printed


def area_text(cell: object) -> str:
    return "" if cell is None else str(cell).strip()


def in_force(release, period: periods.Period) -> bool:
    """Whether the boundary release was in force at some time in the period."""
    return release.valid_from <= period.end and (release.valid_to is None or release.valid_to >= period.start)


def resolve(pending: list[Pending], where, refuse) -> ByArea:
    """Each pending figure's area found (two queries), or a problem named by row and field; each measure,
    period and area given once."""
    found = ByArea()
    if not pending:
        return found
    codes = {p.text.lower() for p in pending if p.text.lower() not in SPECIAL}
    by_code: dict[str, list[Area]] = {}
    for area in Area.objects.filter(code__in={p.text for p in pending} | {c.upper() for c in codes}).select_related(
        "release", "release__area_type"
    ):
        by_code.setdefault(area.code.lower(), []).append(area)
    chosen: dict[int, Area] = {}
    for i, item in enumerate(pending):
        if item.text.lower() in SPECIAL:
            continue
        current = [a for a in by_code.get(item.text.lower(), []) if in_force(a.release, item.period)]
        if not by_code.get(item.text.lower()):
            refuse(
                Problem(
                    f'"{item.text}" is not an area whose boundaries are loaded: give the code of a ward, '
                    'constituency or locality (such as E05011118), or "Not known" or "Outside the council"',
                    code=item.measure.code,
                    **where(item.row, "area"),
                )
            )
        elif not current:
            release = by_code[item.text.lower()][0].release
            refuse(
                Problem(
                    f"{item.text} is on the boundaries of {release.name}, not in force in {item.period.long_label}: "
                    "give the area on the boundaries the figure was produced on",
                    code=item.measure.code,
                    **where(item.row, "area"),
                )
            )
        else:
            chosen[i] = current[0]
    specials = _specials(pending, chosen, where, refuse)
    chosen.update(specials)
    seen: dict[tuple, int] = {}
    for i, item in enumerate(pending):
        area = chosen.get(i)
        if area is None:
            continue
        key = (item.measure.id, item.period.code, area.id)
        if key in seen:
            refuse(
                Problem(
                    f"{item.measure.code} {item.period.code} for {area.name} is already in row {seen[key]}: "
                    "give each figure once",
                    code=item.measure.code,
                    **where(item.row, "area"),
                )
            )
            continue
        seen[key] = item.row
        found.rows.append(item.row)
        found.measures.append(item.measure)
        found.periods.append(item.period)
        found.areas.append(area)
        found.parts.append(item.parts)
        found.notes.append(item.note)
        found.inexact.append(item.inexact)
    return found


def _specials(pending: list[Pending], chosen: dict[int, Area], where, refuse) -> dict[int, Area]:
    """'Not known' and 'Outside the council' on the release of the measure and period's other areas."""
    releases: dict[tuple, set[int]] = {}
    for i, area in chosen.items():
        releases.setdefault((pending[i].measure.id, pending[i].period.code), set()).add(area.release_id)
    wanted = {pending[i].text.lower() for i in range(len(pending)) if pending[i].text.lower() in SPECIAL}
    if not wanted:
        return {}
    release_ids = set().union(*releases.values()) if releases else set()
    specials = {
        (a.release_id, a.kind): a
        for a in Area.objects.filter(release_id__in=release_ids).exclude(kind=Area.Kind.MAPPED)
    }
    found = {}
    for i, item in enumerate(pending):
        kind = SPECIAL.get(item.text.lower())
        if kind is None:
            continue
        used = releases.get((item.measure.id, item.period.code), set())
        area = specials.get((next(iter(used)), kind)) if len(used) == 1 else None
        if area is None:
            refuse(
                Problem(
                    f'"{item.text}" needs the other areas of {item.measure.code} {item.period.code} in the file, all '
                    "on one set of boundaries, to say which boundaries it is on: give them in the same file",
                    code=item.measure.code,
                    **where(item.row, "area"),
                )
            )
        else:
            found[i] = area
    return found


def classify(by_area: ByArea, reporting: periods.Period) -> None:
    """Each figure by area against the one held as of the reporting month: new, revised or unchanged
    (one query)."""
    held: dict[tuple, AreaFigure] = {}
    if by_area.rows:
        figures = AreaFigure.objects.filter(
            measure_id__in={m.id for m in by_area.measures},
            area_id__in={a.id for a in by_area.areas},
            period__code__in={p.code for p in by_area.periods},
            revision__reporting_period__end__lte=reporting.end,
        ).order_by("revision__reporting_period__start", "revision_id")
        for figure in figures.select_related("period"):
            held[(figure.measure_id, figure.period.code, figure.area_id)] = figure
    by_area.statuses = bytearray(len(by_area))
    for i in range(len(by_area)):
        point = held.get((by_area.measures[i].id, by_area.periods[i].code, by_area.areas[i].id))
        if point is None:
            by_area.statuses[i] = NEW
            continue
        kept = rules.FigureParts(point.numerator, point.denominator, point.value, point.no_value_reason)
        same = rules.same_figure(kept, by_area.parts[i], by_area.measures[i].multiplier, inexact=by_area.inexact[i])
        by_area.statuses[i] = UNCHANGED if same else REVISED


def write(by_area: ByArea, revision, period_ids: dict[str, int]) -> int:
    """The new and revised figures by area kept in `revision` (in the caller's transaction)."""
    rows = [
        AreaFigure(
            revision=revision,
            measure_id=by_area.measures[i].id,
            period_id=period_ids[by_area.periods[i].code],
            area_id=by_area.areas[i].id,
            # as checked: a value only without a numerator, a reason only without a figure
            numerator=by_area.parts[i].numerator,
            denominator=by_area.parts[i].denominator,
            value=by_area.parts[i].value,
            no_value_reason=by_area.parts[i].reason,
            note=by_area.notes[i],
        )
        for i in range(len(by_area))
        if by_area.statuses[i] != UNCHANGED
    ]
    AreaFigure.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def preview(by_area: ByArea, limit: int) -> list[dict]:
    """What the preview lists of the figures by area that change: new and revised, in file order."""
    from .preview import shown_figure

    shown = []
    for i in range(len(by_area)):
        if by_area.statuses[i] == UNCHANGED or len(shown) >= limit:
            continue
        shown.append(
            {
                "row": by_area.rows[i],
                "code": by_area.measures[i].code,
                "title": by_area.measures[i].title,
                "period": by_area.periods[i].code,
                "period_label": by_area.periods[i].long_label,
                "area": f"{by_area.areas[i].name} ({by_area.areas[i].code})",
                "status": "area",
                "change": "new" if by_area.statuses[i] == NEW else "revised",
                "new": shown_figure(by_area.parts[i], by_area.measures[i]),
            }
        )
    return shown
