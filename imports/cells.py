"""Reading one cell as the analyst meant it. Plain functions, no database: what a council's workbook
holds in a cell (a number, text typed with a unit or a qualifier, an Excel percentage, a date, an Excel
error) turned into a figure, a reason for having none, or a refusal that says what to do.

    read_figure(raw, number_format, unit)   a measure's value: 38.1 from 0.381 shown as 38.1%,
                                            28 from "28 days", 185 (approximate) from "c. 185"
    read_count(raw, number_format)          a numerator or denominator: a plain number

Never is a figure turned into a reason, nor a reason into a figure: a cell that starts with a number
but has other words beside it is refused.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from indicators.numbers import NO_FIGURE

# The most a figure column holds (DECIMAL(24, 8)): 16 digits before the point, 8 after.
LARGEST = Decimal(10) ** 16
PLACES = Decimal("1e-8")

# Words written before or after a number that say how sure it is, and the note kept with the figure.
QUALIFIERS = {
    "c": "approximate",
    "ca": "approximate",
    "circa": "approximate",
    "approx": "approximate",
    "approximately": "approximate",
    "about": "approximate",
    "around": "approximate",
    "~": "approximate",
    "est": "estimate",
    "estimated": "estimate",
    "estimate": "estimate",
    "p": "provisional",
    "prov": "provisional",
    "provisional": "provisional",
}
# Units a measure's label may name, with the ways analysts abbreviate them.
UNIT_WORDS = {
    "days": {"day", "days", "d", "dys"},
    "weeks": {"week", "weeks", "wk", "wks", "w"},
    "months": {"month", "months", "mth", "mths", "mo"},
    "hours": {"hour", "hours", "hr", "hrs", "h"},
    "years": {"year", "years", "yr", "yrs"},
}
EXCEL_ERRORS = {
    "#DIV/0!",
    "#N/A",
    "#NAME?",
    "#NULL!",
    "#NUM!",
    "#REF!",
    "#VALUE!",
    "#SPILL!",
    "#CALC!",
    "#GETTING_DATA",
}

_SIMPLE = re.compile(r"-?\d{1,16}(?:\.\d{1,8})?")
_NUMBER = r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-+]?\.\d+"
# A number, with a qualifier before it ("c. 185", "~185") and a % sign, unit or qualifier after it
# ("38.1%", "28 days", "185 (provisional)"); words after a number are apart from it ("12a" is a typo).
_TYPED = re.compile(
    rf"^(?P<before>[A-Za-z~]+\.?)?\s*(?P<number>{_NUMBER})\s*(?P<percent>%)?"
    r"(?:\s+(?P<after>[A-Za-z][A-Za-z.\s]*?)|\s*(?P<paren>\([A-Za-z]+\)))?\.?$"
)


class CellProblem(ValueError):
    """The cell cannot be read as a figure; the message says what it holds and what to do."""


@dataclass(frozen=True)
class Unit:
    """What a figure's words may be checked against: the measure's unit and how it is labelled."""

    kind: str  # percentage, rate, count, average, score
    label: str = ""  # "days", "weeks", "per 100,000 population aged 65+"
    noun: str = ""  # what the people in it are called: "admissions", "carers"

    @property
    def is_percentage(self) -> bool:
        return self.kind == "percentage"

    def words(self) -> set[str]:
        """The words that may stand after this measure's figures: its unit and its people."""
        label = self.label.lower()
        found = set()
        for name, spellings in UNIT_WORDS.items():
            if name in label or name.rstrip("s") in label.split():
                found |= spellings
        for noun in (self.noun.lower(), "people"):
            if noun and self.kind == "count":
                found |= {noun, noun.rstrip("s")}
        return found

    def describe(self) -> str:
        return self.label or {"percentage": "a percentage", "rate": "a rate", "count": "a count"}.get(
            self.kind, f"{'an' if self.kind[0] in 'aeiou' else 'a'} {self.kind}"
        )


@dataclass(frozen=True)
class Reading:
    value: Decimal | None = None
    reason: str = ""  # why there is no figure ("Due June 2022")
    note: str = ""  # kept with the figure ("approximate")
    # Read from a binary double (an Excel number cell, or one printed with more digits than a double
    # carries): exact only to about 15 significant digits (`rules.same_figure`).
    inexact: bool = False


NOTHING = Reading()


def _decimal(text: str) -> Decimal:
    try:
        number = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise CellProblem(f'"{text}" is not a number') from None
    if not number.is_finite():
        raise CellProblem(f'"{text}" is not a number')
    return number


def within_range(number: Decimal, written: str = "") -> Decimal:
    """Kept to the 8 decimal places a figure holds (half up); refused when too large to hold."""
    if abs(number) >= LARGEST:
        raise CellProblem(
            f"{written or number} is too large: a figure can have at most 16 digits before the decimal point"
        )
    if number.as_tuple().exponent < -8:
        return number.quantize(PLACES, rounding="ROUND_HALF_UP")
    return number


def _from_float(value: float) -> Decimal:
    """The number Excel shows for a stored double: its shortest exact decimal (0.381, not 0.38100000000000000533)."""
    return Decimal(repr(value))


def _printed_double(text: str) -> bool:
    """A number written with more significant digits than a double carries (38.095238095238093): a
    floating-point value printed in full, not a figure anyone typed."""
    digits = text.lstrip("+-").replace(".", "").lstrip("0")
    return len(digits.rstrip("0")) > 15


