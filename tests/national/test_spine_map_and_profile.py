"""The spine chart read in the measure's direction, the map's colours against its table, and the
council's profile: plain figures first, then the pages a reader sees."""

from __future__ import annotations

import re

import pytest

from imports import services as uploads
from indicators.statistics import Direction
from national.figures import Row, work_out
from national.maps import BY_ENGLAND, BY_QUARTILE, NO_FIGURE, council_map, outlines
from national.measures import Kind, NationalMeasure
from national.spine import spine

from .test_benchmarking import FIVE, rows_2d


def measure(direction: Direction) -> NationalMeasure:
    return NationalMeasure("X1", "A test measure", "percentage", direction, kind=Kind.COUNTED)


def figures(direction: Direction, england: float | None = 50.0, council_values=(10, 30, 50, 70, 90)):
    rows = [
        Row("council", f"E0600000{i}", f"Council {i}", "R", "T", None, None, v) for i, v in enumerate(council_values, 1)
    ]
    if england is not None:
        rows.append(Row("england", "E92000001", "England", value=england))
    return work_out(measure(direction), "Total", 2021, rows)


# direction, England, council, expected: (ends, band, point)
SPINES = [
    # higher is better: the worst (10) on the left, the best (90) on the right, England at the middle
    (Direction.HIGHER, 50.0, "E06000005", ((0.0, 1.0), (0.25, 0.75), 1.0)),
    (Direction.HIGHER, 50.0, "E06000001", ((0.0, 1.0), (0.25, 0.75), 0.0)),
    # lower is better: the same figures turned round, so 10 (the best) is on the right
    (Direction.LOWER, 50.0, "E06000001", ((0.0, 1.0), (0.25, 0.75), 1.0)),
    (Direction.LOWER, 50.0, "E06000004", ((0.0, 1.0), (0.25, 0.75), 0.25)),
    # England off-centre: the longer side fills its half, the shorter does not reach the edge
    # (half-width 60: from England at 30 to the farther end, 90)
    (Direction.HIGHER, 30.0, "E06000003", ((1 / 3, 1.0), (0.5, 5 / 6), 2 / 3)),
    (Direction.LOWER, 30.0, "E06000003", ((0.0, 2 / 3), (1 / 6, 0.5), 1 / 3)),
]


@pytest.mark.parametrize("direction, england, council, expected", SPINES)
def test_the_spine_chart_puts_the_best_on_the_right_and_england_in_the_middle(direction, england, council, expected):
    drawn = spine(figures(direction, england), council)
    (ends, band, point) = expected
    assert drawn.ends == pytest.approx(ends) and drawn.band == pytest.approx(band)
    assert drawn.point == pytest.approx(point)
    assert drawn.centre == england and drawn.centre_is_england
    best_value = 90 if direction is Direction.HIGHER else 10
    assert drawn.right == best_value and drawn.right_word == "best"


def test_a_spine_chart_without_england_is_centred_on_the_median_and_says_so():
    drawn = spine(figures(Direction.NONE, england=None), "E06000002")
    assert drawn.centre == 50 and not drawn.centre_is_england and drawn.point == 0.25
    assert (drawn.left_word, drawn.right_word) == ("lowest", "highest")


def test_no_spine_chart_with_fewer_than_four_councils():
    assert spine(figures(Direction.HIGHER, council_values=(1, 2, 3)), "E06000001") is None


def counted(numerators: dict[str, int], england: tuple[int, int]) -> list[Row]:
    rows = [Row("council", code, code, "R", "T", n, 1000, None) for code, n in numerators.items()]
    return rows + [Row("england", "E92000001", "England", numerator=england[0], denominator=england[1])]


def test_the_maps_colours_are_the_comparisons_and_quartiles_of_its_table():
    codes = list(outlines()[0])[:8]  # real councils on the December 2023 boundaries
    numerators = dict(zip(codes, (100, 300, 480, 500, 520, 700, 900, 950), strict=True))
    worked = work_out(
        measure(Direction.HIGHER),
        "Total",
        2021,
        [*counted(numerators, (5000, 10000)), Row("council", "E10000006", "Cumbria", numerator=500, denominator=1000)],
    )
    drawn = council_map(worked, "england", highlight=codes[0])
    by_code = {s.code: s for s in drawn.shapes}
    assert len(drawn.shapes) == 153 and drawn.shapes[-1].code == codes[0] and drawn.shapes[-1].highlighted
    for code in codes:
        word = worked.council(code).compared_with_england
        assert by_code[code].colour == BY_ENGLAND[word][1] and BY_ENGLAND[word][0].lower() in by_code[code].words
    no_figure = [s for s in drawn.shapes if s.code not in numerators]
    assert all(s.colour == NO_FIGURE[1] and s.words.endswith("no figure") for s in no_figure)
    assert sum(e.count for e in drawn.legend) == 153 and drawn.legend[-1].count == 145
    assert drawn.unmapped == ["Cumbria"]  # a council reorganised before these boundaries is listed, not lost
    quartiles = council_map(worked, "quartile")
    for shape in quartiles.shapes:
        if shape.code in numerators:
            assert shape.colour == BY_QUARTILE[worked.council(shape.code).quartile][1]
    assert "Worse than England (99.8%)" not in quartiles.summary()


