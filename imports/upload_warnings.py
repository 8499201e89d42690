"""What an officer should look at before confirming an extract: warnings, kept on the upload and shown
above the confirm button, that never refuse the file (a figure can be odd and right).

    published    revised figures that a published scorecard month showed
    coverage     a scorecard's monthly measures with no figure for the month
    range        a percentage over 100 or below 0, a negative count
    cumulative   a year-to-date count or rate that falls from one period to the next
    notes        a wide grid's notes column, which is not kept
    jump         a figure far outside the measure's own history; a denominator that moved a lot

The judgements are `indicators.plausibility`'s plain rules; this module gathers the figures they need.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections import defaultdict
from decimal import Decimal

from django.conf import settings

from indicators import formatting, periods, plausibility
from indicators.models import DataPoint, Measure, ScorecardMeasure, ScorecardPeriod

from .extract import REVISED, Classified, Extract

LISTED = 50  # warnings of one kind listed one by one; the rest are counted


def warnings_for(extract: Extract, classified: Classified) -> list[dict]:
    """Every warning, the most important first."""
    published = published_revisions(extract, classified)
    found = [*_published_warning(extract, published), *coverage(extract, classified)]
    found += _capped("range", ranges(extract))
    found += _capped("cumulative", cumulative_falls(extract, classified))
    found += unkept_notes(extract)
    found += _capped("jump", jumps(extract, classified))
    return found


def _warning(kind: str, message: str, **place) -> dict:
    return {"kind": kind, "message": message, **place}


def _capped(kind: str, items: list[dict]) -> list[dict]:
    if len(items) <= LISTED:
        return items
    return [*items[:LISTED], _warning(kind, f"And {len(items) - LISTED:,} more like these.")]


def _months(labels: list[periods.Period]) -> str:
    """'July and August 2024', 'Q1 2024/25 and September 2024'."""
    names = [p.long_label for p in sorted(set(labels))]
    if len(names) > 6:
        return f"{len(names)} periods from {names[0]} to {names[-1]}"
    years = {p.start.year for p in labels}
    if all(p.kind is periods.PeriodKind.MONTH for p in labels) and len(years) == 1:
        names = [p.start.strftime("%B") for p in sorted(set(labels))]
        names[-1] += f" {years.pop()}"
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def published_revisions(extract: Extract, classified: Classified) -> set[int]:
    """The revised figures that a published scorecard month showed: the figure held was loaded by the
    time the month was published, and the month was on or after the figure's period."""
    revised = [i for i in range(len(extract)) if classified.statuses[i] == REVISED]
    if not revised:
        return set()
    measure_ids = {extract.measure_ids[i] for i in revised}
    on_scorecards = defaultdict(set)
    for scorecard_id, measure_id in ScorecardMeasure.objects.filter(measure_id__in=measure_ids).values_list(
        "scorecard_id", "measure_id"
    ):
        on_scorecards[scorecard_id].add(measure_id)
    shown: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    for scorecard_id, end, cutoff in ScorecardPeriod.objects.filter(
        scorecard_id__in=list(on_scorecards), published_at__isnull=False
    ).values_list("scorecard_id", "period__end", "revision_cutoff"):
        for measure_id in on_scorecards[scorecard_id]:
            shown[measure_id].append((end, cutoff or 0))
    found = set()
    for i in revised:
        held = classified.held[(extract.measure_ids[i], extract.periods[i].code)]
        if any(end >= extract.periods[i].end and cutoff >= held.revision_id for end, cutoff in shown[held.measure_id]):
            found.add(i)
    return found


def _published_warning(extract: Extract, published: set[int]) -> list[dict]:
    if not published:
        return []
    count = len(published)
    months = _months([extract.periods[i] for i in published])
    return [
        _warning(
            "published",
            f"This file revises {count:,} published figure{'s' if count != 1 else ''} for {months}. Councillors "
            "will still see the published figures; the revised ones show beside them as Recalculated.",
            rows=sorted(extract.rows[i] for i in published)[:LISTED],
        )
    ]


