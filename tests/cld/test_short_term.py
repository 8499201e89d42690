"""ASCOF 2A from client-level data: what followed each new client's episode of reablement, one row of
the table per rule of DHSC's method."""

import datetime as dt

import pytest

from cld import measures

from .files import LAST_YEAR, care_home, community, history_of

KEY = b"k" * 40
START, END = dt.date(2024, 4, 1), dt.date(2025, 3, 31)
ST_MAX = "Short term support: ST-Max"


def reablement(person: str, start: str, end: str, outcome: str = "NFA: Support ended as planned", **fields):
    return {
        "LA Person Unique Identifier": person,
        "Date of Birth": fields.pop("born", "1940-06-17"),
        "Event Type": "Service",
        "Event Start Date": start,
        "Event End Date": end,
        "Event Outcome": outcome,
        "Service Type": ST_MAX,
        "Service Component": "Reablement",
        **fields,
    }


def event(person: str, kind: str, start: str, end: str, outcome: str) -> dict:
    return {
        "LA Person Unique Identifier": person,
        "Date of Birth": "1940-06-17",
        "Event Type": kind,
        "Event Start Date": start,
        "Event End Date": end,
        "Event Outcome": outcome,
    }


def worked_out(rows: list[dict]) -> dict:
    history = history_of(rows, KEY)
    try:
        figures = {f.group: f for f in measures.short_term(history, START, END)}
    finally:
        history.close()
    total = figures["Total"]
    followed = sorted(note for _person, _side, note in total.cohort)
    return {
        "counted": (total.numerator, total.denominator),
        "left out": {why: n for why, n in total.left_out.items() if n},
        "followed": followed,
    }


CASES = [
    (
        "ended as planned, nothing after: in both",
        [reablement("1", "2024-06-01", "2024-06-28")],
        (1, 1),
        {},
        ["NFA: Support ended as planned (step 4a)"],
    ),
    (
        "long-term support at home within 7 days: the denominator only",
        [
            reablement("1", "2024-06-01", "2024-06-28", "Continuation of support or services"),
            community("1", "2024-07-05"),
        ],
        (0, 1),
        {},
        ["Long term support: Community (step 3)"],
    ),
    (
        "long-term support 8 days later: not what followed, and the outcome cannot be classified",
        [
            reablement("1", "2024-06-01", "2024-06-28", "Continuation of support or services"),
            community("1", "2024-07-06"),
        ],
        (0, 0),
        {"unable to classify": 1},
        [],
    ),
    (
        "two services 7 days apart are one episode, judged at the second's end",
        [
            reablement("1", "2024-06-01", "2024-06-10", "Continuation of support or services"),
            reablement("1", "2024-06-17", "2024-06-30"),
        ],
        (1, 1),
        {},
        ["NFA: Support ended as planned (step 4a)"],
    ),
    (
        "8 days apart: two episodes",
        [reablement("1", "2024-06-01", "2024-06-10"), reablement("1", "2024-06-19", "2024-06-30")],
        (2, 2),
        {},
        ["NFA: Support ended as planned (step 4a)"] * 2,
    ),
    (
        "long-term support that ended 90 days before: not a new client",
        [community("1", "2023-01-01", end="2024-03-03", **LAST_YEAR), reablement("1", "2024-06-01", "2024-06-28")],
        (0, 0),
        {},
        [],
    ),
    (
        "long-term support that ended 91 days before: a new client",
        [community("1", "2023-01-01", end="2024-03-02", **LAST_YEAR), reablement("1", "2024-06-01", "2024-06-28")],
        (1, 1),
        {},
        ["NFA: Support ended as planned (step 4a)"],
    ),
    (
        "ended before the period: not counted",
        [reablement("1", "2024-02-01", "2024-03-31", **LAST_YEAR)],
        (0, 0),
        {},
        [],
    ),
    (
        "died within 7 days of the end: left out",
        [reablement("1", "2024-06-01", "2024-06-28", **{"Date of Death": "2024-07-04"})],
        (0, 0),
        {"died": 1},
        [],
    ),
    (
        "admitted to hospital: left out",
        [reablement("1", "2024-06-01", "2024-06-28", "Admitted to hospital")],
        (0, 0),
        {"admitted to hospital": 1},
        [],
    ),
    (
        "self-funded: left out",
        [reablement("1", "2024-06-01", "2024-06-28", "NFA: Self-funded client or under 12wk disregard")],
        (0, 0),
        {"self-funded": 1},
        [],
    ),
    (
        "a review near the episode's end gives the outcome",
        [
            reablement("1", "2024-06-01", "2024-06-28", "Provision of service"),
            event("1", "Review", "2024-06-20", "2024-06-25", "NFA: Information and advice or signposting"),
        ],
        (1, 1),
        {},
        ["NFA: Information and advice or signposting (step 4c)"],
    ),
    (
        "an assessment in the 7 days after gives the outcome",
        [
            reablement("1", "2024-06-01", "2024-06-28", ""),
            event("1", "Assessment", "2024-07-02", "2024-07-09", "NFA: No services offered for other reason"),
        ],
        (1, 1),
        {},
        ["NFA: No services offered for other reason (step 4b)"],
    ),
    (
        "equipment during the episode: ongoing low-level support",
        [
            reablement("1", "2024-06-01", "2024-06-28", ""),
            {
                **community("1", "2024-06-03", end="2024-06-10"),
                "Service Type": "Short term support: Ongoing low level",
                "Service Component": "Equipment",
            },
        ],
        (1, 1),
        {},
        ["Short term support: Ongoing low level (step 5)"],
    ),
    (
        "a care home within 7 days: the denominator only",
        [reablement("1", "2024-06-01", "2024-06-28", ""), care_home("1", "2024-06-30")],
        (0, 1),
        {},
        ["Long term support: Residential care (step 3)"],
    ),
    (
        "under 18 at the end: not counted",
        [reablement("1", "2024-06-01", "2024-06-28", born="2006-07-01")],
        (0, 0),
        {},
        [],
    ),
    (
        "Release 1 wording read as Release 2",
        [reablement("1", "2024-06-01", "2024-06-28", "Service ended as planned")],
        (1, 1),
        {},
        ["NFA: Support ended as planned (step 4a)"],
    ),
]


@pytest.mark.parametrize(("case", "rows", "counted", "left_out", "followed"), CASES, ids=[c[0] for c in CASES])
def test_what_followed_reablement(case, rows, counted, left_out, followed):
    assert worked_out(rows) == {"counted": counted, "left out": left_out, "followed": followed}


def test_the_age_bands_and_the_total():
    rows = [
        reablement("1", "2024-06-01", "2024-06-28", born="1980-01-01"),
        reablement("2", "2024-06-01", "2024-06-28"),
        reablement("3", "2024-06-01", "2024-06-28", born=""),
    ]
    history = history_of(rows, KEY)
    try:
        figures = {f.group: (f.numerator, f.denominator) for f in measures.short_term(history, START, END)}
    finally:
        history.close()
    assert figures == {"18 to 64": (1, 1), "65 and above": (1, 1), "Total": (3, 3)}  # unknown age: in the total
