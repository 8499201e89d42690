"""ASCOF 2B and 2C from client-level data: each rule's boundary, one row of the table per case."""

import datetime as dt

import pytest

from cld import arrival, measures
from cld.service import joined

from .files import LAST_YEAR, care_home, csv_file, history_of

KEY = b"k" * 40
START, END = dt.date(2024, 4, 1), dt.date(2025, 3, 31)


def counted(rows: list[dict]) -> dict[str, int]:
    """The figures from the rows, each reporting period's rows a submission of its own (`history_of`)."""
    figures = measures.admissions(history_of(rows, KEY), START, END, None)
    return {f.code: f.numerator for f in figures}


CASES = [
    ("a new admission at 84", [care_home("1", "2024-06-01")], {"2B": 0, "2C": 1}),
    ("aged 64 at admission", [care_home("1", "2024-06-01", born="1960-05-01")], {"2B": 1, "2C": 0}),
    ("aged 65 at admission", [care_home("1", "2024-06-01", born="1959-05-01")], {"2B": 0, "2C": 1}),
    ("under 18", [care_home("1", "2024-06-01", born="2008-01-01")], {"2B": 0, "2C": 0}),
    ("no date of birth", [care_home("1", "2024-06-01", born="")], {"2B": 0, "2C": 0}),
    ("started before the year", [care_home("1", "2024-03-31")], {"2B": 0, "2C": 0}),
    ("started on the year's last day", [care_home("1", "2025-03-31")], {"2B": 0, "2C": 1}),
    (
        "a stay ended 364 days before (last year's submission): not new",
        [care_home("1", "2023-01-01", "2023-06-03", **LAST_YEAR), care_home("1", "2024-06-01")],
        {"2B": 0, "2C": 0},
    ),
    (
        "a stay ended 365 days before (last year's submission): new",
        [care_home("1", "2023-01-01", "2023-06-02", **LAST_YEAR), care_home("1", "2024-06-01")],
        {"2B": 0, "2C": 1},
    ),
    (  # DHSC's joined table keeps only the events of each submission's own quarters
        "a stay ended before any quarter held, sent in this year's file: not seen, so new",
        [care_home("1", "2023-01-01", "2023-06-03"), care_home("1", "2024-06-01")],
        {"2B": 0, "2C": 1},
    ),
    (
        "an earlier stay still open: not new",
        [
            care_home("1", "2023-01-01"),
            care_home(
                "1",
                "2024-06-01",
                **{"Service Type": "Long term support: Nursing care", "Service Component": "Nursing care"},
            ),
        ],
        {"2B": 0, "2C": 0},
    ),
    (
        "self-funded outcome",
        [care_home("1", "2024-06-01", **{"Event Outcome": "NFA: Self-funded client or under 12wk disregard"})],
        {"2B": 0, "2C": 0},
    ),
    (
        "a short-term component",
        [care_home("1", "2024-06-01", **{"Service Component": "Short term residential care"})],
        {"2B": 0, "2C": 0},
    ),
    (
        "no component, as DHSC's SQL reads it",
        [care_home("1", "2024-06-01", **{"Service Component": ""})],
        {"2B": 0, "2C": 0},
    ),
    ("died before the year", [care_home("1", "2024-06-01", **{"Date of Death": "2024-03-01"})], {"2B": 0, "2C": 0}),
    ("a carer's record", [care_home("1", "2024-06-01", **{"Client Type": "Unpaid carer"})], {"2B": 0, "2C": 0}),
    (
        "community support",
        [care_home("1", "2024-06-01", **{"Service Type": "Long term support: Community"})],
        {"2B": 0, "2C": 0},
    ),
    (
        "admitted at 64 and again at 65: once, in the younger band",
        [
            care_home("1", "2024-04-10", "2024-04-20", born="1959-06-01"),
            care_home("1", "2024-07-01", born="1959-06-01"),
        ],
        {"2B": 1, "2C": 0},
    ),
    (
        "Release 1 wording and odd capitalisation",
        [
            care_home(
                "1",
                "2024-06-01",
                **{"Service Type": "LONG TERM SUPPORT:   Residential Care", "Client Type": "service USER"},
            )
        ],
        {"2B": 0, "2C": 1},
    ),
    ("the text NULL for an empty end", [care_home("1", "2024-06-01", "NULL")], {"2B": 0, "2C": 1}),
    (
        "one event sent in two files is counted once",
        [care_home("1", "2024-06-01"), care_home("1", "2024-06-01")],
        {"2B": 0, "2C": 1},
    ),
]


@pytest.mark.parametrize(("case", "rows", "expected"), CASES, ids=[c[0] for c in CASES])
def test_admissions_to_care_homes(case, rows, expected):
    assert counted(rows) == expected


def test_the_rate_is_per_100000_to_one_place_half_away_from_zero():
    figure = measures.Figure("2C", "65 and above", 3, 8000)
    assert figure.value == measures.Decimal("37.5")
    assert measures.Figure("2C", "65 and above", 1, 80000).value == measures.Decimal("1.3")  # 1.25
    assert measures.Figure("2B", "18 to 64", 4, None).value is None


def test_the_people_behind_the_figure_are_its_numerator():
    arrived = arrival.read_file(csv_file([care_home("1", "2024-06-01"), care_home("2", "2024-07-01")]), "s.csv", KEY)
    two_c = next(f for f in measures.admissions(joined([arrived]), START, END, None) if f.code == "2C")
    assert len(two_c.people) == two_c.numerator == 2
    assert all(len(p) == 32 for p in two_c.people)
