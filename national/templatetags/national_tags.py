"""How the benchmarking pages write national figures."""

from django import template

from indicators import periods

from ..measures import EDITIONS

register = template.Library()

QUARTILE_WORDS = {1: "1st (best) quartile", 2: "2nd quartile", 3: "3rd quartile", 4: "4th (worst) quartile"}


@register.filter
def national_value(value, measure) -> str:
    """A national figure in the measure's unit and places: '78.1%', '7.6', '1,234.5'."""
    if value is None or value == "":
        return ""
    text = f"{float(value):,.{measure.decimal_places}f}"
    return f"{text}%" if measure.unit == "percentage" else text


@register.filter
def quartile_words(quartile) -> str:
    return QUARTILE_WORDS.get(quartile, "")


@register.filter
def year_label(year) -> str:
    return periods.financial_year_label(year)


@register.filter
def year_slug(year) -> str:
    return periods.financial_year_label(year).replace("/", "-")


@register.filter
def abs_value(number) -> int:
    return abs(number)


@register.simple_tag
def query_with(request, **changes) -> str:
    """The page's query string with some parameters changed (for sort links that keep the filters)."""
    query = request.GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


SPINE_WIDTH, SPINE_MARGIN = 300, 8  # the spine chart's drawing width and the room kept at each end


@register.filter
def spine_x(position) -> str:
    """A spine chart position (0 to 1) as an x in the chart's drawing."""
    return f"{SPINE_MARGIN + float(position) * (SPINE_WIDTH - 2 * SPINE_MARGIN):.1f}"


@register.filter
def spine_width(positions) -> str:
    left, right = positions
    return f"{max(0.0, float(right) - float(left)) * (SPINE_WIDTH - 2 * SPINE_MARGIN):.1f}"


@register.filter
def edition_words(edition) -> str:
    """'2023' -> 'ASCOF 2023-24 onwards'."""
    return EDITIONS.get(str(edition), str(edition))
