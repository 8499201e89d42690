"""The two editions of ASCOF joined where a measure is the same and broken where its method changed:
the matching table as data, the years of a measure across both editions, ranks moving across the join
and the over-the-years chart and table a councillor reads."""

from __future__ import annotations

import pytest

from national import editions, queries
from national.charts import years_chart
from national.measures import KNOWN

HELD = {
    ("2014", "2A1"): [2021, 2022],
    ("2023", "2B"): [2023],
    ("2014", "2D"): [2021, 2022],
    ("2023", "2A"): [2023, 2024],
    ("2014", "1B"): [2022],
    ("2023", "1B"): [2023],
    ("2023", "2D"): [2024],
    ("2014", "1G"): [2022],
}


def years_of(edition: str, code: str) -> list[int]:
    return HELD.get((edition, code), [])


@pytest.mark.parametrize(
    "edition, code, steps, breaks_before",
    [
        # the same measure renumbered: one line across both editions
        ("2014", "2A1", [(2021, "2A1"), (2022, "2A1"), (2023, "2B")], None),
        ("2023", "2B", [(2021, "2A1"), (2022, "2A1"), (2023, "2B")], None),
        # 2A is the old 2D, but from 2024-25 by a changed method: joined, then broken before 2024-25
        ("2023", "2A", [(2021, "2D"), (2022, "2D"), (2023, "2A"), (2024, "2A")], 2024),
        ("2014", "2D", [(2021, "2D"), (2022, "2D"), (2023, "2A"), (2024, "2A")], 2024),
        # 1B names another measure in each edition: old 1B is new 3A, new 1B is old 1J
        ("2014", "1B", [(2022, "1B")], None),
        ("2023", "1B", [(2023, "1B")], None),
        # the new 2D has no earlier years, and no break with nothing before it
        ("2023", "2D", [(2024, "2D")], None),
        # 2E's wider scope from 2024-25: no break drawn while no year of the new scope is held
        ("2014", "1G", [(2022, "1G")], None),
        # a code in no table stays on its own
        ("2014", "ASC6", [], None),
    ],
)
def test_a_measures_years_are_joined_across_the_editions_and_broken_where_its_method_changed(
    edition, code, steps, breaks_before
):
    series = editions.series(edition, code, years_of)
    assert list(series.steps) == steps
    assert series.breaks_before == breaks_before


def test_a_broken_series_is_drawn_in_two_parts():
    series = editions.series("2023", "2A", years_of)
    assert series.joined
    assert series.segments() == [[(2021, "2D"), (2022, "2D"), (2023, "2A")], [(2024, "2A")]]


@pytest.mark.parametrize(
    "edition, code, year, expected",
    [
        ("2014", "2A1", 2022, "2A1"),  # the year before, same edition
        ("2023", "2B", 2023, "2A1"),  # the year before is in the other edition
        ("2023", "2A", 2023, "2D"),
        ("2023", "2A", 2024, None),  # the method changed in 2024-25: ranks are not compared
        ("2023", "2D", 2024, None),  # a new measure: nothing before it
        ("2023", "1B", 2023, "1J"),  # new 1B is old 1J, not old 1B
        ("2014", "ASC6", 2020, "ASC6"),
    ],
)
def test_the_code_a_measure_had_the_year_before(edition, code, year, expected):
    assert editions.previous_code(edition, code, year) == expected


def test_every_code_in_the_matching_table_is_a_measure_of_its_edition():
    for match in editions.table():
        assert match.new in KNOWN["2023"], match
        assert not match.old or match.old in KNOWN["2014"], match
    news = [m.new for m in editions.table()]
    olds = [m.old for m in editions.table() if m.old]
    assert len(news) == len(set(news)) and len(olds) == len(set(olds))
    # the renumbering the national README lists
    assert {(m.new, m.old) for m in editions.table()} >= {("2B", "2A1"), ("2A", "2D"), ("2E", "1G"), ("5A1", "1I1")}


