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
