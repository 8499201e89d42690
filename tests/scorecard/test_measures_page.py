"""The measures page: a glossary of every measure a reader can see, and a search across them."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ..helpers import text


def test_every_measure_is_listed_with_its_definition_and_where_it_is_reported(demo, signed_in):
    page = text(signed_in.get("/measures/"))
    assert "How it is worked out" in page and "How often" in page
    assert "2B Permanent admissions" in page
    assert "Monthly Adult Social Care dashboard, September 2024" in page


@pytest.mark.parametrize(
    "search, found, not_found",
    [
        ("2C", "2C Permanent admissions", "SAT1"),
        ("safeguarding", "SAT1", "2C Permanent"),
        ("SHARED LIVES", "Shared Lives", "SAT1"),
        ("DToC", "CS01 Daily Average Delay beds", "SAT1"),  # the short form finds "Delayed transfers of care"
        ("lives shared", "Shared Lives", "SAT1"),  # every word, in any order
    ],
)
def test_a_search_finds_measures_by_code_title_or_definition(demo, signed_in, search, found, not_found):
    page = text(signed_in.get("/measures/", {"q": search}))
    assert found in page and f"{not_found} " not in page.split("match")[1]
    assert "match" in page


def test_a_search_that_finds_nothing_says_so_and_what_to_try(demo, signed_in):
    page = text(signed_in.get("/measures/", {"q": "zzz no such words"}))
    assert "0 of " in page and " measures match ‘zzz no such words’." in page and "Try fewer words" in page


def test_a_councillor_sees_only_measures_on_published_scorecards(people, client):
    client.force_login(people["councillor"])
    page = text(client.get("/measures/"))
    assert "Adult Social Care Cabinet Scorecard, September 2020" in page
    assert "Monthly Adult Social Care dashboard, August 2024" in page  # the latest published month
    assert "Monthly Adult Social Care dashboard, September 2024" not in page  # a draft


def test_the_measures_page_needs_a_log_in_and_a_fixed_number_of_queries(demo, signed_in, client):
    counts = []
    for search in ("SAT1", ""):  # one measure, then every measure
        cache.clear()  # the same start each time (permissions read afresh)
        with CaptureQueriesContext(connection) as queries:
            assert signed_in.get("/measures/", {"q": search}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    signed_in.logout()
    assert client.get("/measures/").status_code == 302


def test_the_measures_are_filtered_by_scorecard_framework_and_owner(demo, signed_in):
    every = text(signed_in.get("/measures/"))
    total = int(every.split(" measures.")[0].split()[-1])
    cabinet = text(signed_in.get("/measures/", {"scorecard": "cabinet-scorecard"}))
    assert f"of {total} measures shown." in cabinet and "CS01 Daily Average Delay beds" in cabinet
    assert "SAT1 " not in cabinet.split("shown.")[1]  # the monthly dashboard's
    ascof = text(signed_in.get("/measures/", {"framework": "ASCOF"}))
    assert "2C Permanent admissions" in ascof and "Frameworks ASCOF" in ascof
    owned = text(signed_in.get("/measures/", {"owner": "Principal Social Worker"}))
    shown = owned.split("shown.")[1]
    assert "1 of " in owned and shown.count("Measure owner Principal Social Worker") == 1
    both = text(signed_in.get("/measures/", {"scorecard": "cabinet-scorecard", "q": "DToC"}))
    assert "1 of " in both and "CS01" in both


def test_a_filter_that_is_not_one_of_its_choices_says_so_and_shows_every_measure(demo, signed_in):
    page = text(signed_in.get("/measures/", {"scorecard": "no-such", "framework": "XYZ"}))
    assert "There is a problem with the address" in page
    assert "'no-such' is not a scorecard you can open; every scorecard is shown." in page
    assert "'XYZ' is not a framework of these measures; every framework is shown." in page
    assert "2C Permanent admissions" in page and "CS01" in page


def test_the_jump_list_gives_each_measure_its_title_and_no_empty_catalogue_fields_are_shown(demo, signed_in):
    response = signed_in.get("/measures/")
    jump = response.content.decode().split('class="jump-list"')[1].split("</ul>")[0]
    assert '<span class="number">CS01</span> Daily Average Delay beds' in jump
    page = text(response)
    assert "Measure owner —" not in page and "no definition for this measure" not in page


@pytest.mark.parametrize(
    "word, finds",
    [
        ("DToC", ("DToC", "delayed transfer")),
        ("dps", ("dps", "direct payment")),
        ("ST-Max", ("ST-Max", "short-term", "short term", "ST Max")),
        ("self-directed", ("self-directed", "self directed")),
        ("reablement", ("reablement",)),
    ],
)
def test_each_word_of_a_search_also_finds_what_it_stands_for(word, finds):
    from scorecard.catalogue import alternatives

    assert alternatives(word) == finds
