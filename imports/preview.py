"""What an officer is shown of each change before confirming an extract: the figure held beside the one in
the file, as the scorecard prints them, never two sides that look alike."""

from __future__ import annotations

from indicators import formatting, report, rules, status_words
from indicators.facts import MeasureFacts, TargetFacts
from indicators.models import Measure, Target

from .extract import STATUS_NAMES, Classified, Extract, held_as_of


def preview_entry(extract: Extract, classified: Classified, i: int, published: bool = False) -> dict:
    """What an officer is shown of one change before confirming: old -> new, as the scorecard prints it,
    with the numerator and denominator, and what differs when the two would print alike."""
    measure = extract.measures[extract.measure_ids[i]]
    period = extract.periods[i]
    held = classified.held.get((measure.id, period.code))
    new = extract.parts(i)
    old = rules.FigureParts(held.numerator, held.denominator, held.value, held.no_value_reason) if held else None
    old_text, new_text = shown_change(old, new, measure)
    return {
        "row": extract.rows[i],
        "code": measure.code,
        "title": measure.title,
        "period": period.code,
        "period_label": period.long_label,
        "status": STATUS_NAMES[classified.statuses[i]],
        "published": published,
        "old": old_text,
        "new": new_text,
        "note": extract.notes[i],
        "numerator": extract.numerators[i],
        "denominator": extract.denominators[i],
    }


def not_yet_entry(row: int, measure: Measure, period) -> dict:
    """A row of the file naming a measure and a period with no figure in it yet (nothing is kept)."""
    return {
        "row": row,
        "code": measure.code,
        "title": measure.title,
        "period": period.code,
        "period_label": period.long_label,
        "status": "not_yet",
        "new": "No figure yet",
    }


def periods_before(extract: Extract, indices: list[int], reporting) -> dict[int, rules.FigureParts]:
    """For each previewed figure (by index), the figure of the period before it as it will stand once the
    file is in: the file's own where it gives that period, else the one held as of the reporting month.
    One query however many figures."""
    in_file = {(extract.measure_ids[i], extract.periods[i].code): i for i in range(len(extract))}
    wanted = {i: (extract.measure_ids[i], extract.periods[i].previous().code) for i in indices}
    missing = {key for key in wanted.values() if key not in in_file}
    held = held_as_of({m for m, _ in missing}, {code for _, code in missing}, reporting) if missing else {}
    found = {}
    for i, key in wanted.items():
        if key in in_file:
            found[i] = extract.parts(in_file[key])
        elif key in held:
            point = held[key]
            found[i] = rules.FigureParts(point.numerator, point.denominator, point.value, point.no_value_reason)
    return found


def statuses_given(extract: Extract, indices: list[int], before: dict[int, rules.FigureParts]) -> dict[int, str]:
    """The status each previewed figure would give on its period's scorecard by the measure's target rule,
    in the words of the summary ("RED: missed target"); a status set by judgement is the scorecard's, not
    the file's. Direction of travel, for a "DoT only" measure, compares with the period before. Four
    queries however many figures."""
    measure_ids = {extract.measure_ids[i] for i in indices}
    chosen = Measure.objects.filter(pk__in=measure_ids).prefetch_related("frameworks")
    measures = {m.pk: MeasureFacts.of(m) for m in chosen}
    targets: dict[int, list[TargetFacts]] = {}
    for target in Target.objects.filter(measure_id__in=measure_ids).prefetch_related("profile"):
        targets.setdefault(target.measure_id, []).append(TargetFacts.of(target))
    given = {}
    for i in indices:
        measure = measures[extract.measure_ids[i]]
        period = extract.periods[i]
        target = report.target_for(targets.get(measure.id, []), period.fy)
        figure = figure_of(extract.parts(i), measure, period)
        travel = None
        direction_only = target is not None and target.rule == rules.Rule.DIRECTION
        if direction_only:
            if measure.is_cumulative:
                given[i] = "Set on the scorecard by direction of travel against last year"
                continue
            earlier = figure_of(before[i], measure, period.previous()) if i in before else None
            travel = rules.direction_of_travel(
                earlier.value if earlier else None,
                figure.value,
                rules.Polarity(measure.polarity),
                rules.Unit(measure.unit),
                measure.decimal_places,
                target.band,
            )
        forecast = report.forecast_for(measure, figure, period)
        status = report.status_by_rule(measure, target, period, figure, forecast, travel)
        has_target = target is not None and target.rule not in (rules.Rule.DIRECTION, rules.Rule.NONE)
        basis = status_words.basis_of(status.source, has_target, direction_only, travel.colour if travel else None)
        words = status_words.PART_WORDS.get((status.status, basis), "")
        given[i] = f"{status.status}: {words}" if words else str(status.status)
    return given


def figure_of(parts: rules.FigureParts, measure: MeasureFacts, period) -> report.Figure:
    """A figure of the file (or held) as the scorecard would show it."""
    value = rules.measure_value(parts.numerator, parts.denominator, measure.multiplier, parts.value)
    return report.Figure(
        period=period,
        value=value,
        numerator=parts.numerator,
        denominator=parts.denominator,
        no_value_reason=parts.reason,
        display=formatting.figure_or_reason(value, parts.reason, measure.unit, measure.decimal_places),
    )


def shown_figure(parts: rules.FigureParts, measure: Measure, places: int | None = None) -> str:
    """A figure as the preview writes it: '8 / 21 = 38.10%', '38.10%', or the reason there is none."""
    value = rules.measure_value(parts.numerator, parts.denominator, measure.multiplier, parts.value)
    places = measure.decimal_places if places is None else places
    figure = formatting.figure_or_reason(value, parts.reason, measure.unit, places)
    if parts.numerator is None or value is None:
        return figure
    number = formatting.plain_number
    return f"{number(parts.numerator)} / {number(parts.denominator)} = {figure}"


def shown_change(old: rules.FigureParts | None, new: rules.FigureParts, measure: Measure) -> tuple[str, str]:
    """Both sides of a change, never two that look equal: where they would print alike, each side says
    what it is (value only, or the value at full precision)."""
    new_text = shown_figure(new, measure)
    if old is None:
        return "", new_text
    old_text = shown_figure(old, measure)
    if old_text != new_text:
        if old.numerator is not None and new.numerator is None and new.value is not None:
            new_text += ", value only, no numerator or denominator"
        return old_text, new_text
    if (old.numerator is None) != (new.numerator is None):
        only = ", value only, no numerator or denominator"
        return (old_text + only, new_text) if old.numerator is None else (old_text, new_text + only)

    def exactly(parts: rules.FigureParts) -> str:
        value = rules.measure_value(parts.numerator, parts.denominator, measure.multiplier, parts.value)
        return f"{old_text if parts is old else new_text} (exactly {formatting.plain_number(value)})"

    return exactly(old), exactly(new)
