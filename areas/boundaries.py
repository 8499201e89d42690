"""A boundary file read and checked: a GeoJSON FeatureCollection of Polygon or MultiPolygon features,
each with a `code` and a `name`, in longitude and latitude (WGS84). Every geometry must be valid (shapely),
every code unique; the winding order is put right (exterior rings clockwise, holes anticlockwise, the order
the maps draw in) and said. What is wrong is named by feature, and the file is refused whole.

What the release is (its kind of area, name, vintage, dates, source and attribution) comes with the file,
as members of the FeatureCollection beside `features` (docs/data-format.md, "Boundary files")."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from shapely import make_valid  # noqa: F401  (imported so a missing GEOS fails here, not mid-check)
from shapely.geometry import mapping, shape
from shapely.geometry.polygon import orient
from shapely.validation import explain_validity

from indicators.problems import FileError

MOST_PROBLEMS = 50
RELEASE_FIELDS = ("area_type", "release", "vintage", "valid_from", "source", "attribution")


@dataclass(frozen=True)
class Feature:
    code: str
    name: str
    geometry: dict  # GeoJSON, exterior rings clockwise


@dataclass
class Boundaries:
    area_type: str
    area_type_plural: str
    area_type_name: str
    release: str
    vintage: str
    valid_from: dt.date
    valid_to: dt.date | None
    source: str
    attribution: list[str]
    features: list[Feature] = field(default_factory=list)
    rewound: int = 0  # features whose rings were turned round
    not_known: bool = True  # add the release's own "Not known" and "Outside the council" areas


def _date(value, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise FileError(f'"{name}" is {value!r}: write the date as 2024-07-04.') from None


def read_boundaries(data: bytes) -> Boundaries:
    """The checked release and its features, or FileError naming every problem (the first fifty)."""
    try:
        collection = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise FileError("The file is not text in UTF-8: save the GeoJSON as UTF-8 and upload it again.") from None
    except json.JSONDecodeError as problem:
        raise FileError(
            f"The file is not GeoJSON: {problem.msg} at line {problem.lineno}, column {problem.colno}."
        ) from None
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise FileError('The file must be a GeoJSON FeatureCollection ("type": "FeatureCollection").')
    missing = [name for name in RELEASE_FIELDS if not collection.get(name)]
    if missing:
        raise FileError(
            "The file does not say what it holds: add "
            + ", ".join(f'"{name}"' for name in missing)
            + ' beside "features" (docs/data-format.md, Boundary files).'
        )
    attribution = collection["attribution"]
    lines = attribution if isinstance(attribution, list) else str(attribution).splitlines()
    if not all(isinstance(line, str) for line in lines):
        raise FileError('"attribution" must be the lines every map carries, as text: a list of strings.')
    found = Boundaries(
        area_type=str(collection["area_type"]).strip(),
        area_type_plural=str(collection.get("area_type_plural") or f"{collection['area_type']}s").strip(),
        area_type_name=str(collection.get("area_type_name") or collection["area_type"]).strip(),
        release=str(collection["release"]).strip(),
        vintage=str(collection["vintage"]).strip(),
        valid_from=_date(collection["valid_from"], "valid_from"),
        valid_to=_date(collection["valid_to"], "valid_to") if collection.get("valid_to") else None,
        source=str(collection["source"]).strip(),
        attribution=[str(line).strip() for line in lines if str(line).strip()],
    )
    if found.valid_to is not None and found.valid_to < found.valid_from:
        raise FileError(f'"valid_to" ({found.valid_to}) is before "valid_from" ({found.valid_from}).')
    features = collection.get("features")
    if not isinstance(features, list) or not features:
        raise FileError('The file has no features: "features" must list one feature per area.')
    problems: list[str] = []
    seen: dict[str, int] = {}
    for number, feature in enumerate(features, start=1):
        checked = _feature(number, feature, seen, problems)
        if checked is not None:
            feature_found, turned = checked
            found.features.append(feature_found)
            found.rewound += turned
    if problems:
        shown = problems[:MOST_PROBLEMS]
        more = f" (and {len(problems) - MOST_PROBLEMS} more)" if len(problems) > MOST_PROBLEMS else ""
        raise FileError(shown + ([f"{len(problems)} problems in all{more}; nothing was loaded."]))
    return found


def _feature(number: int, feature, seen: dict[str, int], problems: list[str]) -> tuple[Feature, int] | None:
    properties = (feature or {}).get("properties") or {} if isinstance(feature, dict) else {}
    code = str(properties.get("code") or "").strip()
    name = str(properties.get("name") or "").strip()
    where = f"Feature {number}" + (f" ({code})" if code else "")
    if not code:
        problems.append(f'{where}: it has no code: give each feature a "code" property (its ONS code, or your own)')
        return None
    if code in seen:
        problems.append(f"{where}: the code is already used by feature {seen[code]}: give each area its own code")
        return None
    seen[code] = number
    if not name:
        problems.append(f'{where}: it has no name: give each feature a "name" property')
        return None
    geometry = feature.get("geometry") if isinstance(feature, dict) else None
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        kind = geometry.get("type") if isinstance(geometry, dict) else "nothing"
        problems.append(f"{where}: its geometry is {kind}: an area's outline must be a Polygon or MultiPolygon")
        return None
    try:
        outline = shape(geometry)
    except (ValueError, TypeError, AttributeError, IndexError) as problem:
        problems.append(f"{where}: its coordinates cannot be read as an outline ({problem})")
        return None
    bounds = outline.bounds if not outline.is_empty else None
    if bounds is None:
        problems.append(f"{where}: its outline is empty")
        return None
    if bounds[0] < -180 or bounds[2] > 180 or bounds[1] < -90 or bounds[3] > 90:
        problems.append(f"{where}: its coordinates are not longitude and latitude (WGS84): reproject the file")
        return None
    if not outline.is_valid:
        problems.append(f"{where}: its outline is not valid: {explain_validity(outline)}")
        return None
    # orient(sign=-1): exterior rings clockwise, holes anticlockwise
    polygons = list(outline.geoms) if outline.geom_type == "MultiPolygon" else [outline]
    turned = sum(1 for p in polygons if p.exterior.is_ccw)
    oriented = [orient(p, sign=-1.0) for p in polygons]
    drawn = oriented[0] if geometry["type"] == "Polygon" else type(outline)(oriented)
    return Feature(code, name, json.loads(json.dumps(mapping(drawn)))), 1 if turned else 0
