"""Reporting periods in the April-to-March financial year. Plain values, no database.

A period is a month, a quarter or a financial year. Each has one canonical code:

    month    "2024-09"      (calendar year and month)
    quarter  "2024/25 Q2"   (financial year and quarter; Q1 = April to June)
    year     "2024/25"

`parse_period` also accepts the spellings people type or that spreadsheets produce
("Sep 24", "Sep-2024", "September 2024", "Q2 2024/25", "2024-25", "2024/2025 Q2", a date).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


MONTHS_IN = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}
_MONTH_NAMES = {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
_MONTH_NAMES.update({name.lower(): number for number, name in enumerate(calendar.month_name) if name})
_MONTH_NAMES["sept"] = 9


def financial_year_of(day: dt.date) -> int:
    """The financial year a date falls in, named by the year it starts: 2024 for 2024/25."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_label(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def parse_financial_year(text: str) -> int:
    """'2024/25', '2024-25', '2024/2025' or '2024' -> 2024. Raises ValueError."""
    match = re.fullmatch(r"\s*(?:FY\s*)?(\d{4})(?:\s*[/-]\s*(\d{2}|\d{4}))?\s*", str(text), re.IGNORECASE)
    if not match:
        raise ValueError(f"'{text}' is not a financial year; write it as 2024/25")
    start = int(match.group(1))
    if match.group(2):
        end = int(match.group(2))
        if end % 100 != (start + 1) % 100:
            raise ValueError(f"'{text}' is not a financial year: {match.group(2)} does not follow {start}")
    return start


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period. `fy` is the financial year's start year; `index` counts from 1 within it
    (April = month 1, Q1 = quarter 1; a year has index 1)."""

    kind: PeriodKind
    fy: int
    index: int

    def __hash__(self) -> int:
        # Kept once worked out: a large file hashes the same few periods millions of times.
        found = self.__dict__.get("_hash")
        if found is None:
            found = self.__dict__["_hash"] = hash((self.kind, self.fy, self.index))
        return found

    def __getstate__(self) -> dict:
        # A hash is only good in the process that worked it out (strings hash differently in each).
        return {key: value for key, value in self.__dict__.items() if key != "_hash"}

    def __post_init__(self):
        limit = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.YEAR: 1}[self.kind]
        if not 1 <= self.index <= limit:
            raise ValueError(f"a {self.kind} index must be 1 to {limit}, not {self.index}")

    # --- constructors ---
    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """The calendar month `month` of calendar year `year`."""
        return cls.containing(PeriodKind.MONTH, dt.date(year, month, 1))

    @classmethod
    def quarter(cls, fy: int, quarter: int) -> Period:
        return cls(PeriodKind.QUARTER, fy, quarter)

    @classmethod
    def year(cls, fy: int) -> Period:
        return cls(PeriodKind.YEAR, fy, 1)

    @classmethod
    def containing(cls, kind: PeriodKind | str, day: dt.date) -> Period:
        kind = PeriodKind(kind)
        fy = financial_year_of(day)
        month_index = (day.month - 4) % 12 + 1
        if kind is PeriodKind.MONTH:
            return cls(kind, fy, month_index)
        if kind is PeriodKind.QUARTER:
            return cls(kind, fy, (month_index - 1) // 3 + 1)
        return cls(kind, fy, 1)

    # --- dates ---
    # Worked out once per period: periods are frozen, and a large file asks for the same ones often.
    @cached_property
    def start(self) -> dt.date:
        first_month_index = (self.index - 1) * MONTHS_IN[self.kind] + 1
        return _date_of_month_index(self.fy, first_month_index)

    @cached_property
    def ordinal(self) -> int:
        """A number naming the period among all periods of every kind: its first day and its kind."""
        kind = 0 if self.kind is PeriodKind.MONTH else 1 if self.kind is PeriodKind.QUARTER else 2
        return self.start.toordinal() * 4 + kind

    @cached_property
    def end(self) -> dt.date:
        last = _date_of_month_index(self.fy, self.index * MONTHS_IN[self.kind])
        return last.replace(day=calendar.monthrange(last.year, last.month)[1])

    @property
    def months_elapsed(self) -> int:
        """Months of the financial year up to the end of this period: Sep = 6, Q3 = 9, the year = 12."""
        return self.index * MONTHS_IN[self.kind]

    # --- neighbours ---
    def shifted(self, steps: int) -> Period:
        per_year = 12 // MONTHS_IN[self.kind]
        position = self.fy * per_year + (self.index - 1) + steps
        return Period(self.kind, position // per_year, position % per_year + 1)

    def previous(self) -> Period:
        return self.shifted(-1)

    def next(self) -> Period:
        return self.shifted(1)

    def same_period_last_year(self) -> Period:
        return Period(self.kind, self.fy - 1, self.index)

    def latest_of_kind(self, kind: PeriodKind | str) -> Period:
        """The latest period of `kind` that has ended by the end of this one: for September 2020, the
        quarter is Q2 2020/21 and the year 2019/20."""
        kind = PeriodKind(kind)
        candidate = Period.containing(kind, self.end)
        return candidate if candidate.end <= self.end else candidate.previous()

    def contains(self, other: Period) -> bool:
        return self.start <= other.start and other.end <= self.end

    # --- names ---
    @cached_property
    def code(self) -> str:
        if self.kind is PeriodKind.MONTH:
            return f"{self.start.year}-{self.start.month:02d}"
        if self.kind is PeriodKind.QUARTER:
            return f"{financial_year_label(self.fy)} Q{self.index}"
        return financial_year_label(self.fy)

    @property
    def slug(self) -> str:
        """The code made safe for a URL: '2024-09', '2024-25-q2', 'fy2024-25'."""
        if self.kind is PeriodKind.MONTH:
            return self.code
        year = f"{self.fy}-{(self.fy + 1) % 100:02d}"
        return f"{year}-q{self.index}" if self.kind is PeriodKind.QUARTER else f"fy{year}"

    @cached_property  # kept: a scorecard prints the same few periods' labels thousands of times
    def label(self) -> str:
        """The short label scorecards print: 'Sep 24', 'Q2 2024/25', '2024/25' (a quarter always with its
        year: "Last period (Q4)" leaves a councillor to guess which year's)."""
        if self.kind is PeriodKind.MONTH:
            return self.start.strftime("%b %y")
        if self.kind is PeriodKind.QUARTER:
            return f"Q{self.index} {financial_year_label(self.fy)}"
        return financial_year_label(self.fy)

    @cached_property
    def long_label(self) -> str:
        """'September 2024', 'Q2 2024/25 (Jul-Sep 2024)', '2024/25'."""
        if self.kind is PeriodKind.MONTH:
            return self.start.strftime("%B %Y")
        if self.kind is PeriodKind.QUARTER:
            return f"Q{self.index} {financial_year_label(self.fy)} ({self.start:%b}\u2013{self.end:%b %Y})"
        return financial_year_label(self.fy)

    @property
    def year_to_date_label(self) -> str:
        """'April to November 2021': from the start of the financial year to the end of this period."""
        first = dt.date(self.fy, 4, 1)
        if self.kind is PeriodKind.YEAR:
            return f"April {self.fy} to March {self.fy + 1}"
        if self.end.month == 4:
            return f"April {self.fy}"
        if self.end.year != first.year:
            return f"{first:%B %Y} to {self.end:%B %Y}"
        return f"{first:%B} to {self.end:%B %Y}"

    def __str__(self) -> str:
        return self.code


def _date_of_month_index(fy: int, month_index: int) -> dt.date:
    month = (month_index + 2) % 12 + 1
    year = fy if month >= 4 else fy + 1
    return dt.date(year, month, 1)


_QUARTER_RE = re.compile(
    r"(?:(?P<fy1>(?:FY\s*)?\d{4}(?:\s*[/-]\s*\d{2,4})?)[\s_-]*)?Q(?:uarter)?\s*(?P<q>[1-4])(?:\s*(?P<fy2>\d{4}(?:\s*[/-]\s*\d{2,4})?))?",
    re.IGNORECASE,
)
_MONTH_NAME_RE = re.compile(r"(?P<name>[A-Za-z]+)[\s\-./]*(?P<year>\d{2}|\d{4})")


def parse_period(value: object, kind: PeriodKind | str | None = None) -> Period:
    """Read a period from what a person or a spreadsheet wrote. With `kind`, a date or a bare financial
    year is read as the period of that kind containing it. Raises ValueError with a readable reason."""
    if isinstance(value, Period):
        return value
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return Period.containing(kind or PeriodKind.MONTH, value)
    text = str(value).strip()
    if not text:
        raise ValueError("the period is blank")

    match = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[ T]00:00(?::00)?)?", text)
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12:
            # "2024-09" names a month; a full date ("2024-09-30", as spreadsheets write them) is read
            # as the period of the kind asked for that contains it.
            return Period.containing(kind if match.group(3) and kind else PeriodKind.MONTH, dt.date(year, month, 1))
        if match.group(3) or month != (year + 1) % 100:
            raise ValueError(f"'{text}' has no month {month}")

    match = _QUARTER_RE.fullmatch(text)
    if match and (match.group("fy1") or match.group("fy2")):
        fy = parse_financial_year(match.group("fy1") or match.group("fy2"))
        return Period.quarter(fy, int(match.group("q")))

    match = _MONTH_NAME_RE.fullmatch(text)
    if match and match.group("name").lower() in _MONTH_NAMES:
        year = int(match.group("year"))
        year = year + 2000 if year < 100 else year
        return Period.month(year, _MONTH_NAMES[match.group("name").lower()])

    try:
        fy = parse_financial_year(text)
    except ValueError:
        if re.fullmatch(r"(?:FY\s*)?\d{4}\s*[/-]\s*\d{2,4}", text, re.IGNORECASE):
            raise
    else:
        if re.fullmatch(r"\d{4}", text) and kind not in (None, PeriodKind.YEAR, "year"):
            raise ValueError(f"'{text}' is a bare year; write a month as 2024-09 or a quarter as 2024/25 Q2")
        return Period.year(fy)

    raise ValueError(
        f"'{text}' is not a period; write a month as 2024-09 or Sep 24, "
        "a quarter as 2024/25 Q2, a financial year as 2024/25"
    )


def not_started(period: Period, today: dt.date) -> str:
    """Why a period cannot carry figures yet (it begins after this month), or '' when it can."""
    this_month = Period.containing(PeriodKind.MONTH, today)
    if period.start <= this_month.end:
        return ""
    return (
        f"{period.long_label} has not started yet (this month is {this_month.long_label}): "
        "give a period up to this month"
    )


def not_of_kind(period: Period, kind: PeriodKind, whose: str = "this scorecard") -> str:
    """Why `period` is not one of a monthly or quarterly scorecard's periods, with how to write one
    ('this scorecard is quarterly: write 2020/21 Q2'), or '' when it is."""
    if period.kind is kind:
        return ""
    if kind is PeriodKind.QUARTER:
        example = Period.containing(PeriodKind.QUARTER, period.end).code
        return f"{whose} is quarterly: write a quarter, such as {example}"
    if kind is PeriodKind.MONTH:
        example = Period.containing(PeriodKind.MONTH, period.end).code
        return f"{whose} is monthly: write a month, such as {example}"
    return f"{whose} is yearly: write a financial year, such as {Period.year(period.fy).code}"
