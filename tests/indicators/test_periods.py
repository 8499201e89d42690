"""Financial-year periods: parsing, dates, neighbours, labels."""

import datetime as dt

import pytest

from indicators import periods
from indicators.periods import Period, PeriodKind, financial_year_of, parse_financial_year, parse_period


@pytest.mark.parametrize(
    "day, fy",
    [
        (dt.date(2024, 4, 1), 2024),
        (dt.date(2025, 3, 31), 2024),
        (dt.date(2024, 3, 31), 2023),
        (dt.date(2020, 9, 30), 2020),
    ],
)
def test_financial_year_runs_april_to_march(day, fy):
    assert financial_year_of(day) == fy


@pytest.mark.parametrize(
    "text, code",
    [
        ("2024-09", "2024-09"),
        ("Sep 24", "2024-09"),
        ("Sep-2024", "2024-09"),
        ("September 2024", "2024-09"),
        ("sept 24", "2024-09"),
        ("2024-09-01", "2024-09"),
        ("2024-09-30 00:00:00", "2024-09"),
        ("2024/25 Q2", "2024/25 Q2"),
        ("Q2 2024/25", "2024/25 Q2"),
        ("2024-25-q2", "2024/25 Q2"),
        ("2017-18-q3", "2017/18 Q3"),  # a quarterly scorecard's address
        ("2017-18-Q3", "2017/18 Q3"),
        ("2024/2025 Q1", "2024/25 Q1"),
        ("2024/25", "2024/25"),
        ("2024-25", "2024/25"),
        ("fy2024-25", "2024/25"),
        ("2011-12", "2011-12"),  # a month: years are written 2011/12 or fy2011-12
    ],
)
def test_parse_period(text, code):
    assert parse_period(text).code == code


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "blank"),
        ("2024-13", "no month 13"),
        ("Smarch 24", "not a period"),
        ("2024/26", "does not follow"),
        ("Q5 2024/25", "not a period"),
    ],
)
def test_parse_period_refuses_with_a_reason(text, message):
    with pytest.raises(ValueError, match=message):
        parse_period(text)


def test_a_date_is_read_as_the_period_of_the_kind_asked_for():
    assert parse_period(dt.datetime(2020, 8, 15), PeriodKind.QUARTER).code == "2020/21 Q2"
    assert parse_period(dt.date(2021, 2, 1), PeriodKind.YEAR).code == "2020/21"


@pytest.mark.parametrize(
    "period, start, end, months",
    [
        (Period.month(2024, 9), dt.date(2024, 9, 1), dt.date(2024, 9, 30), 6),
        (Period.month(2025, 3), dt.date(2025, 3, 1), dt.date(2025, 3, 31), 12),
        (Period.quarter(2024, 1), dt.date(2024, 4, 1), dt.date(2024, 6, 30), 3),
        (Period.quarter(2024, 3), dt.date(2024, 10, 1), dt.date(2024, 12, 31), 9),
        (Period.quarter(2024, 4), dt.date(2025, 1, 1), dt.date(2025, 3, 31), 12),
        (Period.year(2024), dt.date(2024, 4, 1), dt.date(2025, 3, 31), 12),
        (Period.month(2024, 2), dt.date(2024, 2, 1), dt.date(2024, 2, 29), 11),  # leap year
    ],
)
def test_period_dates(period, start, end, months):
    assert (period.start, period.end, period.months_elapsed) == (start, end, months)


@pytest.mark.parametrize(
    "period, previous, following",
    [
        (Period.month(2024, 4), "2024-03", "2024-05"),  # across the financial year
        (Period.month(2024, 12), "2024-11", "2025-01"),  # across the calendar year
        (Period.quarter(2024, 1), "2023/24 Q4", "2024/25 Q2"),
        (Period.year(2018), "2017/18", "2019/20"),
    ],
)
def test_neighbours(period, previous, following):
    assert (period.previous().code, period.next().code) == (previous, following)


def test_latest_of_kind():
    september = Period.month(2020, 9)
    assert september.latest_of_kind(PeriodKind.QUARTER).code == "2020/21 Q2"
    assert september.latest_of_kind(PeriodKind.YEAR).code == "2019/20"
    assert Period.month(2020, 8).latest_of_kind(PeriodKind.QUARTER).code == "2020/21 Q1"


@pytest.mark.parametrize(
    "period, label, long_label, slug",
    [
        (Period.month(2024, 9), "Sep 24", "September 2024", "2024-09"),
        (Period.quarter(2020, 1), "Q1 2020/21", "Q1 2020/21 (Apr–Jun 2020)", "2020-21-q1"),
        (Period.year(2018), "2018/19", "2018/19", "fy2018-19"),
    ],
)
def test_labels_and_slugs(period, label, long_label, slug):
    assert (period.label, period.long_label, period.slug) == (label, long_label, slug)
    assert parse_period(period.slug) == period


def test_financial_year_parsing():
    assert parse_financial_year("2024/25") == 2024
    with pytest.raises(ValueError):
        parse_financial_year("next year")


@pytest.mark.parametrize(
    "code, expected",
    [
        ("2021-11", "April to November 2021"),
        ("2021-04", "April 2021"),
        ("2022-03", "April 2021 to March 2022"),
        ("2020/21 Q2", "April to September 2020"),
        ("2021/22", "April 2021 to March 2022"),
    ],
)
def test_year_to_date_label(code, expected):
    assert periods.parse_period(code).year_to_date_label == expected
