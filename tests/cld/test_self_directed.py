"""ASCOF 3D parts 1a and 2a from client-level data: clients with long-term community support on the
period's last day, by how their support is delivered. One row of the table per rule."""

import datetime as dt

import pytest

from cld import arrival, measures
from cld.service import joined

from .files import care_home, community, csv_file

KEY = b"k" * 40
END = dt.date(2025, 3, 31)


def counted(rows: list[dict]) -> dict[tuple[str, str], tuple[int, int]]:
    arrived = arrival.read_file(csv_file(rows), "submission.csv", KEY)
    assert arrived.problems == []
    return {(f.code, f.group): (f.numerator, f.denominator) for f in measures.self_directed(joined([arrived]), END)}


CASES = [
    ("a direct payment", [community("1", delivery="Direct Payment")], (1, 1), (1, 1)),
    ("a managed personal budget", [community("1", delivery="CASSR managed personal budget")], (1, 1), (0, 1)),
    ("commissioned support", [community("1", delivery="CASSR Commissioned support")], (0, 1), (0, 1)),
    ("no delivery mechanism: in the denominator", [community("1")], (0, 1), (0, 1)),
    ("a direct payment by its component", [community("1", **{"Service Component": "Direct Payment"})], (1, 1), (1, 1)),
    ("ended before the last day", [community("1", delivery="Direct payment", end="2025-03-30")], (0, 0), (0, 0)),
    ("ending on the last day", [community("1", delivery="Direct payment", end="2025-03-31")], (1, 1), (1, 1)),
    ("starting after it", [community("1", "2025-04-01", delivery="Direct payment")], (0, 0), (0, 0)),
    (
        "died before the last day",
        [community("1", delivery="Direct payment", **{"Date of Death": "2025-03-01"})],
        (0, 0),
        (0, 0),
    ),
    (
        "in nursing care too: counted in the higher setting, not here",
        [
            community("1", delivery="Direct payment"),
            care_home(
                "1",
                "2024-02-01",
                **{"Service Type": "Long term support: Nursing care", "Service Component": "Nursing care"},
            ),
        ],
        (0, 0),
        (0, 0),
    ),
    (
        "a direct payment and commissioned support: the direct payment counts",
        [
            community("1", delivery="CASSR commissioned support"),
            community("1", "2024-02-01", delivery="Direct payment"),
        ],
        (1, 1),
        (1, 1),
    ),
    ("under 18", [community("1", delivery="Direct payment", born="2010-01-01")], (0, 0), (0, 0)),
    ("a carer", [community("1", delivery="Direct payment", **{"Client Type": "Unpaid carer"})], (0, 0), (0, 0)),
]


@pytest.mark.parametrize(("case", "rows", "self_directed", "direct_payment"), CASES, ids=[c[0] for c in CASES])
def test_self_directed_support_and_direct_payments_in_total(case, rows, self_directed, direct_payment):
    figures = counted(rows)
    assert (figures[("3D1A", "Total")], figures[("3D2A", "Total")]) == (self_directed, direct_payment)


def test_the_age_bands_and_an_unknown_age_in_the_total_only():
    figures = counted(
        [
            community("1", delivery="Direct payment", born="1950-01-01"),  # 75
            community("2", delivery="CASSR commissioned support", born="1980-01-01"),  # 45
            community("3", delivery="Direct payment", born=""),  # age unknown
        ]
    )
    assert figures[("3D2A", "65 and above")] == (1, 1)
    assert figures[("3D2A", "18 to 64")] == (0, 1)
    assert figures[("3D2A", "Total")] == (2, 3)
    assert figures[("3D1A", "Total")] == (2, 3)


def test_a_percentage_to_one_place_with_the_unknown_delivery_counted_beside():
    arrived = arrival.read_file(
        csv_file(
            [community("1", delivery="Direct payment"), community("2"), community("3", delivery="Direct payment")]
        ),
        "s.csv",
        KEY,
    )
    total = next(f for f in measures.self_directed(joined([arrived]), END) if (f.code, f.group) == ("3D2A", "Total"))
    assert str(total.value) == "66.7"
    assert total.left_out == {"delivery unknown": 1}
    assert len(total.people) == total.numerator == 2
