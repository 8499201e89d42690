"""Small pieces the scorecard pages share: status tags, direction of travel, sparklines."""

import base64
from urllib.parse import quote

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from indicators import formatting, rules, status_words

register = template.Library()

STATUS_CLASS = {"GREEN": "green", "AMBER": "amber", "RED": "red", "N/A": "na"}


@register.simple_tag
def status_tag(status) -> str:
    """The status as a word in a coloured tag: the colour is never the only signal."""
    value = getattr(status, "value", status)
    return format_html('<strong class="status status-{}">{}</strong>', STATUS_CLASS.get(value, "na"), value)


@register.filter
def status_class(value) -> str:
    """'N/A' -> 'na': the CSS class of a status's colour."""
    return STATUS_CLASS.get(getattr(value, "value", value), "na")


@register.simple_tag
def row_status(row, brief: bool = False, reason: bool = True) -> str:
    """The status as a word, with what it rests on beside it when that is not the figure shown: 'RED –
    forecast: 98 admissions (532.6 per 100,000) against 500', 'Set by judgement: …', or why there is
    no figure (unless `reason` is off, where the figure's column says it). `brief`, for tables, leaves
    a judgement's reason to the measure page."""
    tag = status_tag(row.status.status)
    if row.status.source == "manual":
        why = "Set by judgement" if brief or not row.status.reason else f"Set by judgement: {row.status.reason}"
    else:
        # what it rests on (a forecast), then why it is not GREEN (the gap) or what set it with no target
        parts = [row.status_note or (row.status.reason if reason else ""), row.status_why]
        why = "; ".join(p for p in parts if p)
    if not why:
        return tag
    return format_html('{}<span class="hint status-note">{}</span>', tag, why)


@register.filter(name="compared_with_words")
def compared_words(row) -> str:
    """What direction of travel compared with, when it is not the previous period."""
    if row.basis == "previous" or row.compared_with is None:
        return ""
    if row.basis == "baseline":
        forecast = "forecast " if row.forecast is not None else ""
        return f"{forecast}from baseline ({row.compared_with.period.label}: {row.compared_with.display})"
    return f"on {row.compared_with.period.label} ({row.compared_with.display})"


@register.simple_tag
def travel_tag(row) -> str:
    """'▲ Up (Red) 6.6%', with the arrow hidden from screen readers, and what it compared with when
    that is not the previous period."""
    travel = row.travel
    if travel is None:
        if row.basis != "previous" and row.current is not None:
            missing = "no baseline held" if row.basis == "baseline" else "no figure for the same period last year"
            return format_html(
                '<span class="travel travel-none">No comparison</span><span class="hint">{}</span>', missing
            )
        return format_html('<span class="travel travel-none">{}</span>', "No comparison")
    against = compared_words(row)
    return format_html(
        '<span class="travel travel-{}"><span aria-hidden="true">{} </span>{}</span>{}',
        travel.colour.value.lower(),
        rules.TREND_ARROWS[travel.direction],
        row.travel_display,
        format_html('<span class="hint">{}</span>', against) if against else "",
    )


@register.simple_tag
def trend_tag(direction) -> str:
    if direction is None:
        return ""
    words = {"Up": "up", "Down": "down", "Static": "no change"}[direction.value]
    return format_html(
        '<span class="trend"><span aria-hidden="true">{}</span><span class="visually-hidden">Trend: {}</span></span>',
        rules.TREND_ARROWS[direction],
        words,
    )


def sparkline_points(values: list[float], width: float, height: float) -> str:
    """The polyline of a small trend: the lowest figure at the bottom, the highest at the top."""
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = (width - 4) / (len(values) - 1)
    return " ".join(
        f"{2 + i * step:.1f},{height - 2 - (v - low) / span * (height - 4):.1f}" for i, v in enumerate(values)
    )


