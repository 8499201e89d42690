"""Plotly figures for the measure and quartile pages. The figure goes into the page as JSON
(`json_script`) and a static script draws it, so no inline script is needed. Every chart has the same
figures in a table beside it."""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass
from decimal import Decimal

import plotly.graph_objects as go

from indicators import rules
from indicators.report import MeasureRow

COLOURS = {
    "reported": "#1d70b8",
    "recalculated": "#6f72af",
    "target": "#0b0c0c",
    "council": "#d4351c",
    "xmr_target": "#4c2c92",  # on the XmR chart the target is purple and long-dashed, the mean black and solid
}
CROWDED = 12  # more periods than this and the labels are thinned and slanted, so none overlap


TITLE_LINE = 42  # characters: a longer title is broken over lines, so a phone's narrow chart never clips it


def wrapped_title(title: str, width: int = TITLE_LINE) -> str:
    """A chart title broken into lines of at most `width` characters at spaces, for Plotly (which reads
    a title as HTML and never wraps it): each line escaped, joined by <br>."""
    lines = textwrap.wrap(title, width) or [""]
    return "<br>".join(html.escape(line) for line in lines)


def _layout(title: str, y_title: str) -> dict:
    """Plotly reads a title as HTML: measure names are escaped, so markup in a title shows as text."""
    lines = wrapped_title(title).count("<br>") + 1
    return {
        "title": {"text": wrapped_title(title), "font": {"size": 16}},
        "margin": {"l": 60, "r": 20, "t": 30 + 20 * lines, "b": 50},
        "height": 340,
        "yaxis": {"title": {"text": html.escape(y_title)}, "rangemode": "tozero", "zeroline": True},
        "legend": {"orientation": "h", "y": -0.2},
        "font": {"family": "system-ui, Arial, sans-serif", "color": "#0b0c0c"},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
    }


def _periods_axis(labels: list[str]) -> dict:
    """The period axis: on a long series, at most about a dozen labels, slanted, so they never overlap."""
    if len(labels) <= CROWDED:
        return {"type": "category", "automargin": True}
    return {"type": "category", "automargin": True, "nticks": CROWDED, "tickangle": -45}


def figure_bounds(values: list[float], unit: str) -> tuple[float | None, float | None]:
    """Where the figures can lie: never below zero when none of them is, never above 100% for a
    percentage none of whose figures is. A limit past these is drawn at the bound."""
    floor = 0.0 if values and min(values) >= 0 else None
    ceiling = 100.0 if unit == rules.Unit.PERCENTAGE and values and max(values) <= 100 else None
    return floor, ceiling


def _within(value: float | None, floor: float | None, ceiling: float | None) -> float | None:
    if value is None:
        return None
    if floor is not None and value < floor:
        return floor
    if ceiling is not None and value > ceiling:
        return ceiling
    return value


def _constant_line(labels: list[str], value, name: str, dash: str, colour: str = COLOURS["target"]) -> go.Scatter:
    """A horizontal line across the chart: a target at one level."""
    return go.Scatter(
        x=[labels[0], labels[-1]],
        y=[float(value)] * 2,
        name=name,
        mode="lines",
        line={"color": colour, "width": 3, "dash": dash},
    )


@dataclass(frozen=True)
class TargetLine:
    """A target drawn on the year's chart, and printed as a column of the table beside it."""

    name: str
    values: list[Decimal | None]  # one per period of the year
    dash: str  # "solid" for a target that changes month by month, "dot" or "dash" for a level one


def target_lines(row: MeasureRow) -> list[TargetLine]:
    """Every target line the year's chart draws: the month's profile target, the end-of-year target,
    the minimum and the stretch. The chart and its table both come from this, so they always agree."""
    points = row.series_for_year()
    lines = []
    if any(p.target is not None for p in points):
        lines.append(TargetLine("Target", [p.target for p in points], "solid"))
    target = row.target
    if target is not None and target.rule == rules.Rule.TOLERANCE and target.target is not None:
        lines.append(TargetLine("End-of-year target", [target.target] * len(points), "dot"))
    if target is not None and target.rule == rules.Rule.MIN_STRETCH:
        for name, value, dash in (
            ("Minimum target", target.minimum, "dot"),
            ("Stretch target", target.stretch, "dash"),
        ):
            if value is not None:
                lines.append(TargetLine(name, [value] * len(points), dash))
    return lines


def measure_chart(row: MeasureRow) -> dict | None:
    """Reported outturn, the recalculated series and the target lines across the financial year."""
    points = row.series_for_year()
    if not any(p.latest.value is not None for p in points):
        return None
    labels = [p.period.label for p in points]
    m = row.measure
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=labels,
            y=[float(p.reported.value) if p.reported.value is not None else None for p in points],
            name="Reported outturn",
            mode="lines+markers",
            line={"color": COLOURS["reported"], "width": 3},
        )
    )
    if any(p.recalculated for p in points):
        fig.add_trace(
            go.Scatter(
                x=labels,
                y=[float(p.latest.value) if p.latest.value is not None else None for p in points],
                name="Recalculated",
                mode="lines+markers",
                line={"color": COLOURS["recalculated"], "width": 2, "dash": "dash"},
                marker={"symbol": "diamond"},
            )
        )
    for line in target_lines(row):
        fig.add_trace(
            go.Scatter(
                x=labels,
                y=[float(v) if v is not None else None for v in line.values],
                name=line.name,
                mode="lines",
                line={"color": COLOURS["target"], "width": 2, "dash": line.dash},
            )
        )
    y_title = "%" if m.unit == "percentage" else (m.unit_label or m.unit_name)
    fig.update_layout(**_layout(f"{m.short_title or m.code}: figures this year", y_title))
    fig.update_layout(xaxis=_periods_axis(labels))
    return fig.to_plotly_json()


