"""The breakdown's map and funnel plot, drawn on the server as SVG (so they print, go into the PDF and
need no tile server, CDN or script under the strict CSP). The map colours each area by how it compares
with the council, never by its raw value; the funnel plot puts each area's value against its
denominator inside the 95% and 99.8% limits around the council's value. Both name every area."""

from __future__ import annotations

import math
from dataclasses import dataclass

from config.cache import process_cache
from indicators import colours
from indicators import statistics as stats

from .breakdown import COMPARED, Breakdown

WIDTH = 500
# the national maps' colours (one palette for every comparison drawn), and white for a withheld count
COLOURS = {**colours.COMPARISON, "withheld": colours.WHITE}
NO_FIGURE = colours.NO_FIGURE
# A texture over each colour that says better or worse without it: dots for better, lines for worse
# (denser for 99.8%), a grey grid for a count withheld, none for similar or not compared. SVG patterns,
# defined once for each map.
TEXTURES = {"best": "dots-dense", "better": "dots", "worse": "lines", "worst": "lines-dense", "withheld": "grid"}
CLOSEST = 6  # tenths of a unit: a point nearer the last one drawn than this adds nothing visible


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    path: str
    colour: str
    words: str
    texture: str = ""  # a key of TEXTURES' values, or "" for none

    @property
    def outline(self) -> str:
        """Drawn inside the area's edge, standing out from its fill (`indicators.colours.outline`)."""
        return colours.outline(self.colour)


@dataclass(frozen=True)
class Legend:
    words: str
    colour: str
    count: int
    texture: str = ""


@dataclass(frozen=True)
class AreaMap:
    shapes: list[Shape]
    legend: list[Legend]
    width: int
    height: int
    attribution: list[str]


def _rings(geometry: dict) -> list[list[list[float]]]:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [ring for polygon in polygons for ring in polygon]


@dataclass(frozen=True)
class Outlines:
    """A release's areas projected: each (id, code, name, SVG path) by name, and the drawing's height."""

    areas: list[tuple[int, str, str, str]]
    height: int


def outlines(release) -> Outlines | None:
    """The release's areas projected and written as SVG paths, worked out once per process: a release is
    never changed, so its outlines are kept by its id (`config.cache.process_cache`)."""
    key = ("area outlines", release.id)
    kept = process_cache.get(key)
    if kept is not None:
        return kept
    areas = [a for a in release.areas.all() if a.geometry]
    if not areas:
        return None
    points = [pt for a in areas for ring in _rings(a.geometry) for pt in ring]
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    squeeze = math.cos(math.radians((north + south) / 2))
    scale = (WIDTH - 10) / max((east - west) * squeeze, 1e-9)

    def path(geometry: dict) -> str:
        """Each ring as its first point then steps from the point before, in tenths of a unit (shorter to
        send), leaving out points too close to the last one drawn to be seen."""
        drawn = []
        for ring in _rings(geometry):
            points: list[tuple[int, int]] = []
            for lon, lat in ring:
                xy = (round(((lon - west) * squeeze * scale + 5) * 10), round(((north - lat) * scale + 5) * 10))
                if not points or abs(xy[0] - points[-1][0]) + abs(xy[1] - points[-1][1]) >= CLOSEST:
                    points.append(xy)
            if len(points) < 3:
                continue
            steps = " ".join(
                f"{(x - px) / 10:g} {(y - py) / 10:g}" for (px, py), (x, y) in zip(points, points[1:], strict=False)
            )
            drawn.append(f"M{points[0][0] / 10:g} {points[0][1] / 10:g}l{steps}z")
        return "".join(drawn)

    found = Outlines(
        [(a.id, a.code, a.name, path(a.geometry)) for a in sorted(areas, key=lambda a: a.name)],
        math.ceil((north - south) * scale) + 10,
    )
    process_cache.put(key, found)
    return found