def test_every_outline_is_drawn_inside_the_map():
    shapes, height = outlines()
    for name, path in shapes.values():
        x, y = map(float, re.match(r"M([\d.]+) ([\d.]+)", path).groups())
        assert 0 <= x <= 500 and 0 <= y <= height, name


@pytest.mark.django_db
def test_the_map_profile_and_spine_pages_read_as_a_councillor_needs(signed_in):
    uploads.take_file(rows_2d("2021-22", FIVE).encode(), "b.csv", kind="national")
    page = signed_in.get("/benchmarking/2D/2021-22/?council=E10000003").content.decode()
    assert "Spine chart" in page and 'href="/benchmarking/2D/2021-22/map/"' in page
    assert 'href="/benchmarking/council/E10000003/"' in page
    assert "Council E1-03 80.0% (not compared); worst 60.0%" in page  # the chart's figures in words

    shown = signed_in.get("/benchmarking/2D/2021-22/map/?colour=quartile&council=E10000003").content.decode()
    assert "Map of England's 153 councils" in shown and "Contains OS data © Crown copyright" in shown
    assert "Council E1-03" in shown.split("The figures on the map")[1]  # the table beside the map
    # these made-up codes are not on the boundaries: said, not hidden
    assert "Not on the map" in shown and "Council E1-01" in shown.split("Not on the map")[1]
    bad = signed_in.get("/benchmarking/2D/2021-22/map/?colour=rainbow").content.decode()
    assert "cannot be coloured by" in bad
    assert signed_in.get("/benchmarking/2D/2031-32/map/").status_code == 404

    profile = signed_in.get("/benchmarking/council/E10000003/").content.decode()
    assert "Council E1-03: every national measure" in profile and "2 of 5" in profile
    assert "Spine chart (worst to best)" in profile and "2021/22" in profile
    assert signed_in.get("/benchmarking/council/E99999999/").status_code == 404


@pytest.mark.django_db
def test_the_profile_is_read_again_without_asking_the_database_for_its_figures(
    signed_in, django_assert_max_num_queries
):
    uploads.take_file(rows_2d("2021-22", FIVE).encode(), "b.csv", kind="national")
    signed_in.get("/benchmarking/council/E10000003/")
    with django_assert_max_num_queries(6):  # the session, the user, the council, the version
        assert signed_in.get("/benchmarking/council/E10000003/").status_code == 200


@pytest.mark.django_db
def test_the_profile_asks_the_same_queries_however_many_measures_are_held(signed_in):
    """Worked out cold, a council's profile reads its rows in one query per release and year, not one
    per measure: a file of four measures over two years asks what a file of one measure does."""
    from django.core.cache import cache
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from config.cache import index_cache, process_cache
    from indicators.models import DataVersion

    from .test_editions_and_intervals import load, open_data

    def cold_queries(codes: tuple[str, ...]) -> int:
        with transaction.atomic():
            lines = []
            for year in ("2020-21", "2021-22"):
                for code in codes:
                    text = open_data(year, code, [(n, 200, None, None) for n in (150, 160, 170, 180, 190)]).decode()
                    lines.extend(text.splitlines()[0 if not lines else 1 :])
            load(("\n".join(lines) + "\n").encode(), "national.csv")
            # Each case is rolled back, so two cases could end on the same figures version (and the second
            # read the first's page from the cache): move the version on once more per measure.
            for _ in codes:
                DataVersion.bump()
            index_cache.clear()
            process_cache.clear()
            cache.clear()  # the versions can still repeat across cases: no page kept from an earlier one
            with CaptureQueriesContext(connection) as captured:
                page = signed_in.get("/benchmarking/council/E10000003/").content.decode()
            assert all(f'">{code} ' in page for code in codes), page  # every measure's row is drawn
            transaction.set_rollback(True)
        return len(captured)

    cold_queries(("2D",))  # the first page also reads what every page reads once (the permissions)
    assert cold_queries(("2D",)) == cold_queries(("2D", "1G", "2B1", "1E"))
