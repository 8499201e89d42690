"""Made-up client-level data: a made-up council's people and their requests, assessments, services and
reviews, written as the quarterly submissions a council sends (each the rolling 12 months to its quarter
end). Every person is invented; the council's LA code is 999. Seeded, so the same arguments always make
the same files.

The files carry the problems real ones have: Release 1 wording before 2025-26 (and odd capitalisation),
services never closed, events sent again in every file whose 12 months they fall in, dummy dates of birth,
missing NHS numbers, a reporting period stated wider than the data. Each person lives at a made-up
postcode (in the unused XX area) in one of `WARDS` wards; `postcode_lookup` places them in a council's
ward codes, with a few people outside the council or of no fixed abode. Used by `example_cld`, the demo, the
tests and `speed_cld`.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import quarters, vocabulary

LA_CODE = "999"
COUNCIL = "Example Council (made-up data)"
HEADINGS = [
    "LA Code",
    "Reporting Period Start Date",
    "Reporting Period End Date",
    "NHS Number",
    "LA Person Unique Identifier",
    "First Name",
    "Last Name",
    "Postcode",
    "Gender",
    "Date of Birth",
    "Date of Death",
    "Client Type",
    "Primary Support Reason",
    "Accommodation Status",
    "Client Funding Status",
    "Event Type",
    "Event Start Date",
    "Event End Date",
    "Event Outcome",
    "Service Type",
    "Service Component",
    "Delivery Mechanism",
]
REASONS = [
    ("Physical Support: Personal care support", 55),
    ("Learning Disability Support", 12),
    ("Mental Health Support", 12),
    ("Support with Memory and Cognition", 15),
    ("Sensory Support: Support for visual impairment", 6),
]
SETTLED = [
    "Owner occupier or shared ownership scheme",
    "Tenant: Local authority or other social housing provider",
    "Tenant: Private landlord",
    "Settled mainstream housing with family or friends",
    "Sheltered housing, extra care housing or other sheltered housing",
]
DELIVERY = [  # about England's shares: most clients on self-directed support, a quarter on direct payments
    ("Direct payment", 27),
    ("CASSR managed personal budget", 56),
    ("CASSR commissioned support", 12),
    ("", 5),
]
COMMUNITY = ("Long term support: Community", "Home support")
RESIDENTIAL = ("Long term support: Residential care", "Residential care")
NURSING = ("Long term support: Nursing care", "Nursing care")
ST_MAX = ("Short term support: ST-Max", "Reablement")
# Release 1's wording where it differs from Release 2's by capitals only (mapped by matching without case).
RELEASE_1_CASE = {
    "Long term support: Community": "Long Term Support: Community",
    "Long term support: Residential care": "Long Term Support: Residential Care",
    "Long term support: Nursing care": "Long Term Support: Nursing Care",
    "Short term support: ST-Max": "Short Term Support: ST-Max",
}
# how reablement (ST-Max) episodes end: most with no further support, some going on to long-term support
REABLEMENT_OUTCOMES = [
    ("NFA: Support ended as planned", 40),
    ("Continuation of support or services", 25),
    ("Progress to support planning / services", 12),
    ("NFA: Information and advice or signposting", 6),
    ("Admitted to hospital", 6),
    ("NFA: Self-funded client or under 12wk disregard", 5),
    ("NFA: Support declined", 6),
]
GOES_ON = ("Continuation of support or services", "Progress to support planning / services")
# the Release 1 words of each Release 2 outcome that has them (the first, where Release 1 had two)
RELEASE_1_WORDS = {r2: r1 for r1, r2 in reversed(vocabulary.RELEASE_1_OUTCOMES.items())}
FIRST_RELEASE_2 = dt.date(2025, 6, 30)  # files for quarters before this one are in Release 1 wording


@dataclass
class Event:
    kind: str
    start: dt.date
    end: dt.date | None
    service: tuple[str, str] = ("", "")
    delivery: str = ""
    outcome: str = ""


@dataclass
class Person:
    number: int
    born: str  # as written in the file
    nhs: str
    gender: str
    reason: str
    accommodation: str
    death: dt.date | None = None
    client_type: str = "Service user"
    postcode: str = ""
    events: list[Event] = field(default_factory=list)


def _weighted(rng: random.Random, choices: list[tuple[str, int]]) -> str:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randrange(max(1, (last - first).days + 1)))


def made_up_people(count: int, seed: int = 2024, first: dt.date = dt.date(2022, 4, 1), last=dt.date(2025, 6, 30)):
    """`count` made-up people, each with a path through social care that begins between `first` and
    `last`: a request, an assessment, then reablement, long-term support at home, a care home, or
    nothing; some die."""
    rng = random.Random(seed)
    places = random.Random(f"{seed}-postcodes")  # its own stream: where people live changes nothing else
    for number in range(count):
        year = rng.randrange(1925, 2007)
        born = "1900-01-01" if rng.random() < 0.01 else f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        nhs = "" if rng.random() < 0.05 else f"{9_000_000_000 + number * 7 % 999_999_999:010d}"
        if nhs and rng.random() < 0.3:
            nhs = f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}"
        accommodation = rng.choice(SETTLED) if rng.random() < 0.85 else rng.choice(["Unknown", "Registered care home"])
        person = Person(number, born, nhs, rng.choice(["Male", "Female"]), _weighted(rng, REASONS), accommodation)
        begins = _day(rng, first, last)
        if rng.random() < 0.08:
            person.death = _day(rng, begins + dt.timedelta(days=30), begins + dt.timedelta(days=900))
        if rng.random() < 0.1:  # an unpaid carer, supported in their own right
            person.client_type = "Unpaid carer"
            _carer_path(rng, person, begins)
        else:
            _path(rng, person, begins)
        if person.death:  # nothing begins after a death
            person.events = [e for e in person.events if e.start < person.death]
        person.postcode = _postcode(places)
        yield person


def _path(rng: random.Random, person: Person, begins: dt.date) -> None:
    def ended(end: dt.date | None) -> dt.date | None:
        return person.death if person.death and (end is None or end > person.death) else end

    request_end = begins + dt.timedelta(days=rng.randrange(0, 3))
    person.events.append(
        Event("Request", begins, request_end, outcome="Progress to assessment, review or reassessment")
    )
    assessed = request_end + dt.timedelta(days=rng.randrange(1, 20))
    assessed_end = assessed + dt.timedelta(days=rng.randrange(5, 40))
    person.events.append(
        Event("Assessment", assessed, ended(assessed_end), outcome="Progress to support planning / services")
    )
    start = assessed_end + dt.timedelta(days=1)
    roll = rng.random()
    if roll < 0.3:  # reablement first
        end = start + dt.timedelta(days=rng.randrange(14, 43))
        outcome = _weighted(rng, REABLEMENT_OUTCOMES)
        person.events.append(Event("Service", start, ended(end), ST_MAX, outcome=outcome))
        if outcome not in GOES_ON or rng.random() < 0.3:  # some go on to nothing the file shows: unclassifiable
            return
        start = end + dt.timedelta(days=rng.randrange(1, 6))
    if roll < 0.85:
        until = None if rng.random() < 0.6 else start + dt.timedelta(days=rng.randrange(60, 900))
        delivery = _weighted(rng, DELIVERY)
        person.events.append(Event("Service", start, ended(until), COMMUNITY, delivery))
        if until is not None and rng.random() < 0.4:  # into a care home when support at home ends
            home = RESIDENTIAL if rng.random() < 0.7 else NURSING
            person.events.append(Event("Service", until, ended(None), home))
        first_review = start + dt.timedelta(days=rng.randrange(300, 400))
        person.events.append(Event("Review", first_review, ended(first_review + dt.timedelta(days=10))))
    elif roll < 0.95:
        home = RESIDENTIAL if rng.random() < 0.7 else NURSING
        person.events.append(Event("Service", start, ended(None), home))


CARER_DELIVERY = [  # carers' support: mostly direct payments or commissioned breaks
    ("Direct payment", 45),
    ("CASSR managed personal budget", 8),
    ("CASSR commissioned support", 37),
    ("", 10),
]


def _carer_path(rng: random.Random, person: Person, begins: dt.date) -> None:
    assessed_end = begins + dt.timedelta(days=rng.randrange(5, 30))
    person.events.append(Event("Assessment", begins, assessed_end, outcome="Progress to support planning / services"))
    start = assessed_end + dt.timedelta(days=rng.randrange(1, 30))
    until = start + dt.timedelta(days=rng.randrange(30, 400))
    person.events.append(
        Event(
            "Service", start, until, ("Carer support: Direct to carer", "Carer break"), _weighted(rng, CARER_DELIVERY)
        )
    )


def quarter_ends(first: dt.date, count: int) -> list[dt.date]:
    ends = [first]
    while len(ends) < count:
        ends.append(quarters.next_end(ends[-1]))
    return ends


def submission_rows(people, quarter_end: dt.date, wide_period: bool = False) -> Iterator[list[str]]:
    """The rows of the submission for the 12 months to `quarter_end`, as the council's system would have
    made it then: events not yet begun left out, ends after the quarter left blank (open)."""
    window = quarters.year_to(quarter_end)
    stated_start = window.replace(year=window.year - 1) if wide_period else window
    release_1 = quarter_end < FIRST_RELEASE_2
    for person in people:
        death = person.death if person.death and person.death <= quarter_end else None
        for event in person.events:
            if event.start > quarter_end or (event.end is not None and event.end < window):
                continue
            end = event.end if event.end is not None and event.end <= quarter_end else None
            service, component = event.service
            outcome = event.outcome if end else ""
            if release_1:
                service = RELEASE_1_CASE.get(service, service)
                outcome = RELEASE_1_WORDS.get(outcome, outcome)
                outcome = "NFA - Deceased" if death and end == death else outcome
            elif death and end == death:
                outcome = "NFA: Deceased"
            yield [
                LA_CODE,
                stated_start.isoformat(),
                quarter_end.isoformat(),
                person.nhs,
                f"EX{person.number:06d}",
                "Example",
                f"Person{person.number}",
                person.postcode,
                person.gender,
                person.born,
                death.isoformat() if death else "",
                "Carer" if release_1 and person.client_type == "Unpaid carer" else person.client_type,
                person.reason,
                person.accommodation,
                "",
                event.kind,
                event.start.isoformat(),
                end.isoformat() if end else "",
                outcome,
                service,
                component,
                event.delivery,
            ]


WARDS = 69  # the made-up people live in this many wards (Birmingham's number, whose map the demo draws)
OUTSIDE_CODES = [f"E0599990{n}" for n in range(1, 4)]  # made-up codes of wards of a neighbouring council
# the wards' shares of the people, uneven so that some wards have few (and their small counts are withheld)
WARD_WEIGHTS = [0.3 + 1.7 * random.Random(f"ward-{n}").random() for n in range(WARDS)]
_LETTERS = "ABDE"  # few, so the lookup is small: 160 made-up postcodes a ward


def _postcode(rng: random.Random) -> str:
    """A made-up postcode: 'XX<ward> <digit><letters>' in a ward, 'XY<n> ...' in a neighbouring council,
    the NHS's code for no fixed abode, or none."""
    roll = rng.random()
    inward = f"{rng.randrange(10)}{rng.choice(_LETTERS)}{rng.choice(_LETTERS)}"
    if roll < 0.03:
        return ""
    if roll < 0.05:
        return "ZZ99 3VZ"  # no fixed abode: in no lookup
    if roll < 0.08:
        return f"XY{rng.randrange(len(OUTSIDE_CODES)) + 1} {inward}"
    ward = rng.choices(range(WARDS), weights=WARD_WEIGHTS)[0]
    return f"XX{ward + 1} {inward}"


