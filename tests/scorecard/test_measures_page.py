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
    ],
)
def test_a_search_finds_measures_by_code_title_or_definition(demo, signed_in, search, found, not_found):
    page = text(signed_in.get("/measures/", {"q": search}))
    assert found in page and f"{not_found} " not in page.split("match")[1]
    assert "match" in page


def test_a_search_that_finds_nothing_says_so_and_what_to_try(demo, signed_in):
    page = text(signed_in.get("/measures/", {"q": "zzz no such words"}))
    assert "0 measures match ‘zzz no such words’." in page and "Try fewer words" in page


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