def _is_percent_format(number_format: str) -> bool:
    # "0.0%", "0%", '0.00"%"' is a literal sign (the value is already a percentage)
    return "%" in re.sub(r'"[^"]*"|\\.', "", number_format or "")


def _reject_special(raw: object, what: str) -> None:
    if isinstance(raw, str):
        return
    if isinstance(raw, bool):
        raise CellProblem(f"holds TRUE or FALSE, not {what}")
    if isinstance(raw, dt.date | dt.datetime | dt.time):
        raise CellProblem(f"holds a date ({raw:%d %b %Y}), not {what}: format the cell as a number")


def _text(raw: object) -> str:
    return str(raw).replace("\u00a0", " ").strip()


def read_count(raw: object, number_format: str = "") -> Decimal | None:
    """A numerator or denominator: a number as typed or held, or nothing. Words and percentages are
    refused (a count is never a fraction)."""
    if raw is None or raw == "":
        return None
    if raw.__class__ is str and raw.isdigit() and len(raw) <= 16:
        return Decimal(raw)  # the usual case, quickly
    _reject_special(raw, "a count")
    if isinstance(raw, int | float):
        if _is_percent_format(number_format):
            raise CellProblem(
                "is formatted as a percentage, but a numerator or denominator is a count: format it as a number"
            )
        return within_range(_from_float(raw) if isinstance(raw, float) else Decimal(raw))
    text = _text(raw)
    if text.lower() in NO_FIGURE:
        return None
    if text in EXCEL_ERRORS:
        raise CellProblem(f"shows the Excel error {text}: put the formula right, or leave the cell empty")
    if not re.fullmatch(_NUMBER, text):
        raise CellProblem(f'"{text}" is not a number: a numerator or denominator is a count, written alone')
    return within_range(_decimal(text), text)


def read_figure(raw: object, number_format: str, unit: Unit, words_are_reasons: bool = False) -> Reading:
    """A measure's value as the analyst meant it. `words_are_reasons` (the wide grid, where there is no
    note column) reads a cell that starts with a word, such as "Due June 2022", as the reason there is no
    figure. Raises CellProblem saying what is wrong and what to do."""
    if raw is None or raw == "":
        return NOTHING
    if raw.__class__ is str and _SIMPLE.fullmatch(raw):
        # the usual case, quickly: a plain number within what a figure holds
        return Reading(Decimal(raw), inexact=len(raw) > 15 and _printed_double(raw))
    _reject_special(raw, "a figure")
    if isinstance(raw, int | float):
        number = _from_float(raw) if isinstance(raw, float) else Decimal(raw)
        if _is_percent_format(number_format):
            if not unit.is_percentage:
                raise CellProblem(
                    f"is formatted as a percentage, but the measure is {unit.describe()}: format the cell as a number"
                )
            number = number * 100  # Excel keeps 38.1% as 0.381
        return Reading(within_range(number), inexact=isinstance(raw, float))
    text = _text(raw)
    if text.lower() in NO_FIGURE:
        return Reading()
    if text in EXCEL_ERRORS:
        raise CellProblem(f"shows the Excel error {text}: put the formula right, or leave the cell empty and say why")
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is not None and number.is_finite():
        return Reading(within_range(number, text), inexact=_printed_double(text))
    typed = _TYPED.match(text)
    if typed is None:
        if words_are_reasons and re.match(r"[A-Za-z]", text) and len(text.split()) >= 2:
            return Reading(reason=text)  # "Due June 2022", "No survey this year"
        if re.match(r"[<>≤≥]", text):
            raise CellProblem(
                f'says "{text}", a small number held back: give the figure itself (the file is not published), '
                "or leave the value empty and say why in the note"
            )
        raise CellProblem(f'"{text}" is not a number: write the figure alone, and any words in the note')
    number = within_range(_decimal(typed.group("number")))
    notes = []
    if typed.group("percent"):
        if not unit.is_percentage:
            raise CellProblem(f'"{text}" has a % sign, but the measure is {unit.describe()}: write the figure alone')
    for part in (typed.group("before"), typed.group("after"), typed.group("paren")):
        if not part:
            continue
        word = part.strip().strip("()").rstrip(".").lower()
        if word in QUALIFIERS:
            notes.append(QUALIFIERS[word])
        elif word in unit.words():
            continue  # the measure's own unit: "28 days" for a measure in days
        elif words_are_reasons and part is typed.group("before"):
            return Reading(reason=text)
        else:
            raise CellProblem(
                f'"{text}" has words beside the figure that are not the measure\'s unit ({unit.describe()}) or a '
                'qualifier such as "c." or "provisional": write the figure alone and put the words in the note'
            )
    return Reading(number, note=", ".join(notes))


def clean_text(raw: object, what: str, longest: int) -> str:
    """Text kept with a figure (a reason, a note): no NUL or control characters, and no longer than the
    record holds."""
    if raw is None or raw == "":
        return ""
    text = _text(raw)
    if not text.isprintable() and any(ord(c) < 32 and c not in "\t\n\r" for c in text):
        raise CellProblem(f"the {what} holds a control character (such as NUL): retype it as plain text")
    if len(text) > longest:
        raise CellProblem(
            f"the {what} is {len(text):,} characters long; the most it can hold is {longest:,}: shorten it"
        )
    return text