def postcode_lookup(ward_codes: list[str]) -> bytes:
    """A lookup CSV (postcode, area_code) placing every made-up postcode: 'XX<n> ...' in the n-th of the
    `WARDS` ward codes given, 'XY<n> ...' in a made-up neighbouring ward."""
    if len(ward_codes) != WARDS:
        raise ValueError(f"give {WARDS} ward codes")
    lines = ["postcode,area_code"]
    places = [(f"XX{n + 1}", code) for n, code in enumerate(ward_codes)]
    places += [(f"XY{n + 1}", code) for n, code in enumerate(OUTSIDE_CODES)]
    for outward, code in places:
        lines += [f"{outward} {d}{a}{b},{code}" for d in range(10) for a in _LETTERS for b in _LETTERS]
    return ("\n".join(lines) + "\n").encode()


def write(path: Path, rows) -> int:
    """The rows written as a CSV file with the specification's headings; how many rows."""
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADINGS)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def submissions(folder: Path, people: int, quarters: int, first: dt.date, seed: int = 2024) -> list[Path]:
    """One file per quarter, oldest first, for `quarters` quarters ending from `first`; the third file
    states a reporting period wider than its data, as some councils' do."""
    folder.mkdir(parents=True, exist_ok=True)
    everyone = list(
        made_up_people(
            people, seed, first=first - dt.timedelta(days=730), last=first + dt.timedelta(days=92 * quarters)
        )
    )
    paths = []
    for number, end in enumerate(quarter_ends(first, quarters)):
        path = folder / f"example-cld-{end.isoformat()}.csv"
        write(path, submission_rows(everyone, end, wide_period=number == 2))
        paths.append(path)
    return paths


def large_file(path: Path, events: int, seed: int = 7) -> int:
    """A large council's rolling 12-month file of about `events` rows (for `speed_cld`)."""
    end = dt.date(2025, 3, 31)

    def rows():
        written = 0
        people = made_up_people(events, seed, first=dt.date(2023, 4, 1), last=end)
        for row in submission_rows(people, end):
            yield row
            written += 1
            if written >= events:
                return

    return write(path, rows())