def coverage(extract: Extract, classified: Classified) -> list[dict]:
    """For each scorecard with a measure in the file: its monthly measures with no figure (or reason)
    for the reporting month, in the file or already held."""
    reporting = classified.reporting
    in_file = {extract.measure_ids[i] for i in range(len(extract)) if extract.periods[i] == reporting}
    entries = ScorecardMeasure.objects.filter(
        scorecard__entries__measure_id__in=list(extract.measures), measure__frequency=Measure.Frequency.MONTHLY
    ).values_list("scorecard__title", "measure_id", "measure__code")
    monthly: dict[str, dict[int, str]] = defaultdict(dict)
    for title, measure_id, code in entries.distinct():
        monthly[title][measure_id] = code
    all_ids = {m for measures in monthly.values() for m in measures}
    held = set(
        DataPoint.objects.filter(
            measure_id__in=all_ids, period__code=reporting.code, revision__reporting_period__end__lte=reporting.end
        ).values_list("measure_id", flat=True)
    )
    found = []
    for title, measures in sorted(monthly.items()):
        missing = [code for measure_id, code in measures.items() if measure_id not in in_file | held]
        if missing:
            shown = ", ".join(sorted(missing)[:10]) + (", …" if len(missing) > 10 else "")
            found.append(
                _warning(
                    "coverage",
                    f"{title}: {len(missing)} of {len(measures)} monthly measures have no {reporting.long_label} "
                    f"figure, in this file or already held ({shown}). Their figures will show as missing.",
                )
            )
    return found


def _place(extract: Extract, i: int) -> dict:
    return {
        "row": extract.rows[i],
        "code": extract.measures[extract.measure_ids[i]].code,
        "period": extract.periods[i].code,
    }


def _shown(measure: Measure, value: Decimal) -> str:
    return formatting.format_value(value, measure.unit, measure.decimal_places)


def ranges(extract: Extract) -> list[dict]:
    found = []
    for i in range(len(extract)):
        value = extract.figure(i)
        if value is None:
            continue
        measure = extract.measures[extract.measure_ids[i]]
        why = plausibility.outside_range(value, measure.unit)
        if why:
            found.append(
                _warning(
                    "range",
                    f"Row {extract.rows[i]}, {measure.code} {extract.periods[i].long_label}: "
                    f"{_shown(measure, value)} {why}.",
                    **_place(extract, i),
                )
            )
    return found


def jumps(extract: Extract, classified: Classified) -> list[dict]:
    """Figures of the last year up to the reporting month far outside the measure's own history (the
    figures before them in the file or already held), and denominators that moved a lot."""
    reporting = classified.reporting
    window_start = reporting.end - dt.timedelta(days=366)
    recent = [i for i in range(len(extract)) if extract.periods[i].end > window_start]
    if not recent:
        return []
    measure_ids = {extract.measure_ids[i] for i in recent}
    series: dict[int, dict[periods.Period, tuple[Decimal | None, Decimal | None]]] = defaultdict(dict)
    since = reporting.end - dt.timedelta(days=4 * 366)
    held = (
        DataPoint.objects.filter(
            measure_id__in=measure_ids,
            period__start__gte=since,
            revision__reporting_period__end__lte=reporting.end,
        )
        .select_related("period", "measure")
        .only("measure__multiplier", "measure_id", "numerator", "denominator", "value", "period__code")
        .order_by("revision__reporting_period__start", "revision_id")
    )
    for point in held:
        value = point.computed_value(point.measure.multiplier)
        series[point.measure_id][periods.parse_period(point.period.code)] = (value, point.denominator)
    for i in range(len(extract)):
        if extract.measure_ids[i] in measure_ids and extract.periods[i].end > since:
            series[extract.measure_ids[i]][extract.periods[i]] = (extract.figure(i), extract.numbers(i)[1])
    factor = Decimal(str(settings.IMPORT_WARN_JUMP_FACTOR))
    change = Decimal(str(settings.IMPORT_WARN_DENOMINATOR_CHANGE))
    in_order: dict[tuple[int, str], list[periods.Period]] = defaultdict(list)
    for measure_id, held_periods in series.items():
        for period in sorted(held_periods):
            in_order[(measure_id, period.kind)].append(period)
    found = []
    for i in recent:
        measure = extract.measures[extract.measure_ids[i]]
        period = extract.periods[i]
        known = series[measure.id]
        ordered = in_order[(measure.id, period.kind)]
        earlier = ordered[
            max(0, bisect_left(ordered, period) - 2 * plausibility.HISTORY) : bisect_left(ordered, period)
        ]
        value = extract.figure(i)
        if value is not None:
            history = [known[p][0] for p in earlier if known[p][0] is not None][-plausibility.HISTORY :]
            why = plausibility.jump(value, history, factor)
            if why:
                found.append(
                    _warning(
                        "jump",
                        f"Row {extract.rows[i]}, {measure.code} {period.long_label}: {_shown(measure, value)} {why} "
                        f"(about {_shown(measure, plausibility.typical(history))}). Check it before confirming.",
                        **_place(extract, i),
                    )
                )
        denominator = extract.numbers(i)[1]
        before = period.previous()
        if denominator is not None and before in known:
            why = plausibility.denominator_jump(denominator, known[before][1], change)
            if why:
                found.append(
                    _warning(
                        "jump",
                        f"Row {extract.rows[i]}, {measure.code} {period.long_label}: the denominator {why}.",
                        **_place(extract, i),
                    )
                )
    return found


