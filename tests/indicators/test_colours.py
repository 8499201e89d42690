"""The maps' colours: WCAG's contrast ratio worked out as WCAG defines it, and every colour a map fills an
area with outlined, inside its edge, in a colour 3:1 or more from it (WCAG 2.2, 1.4.11)."""

import pytest

from indicators import colours


@pytest.mark.parametrize(
    "one, other, ratio",
    [
        ("#ffffff", "#000000", 21.0),  # the largest there is
        ("#777777", "#777777", 1.0),
        ("#767676", "#ffffff", 4.54),  # the lightest grey that passes 4.5:1 on white, by WCAG's own examples
        ("#1d70b8", "#ffffff", 5.17),  # GOV.UK's link blue on white
        ("#0b0c0c", "#ffffff", 19.59),  # GOV.UK's text colour
    ],
)
def test_contrast_is_worked_out_as_wcag_defines_it(one, other, ratio):
    assert colours.contrast(one, other) == pytest.approx(ratio, abs=0.01)
    assert colours.contrast(other, one) == pytest.approx(ratio, abs=0.01)  # in either order


EVERY_FILL = [*colours.COMPARISON.values(), *colours.QUARTILES.values(), colours.NO_FIGURE]


@pytest.mark.parametrize("fill", EVERY_FILL)
def test_every_fill_is_outlined_in_a_colour_that_stands_out_from_it(fill):
    line = colours.outline(fill)
    assert line in (colours.WHITE, colours.BLACK)
    assert colours.contrast(fill, line) >= 4.5  # above the 3:1 asked, for every fill there is


@pytest.mark.parametrize(
    "fill, line",
    [("#08306b", colours.WHITE), ("#8c2d04", colours.WHITE), ("#ffd966", colours.BLACK), ("#4292c6", colours.BLACK)],
)
def test_dark_fills_get_white_outlines_and_light_ones_black(fill, line):
    assert colours.outline(fill) == line
