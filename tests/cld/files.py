"""Made-up client-level data files for tests: one row per event, the fields as the specification
spells them. Every person here is invented."""

from __future__ import annotations

import csv
import io

HEADINGS = [
    "LA Code",
    "Reporting Period Start Date",
    "Reporting Period End Date",
    "NHS Number",
    "LA Person Unique Identifier",
    "First Name",
    "Last Name",
    "GP Practice Name",
    "Postcode",
    "Gender",
    "Date of Birth",
    "Date of Death",
    "Client Type",
    "Primary Support Reason",
    "Event Type",
    "Event Reference",
    "Event Start Date",
    "Event End Date",
    "Event Description",
    "Event Outcome",
    "Service Type",
    "Service Component",
    "Delivery Mechanism",
    "Accommodation Status",
]

DEFAULTS = {
    "LA Code": "330",
    "Reporting Period Start Date": "2024-04-01",
    "Reporting Period End Date": "2025-03-31",
    "Gender": "Female",
    "Client Type": "Service user",
    "Event Type": "Service",
}


def care_home(person: str, start: str, end: str = "", born: str = "1940-06-17", **fields) -> dict:
    """A long-term residential care stay."""
    return {
        "LA Person Unique Identifier": person,
        "First Name": f"Name{person}",
        "Last Name": "Example",
        "Postcode": "B1 1AA",
        "Date of Birth": born,
        "Event Start Date": start,
        "Event End Date": end,
        "Service Type": "Long term support: Residential care",
        "Service Component": "Residential care",
        **fields,
    }


LAST_YEAR = {"Reporting Period Start Date": "2023-04-01", "Reporting Period End Date": "2024-03-31"}


def history_of(rows: list[dict], key: bytes = b"k" * 40):
    """The rows joined into one history, each reporting period's rows sent as a submission of its own
    (oldest first); rows that name no period are this year's (to 31 March 2025)."""
    from cld import arrival
    from cld.service import joined

    periods = sorted({row.get("Reporting Period End Date", "2025-03-31") for row in rows})
    arrivals = []
    for period in periods:
        chosen = [row for row in rows if row.get("Reporting Period End Date", "2025-03-31") == period]
        arrived = arrival.read_file(csv_file(chosen), f"submission-{period}.csv", key)
        assert arrived.problems == []
        arrivals.append(arrived)
    return joined(arrivals)


def csv_file(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADINGS)
    writer.writeheader()
    for row in rows:
        writer.writerow({**DEFAULTS, **row})
    return out.getvalue().encode()


def community(person: str, start: str = "2024-01-01", delivery: str = "", end: str = "", **fields) -> dict:
    """Long-term support in the community, with its delivery mechanism."""
    return care_home(
        person,
        start,
        end,
        **{
            "Service Type": "Long term support: Community",
            "Service Component": "Home support",
            "Delivery Mechanism": delivery,
            **fields,
        },
    )