@register.simple_tag
def sparkline(row, width: int = 96, height: int = 24, for_print: bool = False) -> str:
    """A small line of the measure's figures this year as first reported (the figures the row's last
    period and direction of travel compare), drawn as SVG, with the figures in words, and how many have
    been recalculated since. `for_print` makes it an image whose text alternative is those words (a
    PDF's tags carry it), the last figure marked with a dot."""
    points = [p for p in row.series_for_year() if p.reported.value is not None][-12:]
    if len(points) < 2:
        return ""
    values = [float(p.reported.value) for p in points]
    coordinates = sparkline_points(values, width, height)
    words = ", ".join(f"{p.period.label} {p.reported.display}" for p in points)
    recalculated = sum(1 for p in points if p.recalculated)
    since = f"{recalculated} since recalculated" if recalculated else ""
    if for_print:
        last_x, last_y = coordinates.split(" ")[-1].split(",")
        svg = (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
            f'<polyline points="{coordinates}" fill="none" stroke="#1d70b8" stroke-width="1.6"/>'
            f'<circle cx="{last_x}" cy="{last_y}" r="2" fill="#0b0c0c"/></svg>'
        )
        source = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
        return format_html(
            '<img class="sparkline" src="{}" alt="Figures this year as first reported: {}{}">',
            source,
            words,
            f"; {since}" if since else "",
        )
    return format_html(
        '<span class="sparkline"><svg width="{}" height="{}" viewBox="0 0 {} {}" aria-hidden="true" focusable="false">'
        '<polyline points="{}" /></svg><span class="visually-hidden">Figures this year as first reported: {}</span>'
        "{}</span>",
        width,
        height,
        width,
        height,
        coordinates,
        words,
        format_html('<span class="hint">{}</span>', since) if since else "",
    )


@register.simple_tag
def any_recalculated(sections) -> bool:
    """Whether any row shows a figure recalculated since it was first reported."""
    return any(
        row.previous_recalculated or row.current_recalculated or any(p.recalculated for p in row.series_for_year())
        for section in sections
        for row in section.rows
    )


_CODE = "__code__"


@register.simple_tag(takes_context=True)
def measure_url(context, scorecard, period, code: str) -> str:
    """The measure page's address, as `{% url 'scorecard:measure' … %}` gives it, with the address worked
    out once per page rather than once per row (a scorecard of 200 measures)."""
    key = ("measure-url", scorecard.slug, period.slug)
    pattern = context.render_context.get(key)
    if pattern is None:
        pattern = context.render_context[key] = reverse("scorecard:measure", args=[scorecard.slug, period.slug, _CODE])
    return pattern.replace(_CODE, quote(code, safe="!$&'()*+,;=~:@"))


# Figures are written by `indicators.formatting`; these filters only hand it what a template holds.
register.filter("value_with_period", formatting.with_period)
register.filter("count", formatting.format_count)
register.filter("people", formatting.format_people)


@register.filter
def signed(value, places=1) -> str:
    return formatting.format_signed(value, int(places))


# The quartile page's cut points in plain words, read in the measure's direction (the "3rd" cut point
# is where the third quartile begins, whichever way round the figures run).
CUT_POINT_WORDS = {
    "Worst": "Worst council",
    "3rd": "3rd quartile starts",
    "2nd": "2nd quartile starts (the median)",
    "1st": "Top quartile starts",
    "Best": "Best council",
}


@register.filter
def cut_point_words(label: str) -> str:
    return CUT_POINT_WORDS.get(label, label)


@register.filter
def percent0(value) -> str:
    return formatting.format_percent(value, 0)


@register.filter
def figure(value, measure) -> str:
    """A figure in the measure's unit and decimal places: '489.1', '22.45%'."""
    return formatting.format_value(value, measure.unit, measure.decimal_places)


@register.filter
def as_set(value, measure) -> str:
    """A target or benchmark as it was set, in the measure's unit: '75%', '22.9%'."""
    return formatting.format_as_written(value, measure.unit, measure.decimal_places)


@register.simple_tag
def benchmark_line(row) -> str:
    """'National: 22.9% Regional: 24.6%', as the monthly grid prints beside the title."""
    bench = row.benchmark
    if bench is None:
        return ""
    m = row.measure
    parts = []
    if bench.england_average is not None:
        parts.append(("National", formatting.format_as_written(bench.england_average, m.unit)))
    if bench.regional_average is not None:
        label = f"Regional ({bench.region_name})" if bench.region_name else "Regional"
        parts.append((label, formatting.format_as_written(bench.regional_average, m.unit)))
    if bench.england_rank and bench.england_rank_of:
        rank = f"{bench.england_rank}/{bench.england_rank_of}"
        if bench.previous_rank:
            rank += f" (from {bench.previous_rank}/{bench.england_rank_of})"
        parts.append(("England rank", rank))
    return format_html_join(" ", '<span class="bench">{}: {}</span>', parts)


@register.filter
def last_months(row, months) -> list:
    """(month, figures) for each month of the grid."""
    return row.figures_for(months)


AIMS = {"higher": "High", "lower": "Low", "band": "Target band", "none": "N/A"}


@register.simple_tag
def aim(row) -> str:
    """The measure's aim as annual reports print it: High, Low, Target band or N/A."""
    return AIMS.get(row.measure.polarity, "")


@register.simple_tag
def year_figure(figures) -> str:
    """A figure in the annual view: '5.4' with its note ('23 admissions') beneath, or why there is none."""
    if figures is None:
        return format_html('<span class="hint">{}</span>', "Not held")
    if figures.value is None:
        return format_html("{}", figures.no_value_reason or "No figure")
    if figures.note:
        return format_html('{}<span class="hint">{}</span>', figures.display, figures.note)
    return format_html("{}", figures.display)


