"""The funnel plot's limits against hand-worked values, and boundary files checked feature by feature."""

import json

import pytest

from areas.boundaries import read_boundaries
from indicators.problems import FileError
from indicators.statistics import funnel_limits

RELEASE = {
    "area_type": "locality",
    "release": "Localities 2025",
    "vintage": "April 2025",
    "valid_from": "2025-04-01",
    "source": "The council's own localities",
    "attribution": ["Contains the council's own boundaries"],
}
CLOCKWISE = [[0.0, 0.0], [0.0, 1.0], [1.0, 1.0], [1.0, 0.0], [0.0, 0.0]]
ANTICLOCKWISE = list(reversed(CLOCKWISE))


def collection(*features, **release):
    return json.dumps({"type": "FeatureCollection", **RELEASE, **release, "features": list(features)}).encode()


def feature(code, name="North", ring=CLOCKWISE, kind="Polygon"):
    coordinates = [ring] if kind == "Polygon" else [[ring]]
    return {
        "type": "Feature",
        "properties": {"code": code, "name": name},
        "geometry": {"type": kind, "coordinates": coordinates},
    }


@pytest.mark.parametrize(
    "centre, denominator, multiplier, proportion, level, expected",
    [
        # 73.6% over 900: Wilson with p = 0.736, n = 900, z = 1.959964:
        # (2np + z^2 -/+ z sqrt(z^2 + 4np(1 - p))) / (2(n + z^2)) = 70.624%, 76.375%
        (73.6, 900, 100, True, 95, (70.6242, 76.3752)),
        (73.6, 900, 100, True, 99.8, (68.8288, None)),  # z = 3.090232
        # 500 per 100,000 over 10,000 people: the expected count is 50; Byar's limits of 50 are
        # 50(1 - 1/450 - z/(3 sqrt 50))^3 = 37.108 and 51(1 - 1/459 + z/(3 sqrt 51))^3 = 65.920,
        # so 371.08 and 659.20 per 100,000
        (500, 10000, 100000, False, 95, (371.0810, 659.2016)),
    ],
)
def test_funnel_limits_match_the_hand_worked_values(centre, denominator, multiplier, proportion, level, expected):
    low, high = funnel_limits(centre, denominator, multiplier, proportion, level)
    assert low == pytest.approx(expected[0], abs=1e-4)
    if expected[1] is not None:
        assert high == pytest.approx(expected[1], abs=1e-4)


def test_the_limits_narrow_as_the_denominator_grows():
    widths = [(lambda pair: pair[1] - pair[0])(funnel_limits(50.0, n, 100, True)) for n in (50, 200, 1000, 5000)]
    assert widths == sorted(widths, reverse=True)


def test_a_valid_file_is_read_with_its_release():
    found = read_boundaries(collection(feature("L1"), feature("L2", "South")))
    assert (found.area_type, found.release, str(found.valid_from)) == ("locality", "Localities 2025", "2025-04-01")
    assert [f.code for f in found.features] == ["L1", "L2"] and found.rewound == 0


def test_the_winding_order_is_put_right_and_said():
    found = read_boundaries(collection(feature("L1", ring=ANTICLOCKWISE), feature("L2", "South")))
    assert found.rewound == 1
    ring = found.features[0].geometry["coordinates"][0]
    area = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False)) / 2
    assert area < 0  # clockwise (north up): the order the maps draw in


@pytest.mark.parametrize(
    "features, message",
    [
        ([feature("")], "Feature 1: it has no code"),
        ([feature("L1"), feature("L1", "South")], "Feature 2 (L1): the code is already used by feature 1"),
        ([feature("L1", "")], "Feature 1 (L1): it has no name"),
        (
            [
                {
                    "type": "Feature",
                    "properties": {"code": "L1", "name": "North"},
                    "geometry": {"type": "Point", "coordinates": [0, 0]},
                }
            ],
            "Feature 1 (L1): its geometry is Point",
        ),
        (
            [feature("L9", ring=[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]])],  # a bow tie crosses itself
            "Feature 1 (L9): its outline is not valid: Self-intersection",
        ),
        ([feature("L1", ring=[[400, 0], [400, 1], [401, 1], [400, 0]])], "are not longitude and latitude"),
    ],
)
def test_a_bad_feature_refuses_the_file_naming_it(features, message):
    with pytest.raises(FileError) as refused:
        read_boundaries(collection(*features))
    assert any(message in problem for problem in refused.value.errors), refused.value.errors


@pytest.mark.parametrize(
    "data, message",
    [
        (b"{not json", "The file is not GeoJSON"),
        (json.dumps({"type": "Feature"}).encode(), "must be a GeoJSON FeatureCollection"),
        (json.dumps({"type": "FeatureCollection", "features": []}).encode(), 'add "area_type", "release"'),
        (collection(feature("L1"), valid_from="1 April"), "write the date as 2024-07-04"),
        (collection(feature("L1"), attribution=[{"Source": "ONS"}]), '"attribution" must be the lines'),
    ],
)
def test_a_file_that_is_not_a_boundary_file_says_what_to_do(data, message):
    with pytest.raises(FileError) as refused:
        read_boundaries(data)
    assert message in str(refused.value)
