"""Comparator groups uploaded as a file through the one way in: kept whole, refused whole with the row
and column of each mistake, audited with the members before and after, and used on the pages."""

from __future__ import annotations

import pytest

from imports import services as uploads
from imports.models import Upload
from indicators.models import AuditEvent
from national.models import ComparatorGroup

from .test_benchmarking import FIVE, rows_2d

pytestmark = pytest.mark.django_db

GOOD = (
    "group,council_code,source,as_of\n"
    "Our neighbours,E10000001,Drawn up by the council,2024-04-01\n"
    "Our neighbours,E10000002,,\n"
    "Our neighbours,E10000004,,\n"
)


def load_national():
    uploads.take_file(rows_2d("2021-22", FIVE).encode(), "b.csv", kind="national")


def test_a_group_file_is_kept_audited_and_shown_with_the_groups_value(signed_in):
    load_national()
    upload = uploads.take_file(GOOD.encode(), "groups.csv", kind="groups")
    assert upload.state == Upload.State.COMMITTED, upload.message
    group = ComparatorGroup.objects.get(name="Our neighbours")
    assert sorted(group.councils.values_list("ons_code", flat=True)) == ["E10000001", "E10000002", "E10000004"]
    assert (group.source, str(group.as_of)) == ("Drawn up by the council", "2024-04-01")
    event = AuditEvent.objects.filter(summary__startswith="Comparator group").get()
    assert event.details["old"] == [] and event.details["new"] == ["E10000001", "E10000002", "E10000004"]
    page = signed_in.get("/benchmarking/2D/2021-22/?group=Our+neighbours").content.decode()
    assert "Our neighbours" in page and "80.0%" in page  # the median of 90, 80 and 70 (values only)
    placed = signed_in.get("/benchmarking/2D/2021-22/?group=Our+neighbours&council=E10000002").content.decode()
    assert "Council E1-02 is 2 of the group's 3 councils" in placed  # 90 first, then 80 (E1-02), then 70
    again = uploads.take_file(GOOD.encode(), "groups-again.csv", kind="groups")
    assert again.state == Upload.State.NO_CHANGES
    smaller = GOOD.replace("Our neighbours,E10000004,,\n", "")
    uploads.take_file(smaller.encode(), "groups-2.csv", kind="groups")
    assert group.councils.count() == 2  # the group in the file replaces the group of that name whole
    # the page kept for the old group is not served again: the group's value is a figure
    page = signed_in.get("/benchmarking/2D/2021-22/?group=Our+neighbours").content.decode()
    assert "85.0% (the group" in page  # the median of 90 and 80


@pytest.mark.parametrize(
    "text, row, column, words",
    [
        (GOOD.replace("E10000002", "E99999999"), 3, "council_code", "No council has the code 'E99999999'"),
        (GOOD.replace("Our neighbours,E10000004", ",E10000004"), 4, "group", "No group is named"),
        (GOOD.replace("2024-04-01", "April 2024"), 2, "as_of", "'April 2024' is not a date"),
        (GOOD.replace("E10000004", "E10000001"), 4, "council_code", "is in 'Our neighbours' twice"),
        ("name,code\nA,E10000001\n", 1, "", "no group, council_code column"),
    ],
)
def test_a_bad_group_file_is_refused_whole_naming_the_row_and_column(text, row, column, words):
    load_national()
    upload = uploads.take_file(text.encode(), "groups.csv", kind="groups")
    assert upload.state == Upload.State.REFUSED
    assert any(
        words in e["message"] and e.get("row") == row and e.get("column", "") == column for e in upload.errors
    ), upload.errors
    assert ComparatorGroup.objects.count() == 0


def test_a_group_of_one_council_is_refused():
    load_national()
    upload = uploads.take_file(b"group,council_code\nAlone,E10000001\n", "g.csv", kind="groups")
    assert upload.state == Upload.State.REFUSED and "needs at least two" in str(upload.errors)


def test_the_profile_and_the_api_give_the_groups_value_and_each_councils_place(signed_in):
    load_national()
    uploads.take_file(GOOD.encode(), "groups.csv", kind="groups")
    profile = signed_in.get("/benchmarking/council/E10000002/?group=Our+neighbours").content.decode()
    assert '<th scope="col">Our neighbours</th>' in profile
    assert '80.0%<span class="hint">Council E1-02 2 of 3</span>' in profile
    unknown = signed_in.get("/benchmarking/council/E10000002/?group=Nobody").content.decode()
    assert "There is no comparator group called &#x27;Nobody&#x27;" in unknown
    assert '<th scope="col">Nobody</th>' not in unknown
    data = signed_in.get("/api/national/2D/2021-22/").json()
    # E1-02 and E1-03 tie on 80 behind E1-01's 90: tied councils share a place
    assert data["comparator_groups"] == [
        {
            "name": "Our neighbours",
            "value": 80.0,
            "method": "sum of numerators over sum of denominators, or the median where only values are given",
            "places": {"E10000001": 1, "E10000002": 2, "E10000004": 3},
        }
    ]
    assert data["editions"]["code_from_2023_24"] == "2A" and data["editions"]["method_changed_from"] == "2024-25"
    assert data["interval_levels"] == [95, 99.8] and "99.8% interval" in data["comparison"]
