"""How figures are written for people and for other programs: the only place where numbers are rounded or
turned into text. Pages (through the `scorecard_tags` filters), the API, the downloads and the upload
preview all write figures with these."""

from __future__ import annotations

from decimal import Decimal

from config.sizes import file_size  # noqa: F401 - how every size is written, kept with the bottom room

from .rules import Direction, Travel, Unit, round_half_up


def format_number(value: Decimal | None, decimal_places: int, thousands: bool = True) -> str:
    if value is None:
        return ""
    rounded = round_half_up(Decimal(value), decimal_places)
    if rounded == 0:
        rounded = abs(rounded)  # never "-0.0"
    return f"{rounded:,.{decimal_places}f}" if thousands else f"{rounded:.{decimal_places}f}"


def plain_number(value: Decimal | None) -> str | None:
    """A decimal exactly, without trailing zeros: Decimal('75.00000000') -> '75' (for the API)."""
    if value is None:
        return None
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def full_precision(value: Decimal | None) -> str | None:
    """Full precision trimmed to 10 decimal places, so a recurring fraction stays readable (the API)."""
    return None if value is None else plain_number(round_half_up(value, 10))


def format_count(value: Decimal | None) -> str:
    """A numerator or denominator as written beside a figure, with thousands separators: '654',
    '2,913', '243,101.5' (a fraction kept to the places it was given with, at most four)."""
    if value is None:
        return ""
    value = Decimal(value)
    return format_number(value, places_as_written(value, 4))


def format_people(people: int | None) -> str:
    """How many people a distance is, without its sign ('21' carers, '1,204' people)."""
    return "" if people is None else f"{abs(people):,}"


def counted(count: int, one: str, many: str = "") -> str:
    """'1 event', '3,000 events', '2 people' (`many` where the plural is not `one` + s)."""
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def places_as_written(value: Decimal, most: int | None = None) -> int:
    """How many decimal places a number was written with (75 -> 0, 22.90 -> 1), at most `most`."""
    places = max(0, -Decimal(value).normalize().as_tuple().exponent)
    return places if most is None else min(most, places)


def format_value(value: Decimal | None, unit: Unit | str, decimal_places: int) -> str:
    """'22.45%' for a percentage, '1,444' for a count, '602.9' for a rate."""
    if value is None:
        return ""
    text = format_number(value, decimal_places)
    return f"{text}%" if Unit(unit) is Unit.PERCENTAGE else text


def format_as_written(value: Decimal | None, unit: Unit | str, most: int | None = None) -> str:
    """A target or benchmark as it was set: 75% stays '75%' on a measure shown to one decimal place, 22.9
    stays '22.9'. `most` caps the places at the measure's own."""
    if value is None:
        return ""
    return format_value(value, unit, places_as_written(value, most))


def figure_or_reason(value: Decimal | None, reason: str, unit: Unit | str, decimal_places: int) -> str:
    """The figure as the scorecard prints it, or the reason there is none ("Due June 2022")."""
    return format_value(value, unit, decimal_places) if value is not None else reason


def with_period(figure) -> str:
    """'75.9% (Q1)', or 'No figure (Sep 20)' (a report `Figure`)."""
    if figure is None:
        return ""
    if figure.value is None:
        return f"No figure ({figure.period.label})"
    return f"{figure.display} ({figure.period.label})"


def format_percent(value: Decimal | None, decimal_places: int = 0) -> str:
    """A relative size as a percentage: '6%'."""
    return "" if value is None else f"{format_number(value, decimal_places)}%"


def excel_number_format(unit: Unit | str, decimal_places: int) -> str:
    """The Excel number format that shows a figure as the scorecard does: '#,##0.0"%"'."""
    base = "#,##0" + ("." + "0" * decimal_places if decimal_places else "")
    return base + '"%"' if Unit(unit) is Unit.PERCENTAGE else base


def format_change(travel: Travel | None, decimal_places: int) -> str:
    """'1.1 pp', '6.6%', '0 pp'. Percentage points keep the measure's precision; a relative change is
    given to one decimal place."""
    if travel is None or travel.change is None:
        return ""
    if travel.direction is Direction.STATIC:
        return "0 pp" if travel.change_unit == "pp" else "0%"
    if travel.change_unit == "pp":
        return f"{format_number(travel.change, decimal_places)} pp"
    return f"{format_number(travel.change, 1)}%"


def format_travel(travel: Travel | None, decimal_places: int) -> str:
    """'Up (Green) 1.1 pp', 'Static (Amber) 0 pp'."""
    if travel is None:
        return ""
    change = format_change(travel, decimal_places)
    return f"{travel.direction} ({travel.colour}) {change}".strip()


def format_signed(value: Decimal | None, decimal_places: int) -> str:
    if value is None:
        return ""
    text = format_number(value, decimal_places)
    return text if text.startswith("-") or round_half_up(value, decimal_places) == 0 else f"+{text}"


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """Text a spreadsheet would run as a formula (=, +, -, @, tab, carriage return) gets a leading
    apostrophe, so an exported cell is always read as text. Numbers are left alone."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
