"""Plotly figures for the benchmarking page: every council ranked with its interval, England's line and
the quartile bands; and a council over the years against England, its region and its group. Each has the
same figures in a table beside it."""

from __future__ import annotations

import html

import plotly.graph_objects as go

from indicators import periods

from .editions import split_at
from .figures import MeasureYear

COLOURS = {"council": "#1d70b8", "highlight": "#d4351c", "group": "#f47738", "england": "#0b0c0c", "band": "#f3f2f1"}


def _layout(title: str, y_title: str, height: int = 380) -> dict:
    return {
        "title": {"text": html.escape(title), "font": {"size": 16}},
        "margin": {"l": 60, "r": 20, "t": 50, "b": 40},
        "height": height,
        "yaxis": {"title": {"text": html.escape(y_title)}},
        "legend": {"orientation": "h", "y": -0.12},
        "font": {"family": "system-ui, Arial, sans-serif", "color": "#0b0c0c"},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        # Plotly's default theme would travel with every page (about 10 KB); the look is set here instead.
        "template": "none",
        "xaxis": {"gridcolor": "#e8e8e8"},
    }


def ranked_chart(
    figures: MeasureYear, highlight: str = "", group: set[str] | frozenset = frozenset(), councils: list | None = None
) -> dict | None:
    """Every council (or those `councils` a filter leaves) best first, its 95% interval as an error bar,
    the chosen council and its group marked in colour, England as a line and the quartiles (of all
    councils) as shaded bands."""
    councils = sorted(councils if councils is not None else figures.councils, key=lambda c: (c.rank, c.name))
    if not councils:
        return None
    m = figures.measure
    colours = [
        COLOURS["highlight"] if c.code == highlight else COLOURS["group"] if c.code in group else COLOURS["council"]
        for c in councils
    ]
    errors = any(c.ci95 is not None for c in councils)
    bar = go.Bar(
        x=[f"{c.rank}. {c.name}" for c in councils],
        y=[c.value for c in councils],
        marker={"color": colours},
        name="Councils (your council in red, its group in orange)",
        hovertext=[f"{html.escape(c.name)}: {c.value:.{m.decimal_places}f}" for c in councils],
        hoverinfo="text",
    )
    if errors:
        bar.error_y = {
            "type": "data",
            "symmetric": False,
            "array": [(c.ci95.upper - c.value) if c.ci95 else 0 for c in councils],
            "arrayminus": [(c.value - c.ci95.lower) if c.ci95 else 0 for c in councils],
            "color": "#505a5f",
            "thickness": 1,
        }
    fig = go.Figure(bar)
    if figures.cuts is not None:
        cuts = figures.cuts
        for low, high in ((cuts.minimum, cuts.lower), (cuts.median, cuts.upper)):
            fig.add_hrect(y0=low, y1=high, fillcolor=COLOURS["band"], opacity=0.6, line_width=0, layer="below")
    if figures.england is not None:
        fig.add_hline(
            y=figures.england,
            line={"color": COLOURS["england"], "dash": "dash", "width": 2},
            annotation_text=f"England {figures.england:.{m.decimal_places}f}",
        )
    year = periods.financial_year_label(figures.year)
    fig.update_layout(**_layout(f"{m.title}, {year}: councils ranked", "%" if m.unit == "percentage" else m.unit))
    fig.update_layout(xaxis={"showticklabels": False, "title": {"text": "Councils, best first"}}, bargap=0.1)
    fig.update_yaxes(gridcolor="#e8e8e8")
    return fig.to_plotly_json()


def years_chart(
    lines: dict[str, list[tuple[int, float | None]]], title: str, y_title: str, breaks_before: int | None = None
) -> dict | None:
    """Lines over the years: the council, England, its region and its group. Where the method changed
    (`breaks_before`, the first year of the new method) each line stops and starts again, with a note."""
    if not any(v is not None for points in lines.values() for _, v in points):
        return None
    fig = go.Figure()
    styles = {0: ("highlight", "solid", "circle"), 1: ("england", "dash", "square"), 2: ("council", "dot", "diamond")}
    for index, (name, points) in enumerate(lines.items()):
        colour, dash, symbol = styles.get(index, ("group", "dashdot", "triangle-up"))
        for part_number, part in enumerate(p for p in split_at(points, breaks_before) if p):
            fig.add_trace(
                go.Scatter(
                    x=[periods.financial_year_label(y) for y, _ in part],
                    y=[v for _, v in part],
                    name=html.escape(name if part_number == 0 else f"{name} (new method)"),
                    legendgroup=html.escape(name),
                    showlegend=part_number == 0,
                    mode="lines+markers",
                    line={"color": COLOURS[colour], "dash": dash, "width": 2},
                    marker={"symbol": symbol, "size": 8},
                )
            )
    fig.update_layout(**_layout(title, y_title, 340))
    if breaks_before is not None:
        years = sorted({y for points in lines.values() for y, _ in points})
        # The break is drawn between the last year of the old method and the first of the new one.
        at = years.index(breaks_before) - 0.5 if breaks_before in years else None
        if at is not None:
            fig.add_vline(x=at, line={"color": "#505a5f", "dash": "dot", "width": 1})
            fig.add_annotation(
                x=at, y=1, yref="paper", text="Method changed", showarrow=False, xanchor="left", yanchor="bottom"
            )
        fig.update_xaxes(categoryorder="array", categoryarray=[periods.financial_year_label(y) for y in years])
    return fig.to_plotly_json()