def cumulative_falls(extract: Extract, classified: Classified) -> list[dict]:
    """A count or rate kept from 1 April to date never falls within the year: a figure below the one
    before it (in the file, or held as of the reporting month) is most likely a month's figure typed in
    place of the year to date."""
    cumulative = {
        m.id for m in extract.measures.values() if m.is_cumulative and m.unit in (Measure.Unit.COUNT, Measure.Unit.RATE)
    }
    wanted = [
        i for i in range(len(extract)) if extract.measure_ids[i] in cumulative and extract.periods[i].start.month != 4
    ]
    if not wanted:
        return []
    in_file = {(extract.measure_ids[i], extract.periods[i]): i for i in range(len(extract))}
    earlier = {extract.periods[i].previous().code for i in wanted}
    held: dict[tuple[int, str], DataPoint] = {}
    for point in (
        DataPoint.objects.filter(
            measure_id__in=cumulative,
            period__code__in=earlier,
            revision__reporting_period__end__lte=classified.reporting.end,
        )
        .select_related("period")
        .only("measure_id", "numerator", "denominator", "value", "period__code")
        .order_by("revision__reporting_period__start", "revision_id")
    ):
        held[(point.measure_id, point.period.code)] = point
    found = []
    for i in wanted:
        measure = extract.measures[extract.measure_ids[i]]
        period = extract.periods[i]
        before = period.previous()
        j = in_file.get((measure.id, before))
        if j is not None:
            numerator_before, value_before = extract.numbers(j)[0], extract.figure(j)
        elif (measure.id, before.code) in held:
            point = held[(measure.id, before.code)]
            numerator_before, value_before = point.numerator, point.computed_value(measure.multiplier)
        else:
            continue
        numerator, value = extract.numbers(i)[0], extract.figure(i)
        if numerator is not None and numerator_before is not None:
            fell = numerator < numerator_before
            now, then = formatting.plain_number(numerator), formatting.plain_number(numerator_before)
        elif value is not None and value_before is not None:
            fell = value < value_before
            now, then = _shown(measure, value), _shown(measure, value_before)
        else:
            continue
        if fell:
            found.append(
                _warning(
                    "cumulative",
                    f"Row {extract.rows[i]}, {measure.code} {period.long_label}: {now} is less than "
                    f"{before.long_label}'s {then}, but {measure.code} counts from 1 April to date, so it should "
                    "not fall. Check it is the year to date, not the month alone, before confirming.",
                    **_place(extract, i),
                )
            )
    return found


def unkept_notes(extract: Extract) -> list[dict]:
    """The wide grid's notes column is read past: say so, rather than drop the notes silently."""
    table = extract.table
    rows = table.unkept_note_rows if table is not None else []
    if not rows:
        return []
    shown = ", ".join(str(r) for r in rows[:10]) + (", …" if len(rows) > 10 else "")
    return [
        _warning(
            "notes",
            f"The notes in column {table.unkept_notes_column} ({'row' if len(rows) == 1 else 'rows'} {shown}) will "
            "not be kept: in the wide grid a "
            "note cannot be tied to one period's figure. To keep a note with a figure, use the long layout's note "
            "column; to explain the month, write it in the commentary.",
            rows=rows[:LISTED],
        )
    ]