def area_map(breakdown: Breakdown) -> AreaMap | None:
    """Every mapped area of the release, coloured by its comparison (grey with no figure), fitted to the
    map's width with longitude scaled by the cosine of the middle latitude."""
    drawn = outlines(breakdown.release)
    if drawn is None:
        return None
    by_area = {row.area.id: row for row in breakdown.mapped}
    counts: dict[str, int] = {}
    shapes = []
    for area_id, code, name, path in drawn.areas:
        row = by_area.get(area_id)
        key = row.compared if row else "none"
        counts[key] = counts.get(key, 0) + 1
        words = f"{name}: {row.display}, {row.words}" if row else f"{name}: no figure"
        shapes.append(Shape(code, name, path, COLOURS.get(key, NO_FIGURE), words, TEXTURES.get(key, "")))
    legend = [
        Legend(COMPARED[key].format(council=breakdown.council_name), colour, counts[key], TEXTURES.get(key, ""))
        for key, colour in COLOURS.items()
        if counts.get(key)
    ]
    if counts.get("none"):
        legend.append(Legend("No figure", NO_FIGURE, counts["none"]))
    return AreaMap(shapes, legend, WIDTH, drawn.height, breakdown.release.attribution_lines)


@dataclass(frozen=True)
class FunnelPoint:
    x: float
    y: float
    name: str
    words: str
    colour: str


@dataclass(frozen=True)
class Funnel:
    width: int
    height: int
    centre_y: float
    lines: dict[str, str]  # "95 upper" and so on: SVG path data
    points: list[FunnelPoint]
    x_ticks: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    unit: str
    left: float  # the plot's box inside the drawing
    right_edge: float
    top: float
    bottom_edge: float


def funnel(breakdown: Breakdown, measure) -> Funnel | None:
    """Each area with a numerator and denominator at (denominator, value), with the 95% and 99.8% limits
    around the council's value: Wilson for a proportion, Byar's for a rate (`stats.funnel_limits`)."""
    rows = [r for r in breakdown.mapped if r.denominator and r.value is not None and not r.suppressed]
    if not rows or breakdown.council_value is None:
        return None
    centre, multiplier = float(breakdown.council_value), float(measure.multiplier)
    proportion = measure.unit == "percentage"
    biggest = max(float(r.denominator) for r in rows) * 1.1
    smallest = max(min(float(r.denominator) for r in rows) * 0.5, 1.0)
    steps = [smallest + (biggest - smallest) * i / 60 for i in range(61)]
    limits = {
        level: [stats.funnel_limits(centre, n, multiplier, proportion, level) for n in steps] for level in (95, 99.8)
    }
    values = [float(r.value) for r in rows] + [v for level in limits.values() for pair in level for v in pair]
    low, high = min(values), max(values)
    if proportion:
        low, high = max(low, 0.0), min(high, 100.0)
    pad = (high - low) * 0.05 or 1.0
    low, high = low - pad, high + pad
    width, height, left, bottom, top, right = 540, 330, 60, 44, 10, 36

    def x_of(n: float) -> float:
        return left + n / biggest * (width - left - right)

    def y_of(v: float) -> float:
        return top + (high - v) / (high - low) * (height - top - bottom)

    lines = {}
    for level, pairs in limits.items():
        for side, index in (("lower", 0), ("upper", 1)):
            clipped = [(x_of(n), y_of(min(max(pair[index], low), high))) for n, pair in zip(steps, pairs, strict=True)]
            lines[f"{level:g} {side}"] = "M" + " L".join(f"{x:.1f} {y:.1f}" for x, y in clipped)
    points = [
        FunnelPoint(
            x_of(float(r.denominator)),
            y_of(float(r.value)),
            r.area.name,
            f"{r.area.name}: {r.display} of {r.denominator:,.0f}, {r.words}",
            COLOURS[r.compared],
        )
        for r in rows
    ]
    x_ticks = [(x_of(biggest * i / 4), f"{biggest * i / 4:,.0f}") for i in range(5)]
    y_ticks = [(y_of(low + (high - low) * i / 4), f"{low + (high - low) * i / 4:.1f}") for i in range(5)]
    return Funnel(
        width,
        height,
        y_of(centre),
        lines,
        points,
        x_ticks,
        y_ticks,
        "%" if proportion else "",
        left,
        width - right,
        top,
        height - bottom,
    )