def year_table(row: MeasureRow) -> dict:
    """The year's chart as a table: each period with its reported and recalculated figure and a column
    for each target line the chart draws."""
    points = row.series_for_year()
    lines = target_lines(row)
    return {
        "targets": [line.name for line in lines],
        "rows": [(point, [line.values[i] for line in lines]) for i, point in enumerate(points)],
    }


def quartile_chart(row: MeasureRow) -> dict | None:
    quartiles = row.quartiles
    if quartiles is None:
        return None
    m = row.measure
    labels = [r.label or "This council" for r in quartiles.rows]
    values = [float(r.score) for r in quartiles.rows]
    colours = [COLOURS["council"] if r.is_council else "#b1b4b6" for r in quartiles.rows]
    fig = go.Figure(
        go.Bar(
            x=values,
            y=labels,
            orientation="h",
            marker={"color": colours},
            text=[r.label or "This council" for r in quartiles.rows],
            hoverinfo="x+y",
        )
    )
    fig.update_layout(**_layout(f"{m.short_title or m.code} against national quartiles", ""))
    fig.update_layout(
        yaxis={"autorange": "reversed", "title": {"text": ""}},
        xaxis={"title": {"text": "%" if m.unit == "percentage" else html.escape(m.unit_label)}},
    )
    return fig.to_plotly_json()


SPC_STYLE = {
    "improvement": ("#1d5fa8", "circle", "Special cause: improvement"),
    "concern": ("#d46a00", "diamond", "Special cause: concern"),
    "neither": ("#6f3c99", "square", "Special cause: neither"),
    "common_cause": ("#8a9095", "circle-open", "Common cause"),
    "excluded": ("#505a5f", "x-thin-open", "Excluded"),
}
RANGES = {"year": 12, "3y": 36, "all": None}


def spc_points(row: MeasureRow, shown: str = "all") -> list:
    """The chart's points for the range asked for: the last 12 or 36 months (4 or 12 quarters), or all."""
    if row.spc is None:
        return []
    points = list(row.spc.points)
    months = RANGES.get(shown)
    if months is None:
        return points
    per_year = {"month": 12, "quarter": 4, "year": 1}[points[-1].period.kind.value] if points else 12
    return points[-(months * per_year // 12) :]


def xmr_chart(row: MeasureRow, shown: str = "all") -> dict | None:
    """The XmR chart: every point by type (colour and shape), the mean, the process limits, the two-sigma
    lines, the target, recalculations and excluded points with their reasons."""
    points = spc_points(row, shown)
    if not points:
        return None
    m = row.measure
    labels = [p.period.label for p in points]
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=labels, y=[p.value for p in points], name="Figure", mode="lines", line={"color": "#b1b4b6", "width": 2}
        )
    )
    for kind, (colour, symbol, name) in SPC_STYLE.items():
        chosen = [p for p in points if p.type == kind]
        if chosen:
            fig.add_trace(
                go.Scatter(
                    x=[p.period.label for p in chosen],
                    y=[p.value for p in chosen],
                    name=name,
                    mode="markers",
                    marker={"color": colour, "symbol": symbol, "size": 10, "line": {"width": 2, "color": colour}},
                    hovertext=[html.escape(p.note) or name for p in chosen],
                )
            )
    floor, ceiling = figure_bounds([p.value for p in points if p.value is not None], m.unit)
    limits = [v for p in points for v in (p.upper, p.lower) if v is not None]
    cut = [v for v in limits if _within(v, floor, ceiling) != v]
    for key, name, dash, width in (
        ("mean", "Mean", "solid", 2),
        ("upper", "Process limits" + (" (drawn at the edge of what the figure can be)" if cut else ""), "dash", 2),
        ("lower", None, "dash", 2),
        ("upper_2s", "Two-sigma lines", "dot", 1),
        ("lower_2s", None, "dot", 1),
    ):
        values = [_within(getattr(p, key), floor, ceiling) for p in points]
        if any(v is not None for v in values):
            fig.add_trace(
                go.Scatter(
                    x=labels,
                    y=values,
                    name=name or "",
                    showlegend=name is not None,
                    mode="lines",
                    line={"color": "#0b0c0c", "dash": dash, "width": width, "shape": "hv"},
                )
            )
    target = row.target
    if target is not None and target.rule == rules.Rule.TOLERANCE and target.target is not None:
        fig.add_trace(_constant_line(labels, target.target, "Target", "longdash", COLOURS["xmr_target"]))
    for point in points:
        if point.note.startswith("Limits recalculated"):
            fig.add_vline(x=point.period.label, line={"color": "#505a5f", "dash": "dashdot"})
    y_title = "%" if m.unit == "percentage" else (m.unit_label or m.unit_name)
    fig.update_layout(**_layout(f"{m.short_title or m.code}: XmR chart", y_title))
    drawn = [v for v in [p.value for p in points] + limits if v is not None]
    if target is not None and target.rule == rules.Rule.TOLERANCE and target.target is not None:
        drawn.append(float(target.target))
    low, high = _within(min(drawn), floor, ceiling), _within(max(drawn), floor, ceiling)
    pad = (high - low) * 0.08 or abs(high) * 0.1 or 1.0
    bottom = low - pad if floor is None or low - pad > floor else floor
    top = high + pad if ceiling is None or high + pad < ceiling else ceiling
    fig.update_layout(yaxis={"range": [bottom, top], "zeroline": False}, xaxis=_periods_axis(labels), height=380)
    return fig.to_plotly_json()
