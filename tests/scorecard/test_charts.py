"""What the charts draw: axes that start where the figures can be, labels that never overlap, and a
target line that cannot be taken for the mean."""

import pytest

from scorecard.charts import figure_bounds, wrapped_title

EXAMPLE = "/scorecards/example-history/2024-03/"


@pytest.mark.parametrize(
    "values, unit, bounds",
    [
        ([3.0, 7.0], "count", (0.0, None)),  # a count is never drawn below zero
        ([94.0, 99.5], "percentage", (0.0, 100.0)),  # nor a percentage above 100
        ([-2.0, 4.0], "score", (None, None)),  # a figure that is below zero shows where it can go
        ([80.0, 104.0], "percentage", (0.0, None)),  # so does a percentage over 100
        ([], "count", (None, None)),
    ],
)
def test_the_bounds_a_chart_draws_within(values, unit, bounds):
    assert figure_bounds(values, unit) == bounds


def test_the_xmr_chart_keeps_its_axis_and_limits_where_the_figures_can_be(demo, signed_in):
    chart = signed_in.get(EXAMPLE + "measures/EX01/").context["spc_chart"]()  # worked out when the page draws it
    lines = {trace.get("name"): trace for trace in chart["data"] if trace.get("mode") == "lines"}
    drawn = [v for trace in chart["data"] for v in trace["y"] if v is not None]
    bottom, top = chart["layout"]["yaxis"]["range"]
    assert bottom <= min(drawn) and top >= max(drawn) and bottom >= 0
    assert lines["Mean"]["line"]["dash"] == "solid"
    # long series: about a dozen slanted labels, never one per month over four years
    axis = chart["layout"]["xaxis"]
    assert len(chart["data"][0]["x"]) > 12 and axis["nticks"] == 12 and axis["tickangle"] == -45


def test_the_target_and_the_mean_differ_in_colour_and_dash(demo, signed_in):
    for code in ("EX01", "EX02", "EX03", "EX04", "EX05", "EX06", "EX07"):
        chart = signed_in.get(EXAMPLE + f"measures/{code}/").context["spc_chart"]()  # worked out when the page draws it
        lines = {trace.get("name"): trace["line"] for trace in chart["data"] if trace.get("mode") == "lines"}
        if "Target" in lines:
            break
    else:
        pytest.fail("no example measure draws a target on its XmR chart")
    assert lines["Target"]["color"] != lines["Mean"]["color"]
    assert lines["Target"]["dash"] != lines["Mean"]["dash"]


@pytest.mark.parametrize(
    "title, shown",
    [
        ("2C: figures this year", "2C: figures this year"),
        (
            "Proportion of older people still at home 91 days after discharge: figures this year",
            "Proportion of older people still at home<br>91 days after discharge: figures this year",
        ),
        ("<b>Bold</b> & co", "&lt;b&gt;Bold&lt;/b&gt; &amp; co"),  # markup in a title is text
    ],
)
def test_a_long_chart_title_is_broken_over_lines_so_a_phone_never_clips_it(title, shown):
    assert wrapped_title(title) == shown