def test_the_chart_breaks_each_line_where_the_method_changed_and_says_so():
    lines = {
        "Council 1": [(2022, 50.0), (2023, 55.0), (2024, 70.0)],
        "England": [(2022, 60.0), (2023, 61.0), (2024, 75.0)],
    }
    chart = years_chart(lines, "2A", "%", breaks_before=2024)
    traces = chart["data"]
    assert [(t["name"], t["showlegend"], list(t["y"])) for t in traces] == [
        ("Council 1", True, [50.0, 55.0]),
        ("Council 1 (new method)", False, [70.0]),
        ("England", True, [60.0, 61.0]),
        ("England (new method)", False, [75.0]),
    ]
    assert [a["text"] for a in chart["layout"]["annotations"]] == ["Method changed"]
    assert chart["layout"]["shapes"][0]["x0"] == 1.5  # between 2023-24 and 2024-25
    joined = years_chart(lines, "2B", "rate")
    assert len(joined["data"]) == 2 and "annotations" not in joined["layout"]


def records(measure: str, edition: str, year: int, values=(10, 20, 30, 40, 50)) -> None:
    from national.models import Record, Release

    release, _ = Release.objects.get_or_create(layout=Release.Layout.ASCOF_OUTCOMES, file_name="editions.csv")
    Record.objects.bulk_create(
        Record(
            release=release,
            edition=edition,
            measure=measure,
            year=year,
            level="council",
            area_code=f"E0800000{i}",
            area_name=f"Council {i}",
            value=value,
        )
        for i, value in enumerate(values, 1)
    )


@pytest.mark.django_db
def test_the_page_of_a_renumbered_measure_shows_both_editions_on_one_line(signed_in):
    records("2A1", "2014", 2021, (10, 20, 30, 40, 50))
    records("2A1", "2014", 2022, (12, 20, 30, 40, 50))
    records("2B", "2023", 2023, (60, 20, 30, 40, 50))  # Council 1 from best (lowest) to worst
    assert queries.measure_year("2B", 2023).council("E08000001").previous_rank == 1
    page = signed_in.get("/benchmarking/2B/2023-24/?council=E08000001").content.decode()
    assert "this measure is <strong>2B</strong>" in page and "it was <strong>2A1</strong>" in page
    assert "the years of both are shown together" in page
    assert 'href="/benchmarking/2A1/2021-22/?council=E08000001">2021-22 (2A1)</a>' in page
    history = page[page.index('id="history-title"') :]
    assert history.count("<td>2A1</td>") == 2 and history.count("<td>2B</td>") == 1
    assert "(from 1 last year)" in page
    assert "The method changed" not in page


@pytest.mark.django_db
def test_the_page_of_a_measure_whose_method_changed_breaks_its_line(signed_in):
    records("2D", "2014", 2022)
    records("2A", "2023", 2023)
    records("2A", "2023", 2024, (50, 40, 30, 20, 10))
    assert queries.measure_year("2A", 2023).council("E08000001").previous_rank == 5
    assert queries.measure_year("2A", 2024).council("E08000001").previous_rank is None
    page = signed_in.get("/benchmarking/2A/2024-25/?council=E08000001").content.decode()
    assert "by a changed method" in page and "The line over the years breaks before 2024/25" in page
    history = page[page.index('id="history-title"') :]
    assert "The method changed from 2024/25: the years below are not comparable with those above." in history
    assert history.index("2023/24") < history.index("The method changed") < history.index("2024/25</th>")


@pytest.mark.django_db
def test_the_index_lists_every_measure_in_both_editions(signed_in):
    records("2B", "2023", 2023)
    page = signed_in.get("/benchmarking/").content.decode()
    assert 'id="editions"' in page
    assert '<th scope="row">2B</th><td>2A1</td>' in page
    assert '<th scope="row">2D</th><td>new measure</td>' in page
