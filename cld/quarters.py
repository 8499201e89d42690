"""The quarters client-level figures are worked out for: each the 12 months to a quarter's last day (the
financial year's quarters end on 30 June, 30 September, 31 December and 31 March)."""

from __future__ import annotations

import datetime as dt


def end_of(day: dt.date) -> dt.date:
    """The last day of the quarter `day` is in."""
    month = ((day.month - 1) // 3 + 1) * 3
    return dt.date(day.year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)


def is_end(day: dt.date) -> bool:
    return end_of(day) == day


def next_end(end: dt.date) -> dt.date:
    """The last day of the quarter after the one ending on `end`."""
    return end_of(end + dt.timedelta(days=1))


def year_to(end: dt.date) -> dt.date:
    """The first day of the 12 months that end on `end` (a quarter's last day)."""
    following = end + dt.timedelta(days=1)
    return following.replace(year=following.year - 1)


def start_of(end: dt.date) -> dt.date:
    """The first day of the quarter ending on `end`."""
    return dt.date(end.year, end.month - 2, 1)
