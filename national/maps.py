"""The map of every English council with adult social care duties, drawn on the server as SVG (so it
prints, goes into a PDF and needs no tile server or script), each council coloured by how it compares
with England or by its quartile, never by its raw value alone. The boundaries are ONS's Counties and
Unitary Authorities (December 2023), super generalised; the attribution goes under every map.

The outlines are projected once per process (longitude scaled by the cosine of England's middle
latitude, which keeps the country's shape at this size) and each map is a list of shapes with words."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from indicators import colours

from .figures import MeasureYear

BOUNDARIES = Path(__file__).parent / "boundaries" / "england-upper-tier-councils-2023.geojson"
ATTRIBUTION = (
    "Source: Office for National Statistics licensed under the Open Government Licence v.3.0",
    "Contains OS data © Crown copyright and database right 2023",
    "Map source: Office for National Statistics: Counties and Unitary Authorities December 2023",
)
WIDTH = 500  # the SVG's width in its own units; the height follows from England's shape
_MIDDLE_LATITUDE = 52.8
_SCALE = WIDTH / (8.3 * math.cos(math.radians(_MIDDLE_LATITUDE)))  # England spans about 8.3 degrees
_WEST, _NORTH = -6.45, 55.85
_STEP = 0.8  # a point closer than this to the last one drawn adds nothing visible at this size

# What each colour means, in the order the legend lists them. Darker is stronger evidence; the colours
# are told apart by people with the common kinds of colour blindness, and each shape has its words.
_ENGLAND_WORDS = {
    "best": "Better than England (99.8%)",
    "better": "Better than England (95%)",
    "similar": "Similar to England",
    "worse": "Worse than England (95%)",
    "worst": "Worse than England (99.8%)",
    "higher": "Higher than England",
    "lower": "Lower than England",
    "not compared": "Not compared (no interval, or no England figure)",
}
BY_ENGLAND = {key: (words, colours.COMPARISON[key]) for key, words in _ENGLAND_WORDS.items()}
_QUARTILE_WORDS = {1: "1st (best) quartile", 2: "2nd quartile", 3: "3rd quartile", 4: "4th (worst) quartile"}
BY_QUARTILE = {key: (words, colours.QUARTILES[key]) for key, words in _QUARTILE_WORDS.items()}
NO_FIGURE = ("No figure this year", colours.NO_FIGURE)
COLOUR_BY = {"england": "comparison with England", "quartile": "quartile"}


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    path: str  # SVG path data
    key: str  # the legend entry it belongs to
    colour: str
    words: str  # what a screen reader (and a hover) says of it
    highlighted: bool


@dataclass(frozen=True)
class LegendEntry:
    words: str
    colour: str
    count: int


@dataclass(frozen=True)
class CouncilMap:
    shapes: list[Shape]
    legend: list[LegendEntry]
    width: int
    height: int
    colour_by: str
    unmapped: list[str]  # councils with a figure but no outline on these (December 2023) boundaries
    attribution: tuple[str, ...] = ATTRIBUTION

    def summary(self) -> str:
        counted = [f"{e.count} {e.words[0].lower()}{e.words[1:]}" for e in self.legend if e.count]
        return "; ".join(counted) + "."


def _project(lon: float, lat: float) -> tuple[int, int]:
    """A point in tenths of the map's units (whole numbers, so steps between points add up exactly)."""
    x = (lon - _WEST) * math.cos(math.radians(_MIDDLE_LATITUDE)) * _SCALE
    y = (_NORTH - lat) * _SCALE
    return round(x * 10), round(y * 10)


def _short(number: float) -> str:
    """0.7 as .7 and -0.7 as -.7: SVG reads both, and a map has tens of thousands of them."""
    text = f"{number:g}"
    return text.replace("0.", ".", 1) if text.lstrip("-").startswith("0.") else text


def _ring(points: list[list[float]]) -> str:
    """One ring as SVG path data: its first point, then each step from the point before (shorter)."""
    drawn: list[tuple[int, int]] = []
    for lon, lat in points:
        xy = _project(lon, lat)
        if not drawn or abs(xy[0] - drawn[-1][0]) + abs(xy[1] - drawn[-1][1]) >= _STEP * 10:
            drawn.append(xy)
    if len(drawn) < 3:
        return ""
    steps = [
        f"{_short((x - px) / 10)} {_short((y - py) / 10)}" for (px, py), (x, y) in zip(drawn, drawn[1:], strict=False)
    ]
    first_x, first_y = drawn[0]
    return f"M{first_x / 10:g} {first_y / 10:g}l" + " ".join(steps) + "z"


@lru_cache(maxsize=1)
def outlines() -> tuple[dict[str, tuple[str, str]], int]:
    """Each council's (name, SVG path) by ONS code, and the map's height: read and projected once."""
    collection = json.loads(BOUNDARIES.read_text(encoding="utf-8"))
    found: dict[str, tuple[str, str]] = {}
    bottom = 0.0
    for feature in collection["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        path = "".join(_ring(ring) for polygon in polygons for ring in polygon)
        bottom = max(bottom, *(_project(lon, lat)[1] / 10 for polygon in polygons for lon, lat in polygon[0]))
        found[feature["properties"]["code"]] = (feature["properties"]["name"], path)
    return found, math.ceil(bottom) + 2


def council_map(figures: MeasureYear, colour_by: str = "england", highlight: str = "", values=None) -> CouncilMap:
    """Every council's outline coloured by `colour_by` ("england" or "quartile"); `values` writes a
    value in the measure's unit for the words."""
    shapes_by_code, height = outlines()
    scheme = BY_QUARTILE if colour_by == "quartile" else BY_ENGLAND
    counts = {key: 0 for key in scheme} | {None: 0}
    shapes = []
    for code, (name, path) in shapes_by_code.items():
        council = figures.council(code)
        if council is None:
            key, (words, colour) = None, NO_FIGURE
            said = f"{name}: no figure"
        else:
            key = council.quartile if colour_by == "quartile" else council.compared_with_england
            words, colour = scheme.get(key, NO_FIGURE)
            value = values(council.value) if values else f"{council.value:g}"
            said = f"{name}: {value}, {words.lower() if key is not None else 'no quartile'}"
        counts[key if key in scheme else None] += 1
        shapes.append(Shape(code, name, path, str(key), colour, said, code == highlight))
    shapes.sort(key=lambda s: s.highlighted)  # the highlighted council last, so its outline is on top
    legend = [LegendEntry(words, colour, counts[key]) for key, (words, colour) in scheme.items()]
    legend.append(LegendEntry(*NO_FIGURE, counts[None]))
    unmapped = sorted(c.name for c in figures.councils if c.code not in shapes_by_code)
    return CouncilMap(shapes, legend, WIDTH, height, colour_by, unmapped)
