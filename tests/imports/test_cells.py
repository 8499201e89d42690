"""One cell read as the analyst meant it: table tests from the habits of council workbooks."""

import datetime as dt
from decimal import Decimal as D

import pytest

from imports.cells import CellProblem, Reading, Unit, clean_text, read_count, read_figure

PERCENT = Unit("percentage")
DAYS = Unit("average", "days")
WEEKS = Unit("average", "weeks")
ADMISSIONS = Unit("count", "", "admissions")
RATE = Unit("rate", "per 100,000 population aged 65+")


@pytest.mark.parametrize(
    "raw, number_format, unit, reading",
    [
        # An Excel number cell holds a binary double: exact only to about 15 significant digits.
        (0.381, "0.0%", PERCENT, Reading(D("38.1"), inexact=True)),  # an Excel percentage cell holds the fraction
        (0.2245063920, "0.00%", PERCENT, Reading(D("22.45063920"), inexact=True)),
        (8 / 21, "0.00%", PERCENT, Reading(D("38.09523810"), inexact=True)),  # 0.38095238095238093
        (38.1, "General", PERCENT, Reading(D("38.1"), inexact=True)),  # typed as a number, shown as one
        (38.1, '0.0"%"', PERCENT, Reading(D("38.1"), inexact=True)),  # a literal % sign: already a percentage
        ("38.095238095238093", "", PERCENT, Reading(D("38.09523810"), inexact=True)),  # a double printed in full
        ("38.0952381", "", PERCENT, Reading(D("38.0952381"))),  # typed: exact
        ("38.1%", "", PERCENT, Reading(D("38.1"))),
        ("42", "@", ADMISSIONS, Reading(D(42))),  # a number stored as text
        ("1,234", "", ADMISSIONS, Reading(D(1234))),
        (" 110 ", "", ADMISSIONS, Reading(D(110))),
        (110, "#,##0", ADMISSIONS, Reading(D(110))),  # an integer cell is exact
        ("28 days", "", DAYS, Reading(D(28))),
        ("5.8 wks", "", WEEKS, Reading(D("5.8"))),
        ("23 admissions", "", ADMISSIONS, Reading(D(23))),
        ("c. 185", "", ADMISSIONS, Reading(D(185), note="approximate")),
        ("~185", "", ADMISSIONS, Reading(D(185), note="approximate")),
        ("185 (provisional)", "", ADMISSIONS, Reading(D(185), note="provisional")),
        ("est. 40", "", ADMISSIONS, Reading(D(40), note="estimate")),
        ("n/a", "", PERCENT, Reading()),
        ("-", "", PERCENT, Reading()),
        (None, "", PERCENT, Reading()),
        ("0.123456789", "", RATE, Reading(D("0.12345679"))),  # kept to the 8 places a figure holds
    ],
)
def test_a_figure_as_the_analyst_meant_it(raw, number_format, unit, reading):
    assert read_figure(raw, number_format, unit) == reading


@pytest.mark.parametrize(
    "raw, number_format, unit, message",
    [
        (0.381, "0.0%", RATE, "is formatted as a percentage, but the measure is per 100,000 population aged 65+"),
        ("12%", "", ADMISSIONS, '"12%" has a % sign, but the measure is a count'),
        ("2 people moved", "", ADMISSIONS, "has words beside the figure that are not the measure's unit"),
        ("28 days", "", WEEKS, "has words beside the figure that are not the measure's unit (weeks)"),
        ("12a", "", ADMISSIONS, '"12a" is not a number'),
        ("lots", "", ADMISSIONS, '"lots" is not a number: write the figure alone'),
        ("Due June 2022", "", PERCENT, "is not a number"),  # a reason goes in the note in the long format
        ("<5", "", ADMISSIONS, 'says "<5", a small number held back: give the figure itself'),
        ("#DIV/0!", "", PERCENT, "shows the Excel error #DIV/0!"),
        (dt.datetime(2024, 9, 1), "d-mmm-yy", PERCENT, "holds a date (01 Sep 2024), not a figure"),
        (True, "", PERCENT, "holds TRUE or FALSE"),
        ("1e30", "", RATE, "1e30 is too large: a figure can have at most 16 digits before the decimal point"),
        (1e16, "General", RATE, "is too large"),
        ("NaN", "", RATE, '"NaN" is not a number'),
        # Text that would run as a formula where a figure belongs: refused, never kept as a figure.
        ('=HYPERLINK("http://evil.example","1")', "", PERCENT, "is not a number"),
        ("=SUM(B2:B4)", "", ADMISSIONS, '"=SUM(B2:B4)" is not a number'),
        ("@risk", "", ADMISSIONS, '"@risk" is not a number'),
    ],
)
def test_what_is_not_a_figure_is_refused_saying_what_to_do(raw, number_format, unit, message):
    with pytest.raises(CellProblem, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_figure(raw, number_format, unit)


@pytest.mark.parametrize(
    "raw, reading",
    [
        ("Due June 2022", Reading(reason="Due June 2022")),
        ("No survey in 2020/21 due to Covid-19", Reading(reason="No survey in 2020/21 due to Covid-19")),
        ("c. 185", Reading(D(185), note="approximate")),
    ],
)
def test_in_the_wide_grid_words_are_the_reason_there_is_no_figure(raw, reading):
    assert read_figure(raw, "", ADMISSIONS, words_are_reasons=True) == reading


def test_in_the_wide_grid_a_figure_with_other_words_is_still_refused():
    with pytest.raises(CellProblem, match="has words beside the figure"):
        read_figure("2 people moved", "", ADMISSIONS, words_are_reasons=True)


@pytest.mark.parametrize(
    "raw, number_format, expected",
    [("654", "", D(654)), (2913, "General", D(2913)), ("2,913", "", D(2913)), (None, "", None), ("", "", None)],
)
def test_counts(raw, number_format, expected):
    assert read_count(raw, number_format) == expected


@pytest.mark.parametrize(
    "raw, number_format, message",
    [
        (0.5, "0%", "is formatted as a percentage, but a numerator or denominator is a count"),
        ("654 people", "", "is not a number: a numerator or denominator is a count"),
        ("#REF!", "", "shows the Excel error #REF!"),
        (12345678901234567, "", "is too large"),
    ],
)
def test_counts_refused(raw, number_format, message):
    with pytest.raises(CellProblem, match=message):
        read_count(raw, number_format)


@pytest.mark.parametrize(
    "raw, message",
    [("a\x00b", "holds a control character"), ("x" * 301, "is 301 characters long; the most it can hold is 300")],
)
def test_text_the_database_would_refuse_is_refused_here(raw, message):
    with pytest.raises(CellProblem, match=message):
        clean_text(raw, "reason", 300)
    assert clean_text("Due June\n2022", "reason", 300) == "Due June\n2022"