@register.filter
def visible_commentary(row, show_drafts):
    """The row's commentary if this reader may see it: published commentary for everyone, drafts only
    for staff."""
    note = row.commentary
    if note is None:
        return None
    return note if show_drafts or note.state == "published" else None


@register.filter
def rank_with_movement(benchmark) -> str:
    """'126/150 (from 147/150)': the England rank and where it stood the year before."""
    if benchmark is None or benchmark.england_rank is None:
        return ""
    of = f"/{benchmark.england_rank_of}" if benchmark.england_rank_of else ""
    text = f"{benchmark.england_rank}{of}"
    if benchmark.previous_rank is not None:
        text += f" (from {benchmark.previous_rank}{of})"
    return text


@register.filter
def quarter_figures(row, quarters) -> list:
    """The measure's figure for each quarter of the year (None where it has none), for the ASCOF appendix."""
    return [point for _quarter, point in row.figures_for(quarters)]


@register.filter
def fy_slug(year: int) -> str:
    """A financial year as the benchmarking pages address it: 2020 -> '2020-21'."""
    return f"{year}-{(year + 1) % 100:02d}"


VARIATION_SHORT = {
    "improvement_high": ("improvement", "\u25b2", "Improving (high)"),
    "improvement_low": ("improvement", "\u25bc", "Improving (low)"),
    "concern_high": ("concern", "\u25b2", "Concern (high)"),
    "concern_low": ("concern", "\u25bc", "Concern (low)"),
    "neither_high": ("neither", "\u25b2", "Special cause (high)"),
    "neither_low": ("neither", "\u25bc", "Special cause (low)"),
    "common_cause": ("common", "\u25cf", "Common cause"),
}
ASSURANCE_SHORT = {
    "pass": ("pass", "\u2714", "Pass"),
    "fail": ("fail", "\u2718", "Fail"),
    "hit_and_miss": ("hit", "\u223c", "Hit and miss"),
}


@register.simple_tag
def variation_tag(row) -> str:
    """The SPC variation icon as a symbol and words ('▲ Improving (high)'); never colour or shape alone."""
    summary = row.spc
    if summary is None or summary.variation is None:
        return format_html('<span class="spc spc-none" title="{}">Too few points</span>', "Fewer than 15 points")
    kind, symbol, words = VARIATION_SHORT[summary.variation]
    return format_html(
        '<span class="spc spc-{}" title="{}"><span aria-hidden="true">{} </span>{}</span>',
        kind,
        summary.variation_words,
        symbol,
        words,
    )


@register.simple_tag
def assurance_tag(row) -> str:
    summary = row.spc
    if summary is None or summary.assurance is None:
        return format_html('<span class="spc spc-none">{}</span>', "—")
    kind, symbol, words = ASSURANCE_SHORT[summary.assurance]
    return format_html('<span class="spc spc-{}"><span aria-hidden="true">{} </span>{}</span>', kind, symbol, words)


@register.filter
def spc_and_status(row) -> str:
    """Why the assurance seems to disagree with the status, in one sentence (empty where they agree)."""
    return status_words.spc_and_status(row.status.status, row.spc.assurance if row.spc else None)


@register.simple_tag
def spc_counts(report) -> dict:
    """How many measures show special cause improvement and concern at their latest point."""
    counts = {"improvement": 0, "concern": 0}
    for row in report.rows:
        variation = row.spc.variation if row.spc else None
        if variation and variation.split("_")[0] in counts:
            counts[variation.split("_")[0]] += 1
    return counts


SPC_TYPE_WORDS = {
    "improvement": "Special cause: improvement",
    "concern": "Special cause: concern",
    "neither": "Special cause",
    "common_cause": "Common cause",
    "excluded": "Excluded",
}


@register.filter
def spc_type_words(kind: str) -> str:
    return SPC_TYPE_WORDS.get(kind, kind)


_CSS_ESCAPES = {"\\": "\\5c ", '"': "\\22 ", "'": "\\27 ", "<": "\\3c ", ">": "\\3e ", "\n": "\\a ", "\r": ""}


@register.filter
def css_string(value) -> str:
    """Text put inside a double-quoted CSS string (a PDF's running header) as CSS escapes it: quotes,
    backslashes, angle brackets and line ends by their code points, everything else as written (a
    hyphen stays a hyphen, unlike `escapejs`, whose \\u002D CSS would print as it stands)."""
    return mark_safe("".join(_CSS_ESCAPES.get(c, c) for c in str(value)))
