"""ASCOF 3D parts 1b and 2b from client-level data: carers supported in the year, one row per rule."""

import datetime as dt

import pytest

from cld import arrival, measures
from cld.service import joined

from .files import csv_file

KEY = b"k" * 40
START, END = dt.date(2024, 4, 1), dt.date(2025, 3, 31)
DIRECT = "Carer support: Direct to carer"


def carer(person: str, kind: str = "Service", service: str = DIRECT, delivery: str = "", **fields) -> dict:
    return {
        "LA Person Unique Identifier": person,
        "Client Type": "Unpaid carer",
        "Date of Birth": fields.pop("born", "1960-06-17"),
        "Event Type": kind,
        "Event Start Date": fields.pop("start", "2024-06-01"),
        "Event End Date": fields.pop("end", ""),
        "Service Type": service if kind == "Service" else "",
        "Service Component": fields.pop("component", "Carer break"),
        "Delivery Mechanism": delivery,
        **fields,
    }


def counted(rows: list[dict]) -> dict:
    arrived = arrival.read_file(csv_file(rows), "submission.csv", KEY)
    assert arrived.problems == []
    history = joined([arrived])
    try:
        figures = measures.carers(history, START, END)
    finally:
        history.close()
    return {(f.code, f.group): (f.numerator, f.denominator, f.left_out["delivery unknown"]) for f in figures}


def total(rows: list[dict]) -> tuple:
    figures = counted(rows)
    return figures[("3D1B", "Total")], figures[("3D2B", "Total")]


CASES = [
    ("a direct payment", [carer("1", delivery="Direct payment")], ((1, 1, 0), (1, 1, 0))),
    ("a direct payment by component", [carer("1", component="Direct Payment")], ((1, 1, 0), (1, 1, 0))),
    ("a managed personal budget", [carer("1", delivery="CASSR managed personal budget")], ((1, 1, 0), (0, 1, 0))),
    ("commissioned support", [carer("1", delivery="CASSR commissioned support")], ((0, 1, 0), (0, 1, 0))),
    ("delivery unknown: left out, counted beside", [carer("1")], ((0, 0, 1), (0, 0, 1))),
    (
        "an empty component with a personal budget: not counted, as in DHSC's SQL",
        [carer("1", delivery="CASSR managed personal budget", component="")],
        ((0, 0, 0), (0, 0, 0)),
    ),
    (
        "counted once, under the best support",
        [carer("1", delivery="CASSR commissioned support"), carer("1", delivery="Direct payment", start="2024-09-01")],
        ((1, 1, 0), (1, 1, 0)),
    ),
    (
        "support involving the cared-for person only: not counted",
        [carer("1", service="Carer support: Support involving the person cared-for")],
        ((0, 0, 0), (0, 0, 0)),
    ),
    (
        "an assessment only: not counted",
        [carer("1", kind="Assessment", end="2024-06-10")],
        ((0, 0, 0), (0, 0, 0)),
    ),
    (
        "support ended before the year: not counted",
        [carer("1", delivery="Direct payment", start="2023-01-01", end="2024-03-31")],
        ((0, 0, 0), (0, 0, 0)),
    ),
    (
        "a service user's direct payment is not a carer's",
        [{**carer("1", delivery="Direct payment"), "Client Type": "Service user"}],
        ((0, 0, 0), (0, 0, 0)),
    ),
    ("under 18: not counted", [carer("1", delivery="Direct payment", born="2010-01-01")], ((0, 0, 0), (0, 0, 0))),
    (
        "Release 1's 'Carer'",
        [{**carer("1", delivery="Direct payment"), "Client Type": "Carer"}],
        ((1, 1, 0), (1, 1, 0)),
    ),
]


@pytest.mark.parametrize(("case", "rows", "expected"), CASES, ids=[c[0] for c in CASES])
def test_carers_supported_in_the_year(case, rows, expected):
    assert total(rows) == expected


def test_the_age_bands_and_the_total():
    figures = counted(
        [
            carer("1", delivery="Direct payment", born="1980-01-01"),
            carer("2", delivery="CASSR commissioned support", born="1950-01-01"),
            carer("3", delivery="Direct payment", born=""),
        ]
    )
    assert figures[("3D2B", "18 to 64")][:2] == (1, 1)
    assert figures[("3D2B", "65 and above")][:2] == (0, 1)
    assert figures[("3D2B", "Total")][:2] == (2, 3)  # the carer of unknown age in the total only
