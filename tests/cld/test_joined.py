"""Many submissions joined into one history, as DHSC's joined main table does (`cld/joined.sql`): each
quarter from the latest submission covering it, deaths ending events, open services carried or ended."""

import datetime as dt

import pytest

from cld import arrival, measures, quarters
from cld.service import joined

from .files import care_home, community, csv_file

KEY = b"k" * 40


def sent(period_end: str, *rows: dict) -> list[dict]:
    """Rows of a submission for the 12 months to `period_end`."""
    start = quarters.year_to(dt.date.fromisoformat(period_end))
    return [
        {"Reporting Period Start Date": start.isoformat(), "Reporting Period End Date": period_end, **row}
        for row in rows
    ]


def events(*submissions: list[dict]) -> list[tuple[str, str, dt.date | None]]:
    """The history's events, oldest submission first: (person id's pseudonym order, service, end)."""
    arrivals = []
    for number, rows in enumerate(submissions):
        arrived = arrival.read_file(csv_file(rows), f"submission-{number}.csv", KEY)
        assert arrived.problems == []
        arrivals.append(arrived)
    history = joined(arrivals)
    try:
        return history.run('SELECT start, service_type, "end" FROM events ORDER BY start, service_type', {})
    finally:
        history.close()


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


RESIDENTIAL, COMMUNITY = "Long term support: Residential care", "Long term support: Community"

CASES = [
    (
        "one file: an open service stays open",
        [sent("2025-03-31", community("1", "2024-05-01"))],
        [(day("2024-05-01"), COMMUNITY, None)],
    ),
    (
        "found again in the next quarter's file: still open",
        [sent("2024-12-31", community("1", "2024-05-01")), sent("2025-03-31", community("1", "2024-05-01"))],
        [(day("2024-05-01"), COMMUNITY, None)],
    ),
    (
        "not found again in the next quarter's file: ended at its quarter's end",
        [sent("2024-03-31", community("1", "2023-05-01")), sent("2025-03-31", care_home("2", "2025-01-10"))],
        [(day("2023-05-01"), COMMUNITY, day("2024-03-31")), (day("2025-01-10"), RESIDENTIAL, None)],
    ),
    (
        "the newer file covers the service's quarters and does not hold it: it is gone",
        [sent("2024-12-31", community("1", "2024-05-01")), sent("2025-03-31", care_home("2", "2025-01-10"))],
        [(day("2025-01-10"), RESIDENTIAL, None)],
    ),
    (
        "ended in the later file: the later file's end kept",
        [
            sent("2024-12-31", community("1", "2024-05-01")),
            sent("2025-03-31", community("1", "2024-05-01", end="2025-02-14")),
        ],
        [(day("2024-05-01"), COMMUNITY, day("2025-02-14"))],
    ),
    (
        "a resubmission of the same quarter replaces the first: a stay it leaves out is gone",
        [
            sent("2025-03-31", care_home("1", "2024-06-01"), community("2", "2024-07-01")),
            sent("2025-03-31", community("2", "2024-07-01")),
        ],
        [(day("2024-07-01"), COMMUNITY, None)],
    ),
    (
        "an older file's quarters not in the newer file are kept from the older file",
        [
            sent("2024-03-31", care_home("1", "2023-05-01", "2023-08-01")),
            sent("2025-03-31", community("2", "2024-07-01")),
        ],
        [(day("2023-05-01"), RESIDENTIAL, day("2023-08-01")), (day("2024-07-01"), COMMUNITY, None)],
    ),
    (
        "a date of death inside a service ends it there",
        [sent("2025-03-31", community("1", "2024-05-01", **{"Date of Death": "2024-11-20"}))],
        [(day("2024-05-01"), COMMUNITY, day("2024-11-20"))],
    ),
    (
        "a date of death before the service began: the row is left out",
        [sent("2025-03-31", community("1", "2024-05-01", **{"Date of Death": "2024-04-20"}))],
        [],
    ),
    (
        "a service ended before the file's 12 months: not in any quarter held",
        [sent("2025-03-31", care_home("1", "2023-01-01", "2023-06-03"))],
        [],
    ),
]


