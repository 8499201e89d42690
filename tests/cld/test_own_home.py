"""ASCOF 2E from client-level data: people with long-term support during the year, and how many live in
their own home or with family by their latest known accommodation status."""

import datetime as dt

import pytest

from cld import arrival, measures
from cld.service import joined

from .files import care_home, community, csv_file

KEY = b"k" * 40
START, END = dt.date(2024, 4, 1), dt.date(2025, 3, 31)
HOME = {"Accommodation Status": "Owner occupier or shared ownership scheme"}
CARE_HOME = {"Accommodation Status": "Registered care home"}


def figures(rows: list[dict]) -> dict[str, tuple[int, int]]:
    arrived = arrival.read_file(csv_file(rows), "submission.csv", KEY)
    assert arrived.problems == []
    return {f.group: (f.numerator, f.denominator) for f in measures.own_home(joined([arrived]), START, END)}


CASES = [
    ("at home, 75", [community("1", born="1950-01-01", **HOME)], {"65 and above": (1, 1)}),
    ("in a care home, 75", [care_home("1", "2024-06-01", born="1950-01-01", **CARE_HOME)], {"65 and above": (0, 1)}),
    ("at home, 40", [community("1", born="1985-01-01", **HOME)], {"18 to 64": (1, 1)}),
    (
        "accommodation unknown, day care only: presumed in the community, in the denominator",
        [community("1", born="1950-01-01", **{"Service Component": "Day care"})],
        {"65 and above": (0, 1)},
    ),
    (
        "accommodation unknown, home support: presumed at home",
        [community("1", born="1950-01-01")],
        {"65 and above": (1, 1)},
    ),
    (
        "accommodation unknown, a care home: not at home",
        [care_home("1", "2024-06-01", born="1950-01-01")],
        {"65 and above": (0, 1)},
    ),
    (
        "accommodation unknown, Shared Lives: settled",
        [community("1", born="1950-01-01", **{"Service Component": "Shared Lives"})],
        {"65 and above": (1, 1)},
    ),
    (
        "accommodation unknown: the latest service says (home support ended, then a care home)",
        [
            community("1", "2023-01-01", end="2024-05-01", born="1950-01-01"),
            care_home("1", "2024-05-02", born="1950-01-01"),
        ],
        {"65 and above": (0, 1)},
    ),
    (
        "accommodation unknown, two telling components on the latest services: presumed in the community",
        [
            community("1", "2024-05-01", born="1950-01-01", **{"Service Component": "Shared Lives"}),
            community("1", "2024-05-01", born="1950-01-01", **{"Service Component": "Extra care housing"}),
        ],
        {"65 and above": (0, 1)},
    ),
    (
        "the latest known status counts over a later unknown one",
        [
            community("1", "2023-01-01", end="2024-05-01", born="1950-01-01", **HOME),
            community("1", "2024-05-02", born="1950-01-01", **{"Accommodation Status": "Unknown"}),
        ],
        {"65 and above": (1, 1)},
    ),
    (
        "the latest status: moved into a care home",
        [
            community("1", "2023-01-01", end="2024-05-01", born="1950-01-01", **HOME),
            care_home("1", "2024-05-02", born="1950-01-01", **CARE_HOME),
        ],
        {"65 and above": (0, 1)},
    ),
    (
        "support ended before the year",
        [community("1", end="2024-03-31", born="1950-01-01", **HOME)],
        {"65 and above": (0, 0)},
    ),
    (
        "support starting after the year",
        [community("1", "2025-04-01", born="1950-01-01", **HOME)],
        {"65 and above": (0, 0)},
    ),
    (
        "died before the year",
        [community("1", born="1950-01-01", **{**HOME, "Date of Death": "2024-03-01"})],
        {"65 and above": (0, 0)},
    ),
    ("under 18", [community("1", born="2010-01-01", **HOME)], {"18 to 64": (0, 0)}),
    ("age unknown: left out", [community("1", born="", **HOME)], {"18 to 64": (0, 0), "65 and above": (0, 0)}),
    (
        "learning disability, 30, at home",
        [community("1", born="1995-01-01", **{**HOME, "Primary Support Reason": "Learning Disability Support"})],
        {"18 to 64": (1, 1), "Learning disability 18 to 64": (1, 1)},
    ),
]


@pytest.mark.parametrize(("case", "rows", "expected"), CASES, ids=[c[0] for c in CASES])
def test_living_in_their_own_home_or_with_family(case, rows, expected):
    found = figures(rows)
    assert {group: found[group] for group in expected} == expected


def test_an_unknown_status_and_one_presumed_are_counted_beside_the_figure():
    rows = [
        community("1", born="1950-01-01", **{"Service Component": "Day care"}),
        community("2", born="1950-01-01", **HOME),
        community("3", born="1950-01-01"),  # home support: presumed at home
    ]
    arrived = arrival.read_file(csv_file(rows), "s.csv", KEY)
    older = next(f for f in measures.own_home(joined([arrived]), START, END) if f.group == "65 and above")
    assert (older.numerator, older.denominator, str(older.value)) == (2, 3, "66.7")
    assert older.left_out == {"accommodation unknown": 1, "presumed at home": 1}
