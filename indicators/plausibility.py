"""Is a figure plausible? Plain functions, no database: the checks an upload warns about (it never
refuses for them, since a figure can be odd and right). The thresholds are settings, passed in.

    outside_range      a percentage over 100 or below 0; a negative count, rate or average
    jump               far outside the measure's own history: more than `factor` times, or less than
                       1/`factor` of, the median of its last 12 figures
    denominator_jump   a denominator that moves more than `change` (0.5 = 50%) from the period before
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from statistics import median

HISTORY = 12  # how many earlier figures a jump is judged against


def outside_range(value: Decimal, unit: str) -> str:
    """Why the figure cannot be right for its unit, or ''."""
    if unit == "percentage" and value > 100:
        return "is over 100%"
    if value < 0:
        return "is below 0" if unit == "percentage" else f"is negative, which a {unit} cannot be"
    return ""


def typical(history: Sequence[Decimal]) -> Decimal | None:
    """The median of the last 12 figures, or None with fewer than three."""
    return median(history[-HISTORY:]) if len(history) >= 3 else None


def jump(value: Decimal, history: Sequence[Decimal], factor: Decimal) -> str:
    """Why the figure is far outside its own history, or ''. Needs at least three earlier figures and a
    median above zero; compared at full precision."""
    typical_value = typical(history)
    if typical_value is None or typical_value <= 0:
        return ""
    if value > typical_value * factor:
        return f"is more than {factor:g} times the median of its last {min(len(history), HISTORY)} figures"
    if value < typical_value / factor:
        return f"is less than a {_fraction(factor)} of the median of its last {min(len(history), HISTORY)} figures"
    return ""


def denominator_jump(denominator: Decimal, previous: Decimal | None, change: Decimal) -> str:
    """Why the denominator moved too far from the period before, or ''."""
    if previous is None or previous <= 0:
        return ""
    moved = abs(denominator - previous) / previous
    if moved > change:
        return f"moved {moved * 100:.0f}% from the period before ({_plain(previous)} to {_plain(denominator)})"
    return ""


def _plain(number: Decimal) -> str:
    return f"{number.normalize():,f}"


def _fraction(factor: Decimal) -> str:
    return {2: "half", 3: "third", 4: "quarter", 5: "fifth", 10: "tenth"}.get(int(factor), f"1/{factor:g}")
