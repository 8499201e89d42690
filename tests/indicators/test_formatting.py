"""How figures are written, and text made safe for spreadsheets."""

from decimal import Decimal as D

import pytest

from indicators import formatting
from indicators.formatting import spreadsheet_safe as safe_cell
from indicators.rules import Unit


@pytest.mark.parametrize(
    "value, unit, places, shown",
    [
        (D(654) * 100 / D(2913), Unit.PERCENTAGE, 2, "22.45%"),
        (D(1444), Unit.COUNT, 0, "1,444"),
        (D("602.9"), Unit.RATE, 1, "602.9"),
        (D("0.04"), Unit.PERCENTAGE, 1, "0.0%"),
        (D("-0.04"), Unit.PERCENTAGE, 1, "0.0%"),  # never "-0.0%"
        (D("2.25"), Unit.AVERAGE, 1, "2.3"),  # half up, as councils round
        (None, Unit.COUNT, 0, ""),
    ],
)
def test_format_value(value, unit, places, shown):
    assert formatting.format_value(value, unit, places) == shown


@pytest.mark.parametrize(
    "value, safe",
    [
        ("=1+1", "'=1+1"),
        ("+44", "'+44"),
        ("-3", "'-3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("ok", "ok"),
        (3, 3),
    ],
)
def test_formula_cells_are_neutralised(value, safe):
    assert safe_cell(value) == safe


@pytest.mark.parametrize(
    "size, shown",
    [
        (850, "850 bytes"),
        (1_001, "1,001 bytes"),
        (42_000, "42 KB"),
        (20_000_000, "20 MB"),
        (20_971_520, "20.97 MB"),  # 20 MiB, as an old limit was set: not "21 MB" beside a 20 MB limit
        (21_000_000, "21 MB"),
        (200_000_000, "200 MB"),
        (1_500_000_000, "1.5 GB"),
    ],
)
def test_file_sizes_are_written_in_the_units_limits_are_set_in(size, shown):
    from indicators.formatting import file_size

    assert file_size(size) == shown


@pytest.mark.parametrize(
    "value, shown",
    [
        (None, ""),
        (D("654"), "654"),
        (D("2913.00000000"), "2,913"),
        (D("243101.5000"), "243,101.5"),
        (D("1234567"), "1,234,567"),
        (D("0.12345"), "0.1235"),  # at most four places
        (D("0"), "0"),
    ],
)
def test_numerators_and_denominators_are_written_with_thousands_separators(value, shown):
    assert formatting.format_count(value) == shown


@pytest.mark.parametrize("people, shown", [(None, ""), (21, "21"), (-21, "21"), (1204, "1,204"), (-15000, "15,000")])
def test_people_are_written_without_a_sign_and_with_separators(people, shown):
    assert formatting.format_people(people) == shown


@pytest.mark.parametrize(
    ("count", "one", "many", "shown"),
    [
        (1, "event", "", "1 event"),
        (0, "event", "", "0 events"),
        (3000, "event", "", "3,000 events"),
        (1, "person", "people", "1 person"),
        (2, "person", "people", "2 people"),
    ],
)
def test_a_count_with_its_noun(count, one, many, shown):
    assert formatting.counted(count, one, many) == shown