@pytest.mark.parametrize(("case", "submissions", "expected"), CASES, ids=[c[0] for c in CASES])
def test_joined_history(case, submissions, expected):
    assert events(*submissions) == expected


def test_each_quarter_is_taken_from_the_latest_submission_covering_it():
    def part(end: str) -> measures.Part:
        return measures.Part(None, quarters.year_to(day(end)), day(end))

    chosen = measures.chosen_quarters([part("2024-03-31"), part("2024-06-30"), part("2024-06-30")])
    assert [(start, end, order) for start, end, order, _next in chosen] == [
        (day("2023-04-01"), day("2023-06-30"), 0),
        (day("2023-07-01"), day("2023-09-30"), 2),
        (day("2023-10-01"), day("2023-12-31"), 2),
        (day("2024-01-01"), day("2024-03-31"), 2),
        (day("2024-04-01"), day("2024-06-30"), 2),
    ]
    assert [next_end for *_rest, next_end in chosen] == [
        day("2023-09-30"),
        day("2023-12-31"),
        day("2024-03-31"),
        day("2024-06-30"),
        None,
    ]


def outcomes(*submissions: list[dict]) -> list[tuple[dt.date | None, str]]:
    """The history's events' (end, outcome), oldest first."""
    arrivals = [arrival.read_file(csv_file(rows), f"submission-{n}.csv", KEY) for n, rows in enumerate(submissions)]
    history = joined(arrivals)
    try:
        return history.run('SELECT "end", outcome FROM events ORDER BY start', {})
    finally:
        history.close()


ENDED = "NFA: Support ended as planned"  # 16 in DHSC's outcome hierarchy
ONWARD = "Progress to support planning / services"  # 5


@pytest.mark.parametrize(
    "case, rows, expected",
    [
        (
            "two records of one service in one file, the same end: the outcome higher in the hierarchy",
            [
                community("1", "2024-05-01", end="2024-09-30", **{"Event Outcome": ENDED}),
                community("1", "2024-05-01", end="2024-09-30", **{"Event Outcome": ONWARD}),
            ],
            [(day("2024-09-30"), ONWARD)],
        ),
        (
            "whatever their order in the file",
            [
                community("1", "2024-05-01", end="2024-09-30", **{"Event Outcome": ONWARD}),
                community("1", "2024-05-01", end="2024-09-30", **{"Event Outcome": ENDED}),
            ],
            [(day("2024-09-30"), ONWARD)],
        ),
        (
            "two records of one service with different ends: the later end, before the outcome",
            [
                community("1", "2024-05-01", end="2024-10-31", **{"Event Outcome": ENDED}),
                community("1", "2024-05-01", end="2024-09-30", **{"Event Outcome": ONWARD}),
            ],
            [(day("2024-10-31"), ENDED)],
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_one_record_per_event_is_chosen_as_dhsc_ranks_them(case, rows, expected):
    assert outcomes(sent("2025-03-31", *rows)) == expected


@pytest.mark.parametrize(
    "first, second", [("Direct payment", "Managed personal budget"), ("Managed personal budget", "Direct payment")]
)
def test_two_records_alike_in_every_rank_the_one_further_down_the_file_is_kept(first, second):
    """The last tie-break is the record's row in the file as sent, not where it came in the stored events."""
    padding = [community(str(n), "2024-06-01", end="2024-07-31") for n in range(2, 400)]
    rows = [community("1", "2024-05-01", first, end="2024-09-30"), *padding]
    rows += [community("1", "2024-05-01", second, end="2024-09-30")]
    arrived = arrival.read_file(csv_file(sent("2025-03-31", *rows)), "submission.csv", KEY)
    history = joined([arrived])
    try:
        kept = history.run("SELECT delivery FROM events WHERE start = DATE '2024-05-01'", {})
    finally:
        history.close()
    assert kept == [(second,)]
