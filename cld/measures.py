"""The ASCOF measures worked out from pseudonymised client-level events, in DuckDB (embedded: no server,
the same SQL on a laptop and on millions of events). Each measure's SQL is a file beside this one,
written for DuckDB from DHSC's method; the people behind each figure come back with it.

Worked out so far: 2A, new clients' reablement episodes followed by no long-term support (%); 2B (18 to
64) and 2C (65 and above), admissions to care homes per 100,000; 3D parts 1a and 2a, clients receiving
self-directed support and direct payments (%); 2E, people with long-term support living in their own home
or with family (%), and its part for learning disability."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from . import quarters, vocabulary
from .arrival import EVENT_COLUMNS, connect

DATES = ("start", "end", "birth_month", "death", "period_start", "period_end")

SQL = Path(__file__).with_name("admissions.sql").read_text()
SELF_DIRECTED_SQL = Path(__file__).with_name("self_directed.sql").read_text()
OWN_HOME_SQL = Path(__file__).with_name("own_home.sql").read_text()
SHORT_TERM_SQL = Path(__file__).with_name("short_term.sql").read_text()
CARERS_SQL = Path(__file__).with_name("carers.sql").read_text()
JOINED_SQL = Path(__file__).with_name("joined.sql").read_text()
GROUPS = ("18 to 64", "65 and above", "Total")
ADMISSION_CODES = {"18 to 64": "2B", "65 and above": "2C"}


@dataclass
class Figure:
    code: str
    group: str
    numerator: int
    denominator: int | None
    people: list[str] = field(default_factory=list)  # the pseudonyms counted in the numerator
    # everyone behind the figure where the method counts people in its denominator too: (pseudonym,
    # 'numerator' or 'denominator', a note such as why it is counted beside the figure); for a rate per
    # 100,000 (whose denominator is the population) the numerator's people only
    cohort: list[tuple[str, str, str]] = field(default_factory=list)
    per: int = 100_000  # 100 for a percentage
    left_out: dict[str, int] = field(default_factory=dict)  # counted beside the figure, by why
    counts: str = "people"  # what the numerator and denominator count: people, or episodes for 2A

    @property
    def value(self) -> Decimal | None:
        """Per 100,000 of the population (or per cent), to one decimal place, half away from zero."""
        if not self.denominator:
            return None
        exact = Decimal(self.numerator) * Decimal(self.per) / Decimal(self.denominator)
        return exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Part:
    """One submission's events (a Parquet file) and the 12 months it covers (`start` to `end`)."""

    path: Path
    start: dt.date
    end: dt.date


def chosen_quarters(parts: list[Part]) -> list[tuple[dt.date, dt.date, int, dt.date | None]]:
    """Each quarter the parts cover, with the part its events are taken from (the latest covering it:
    parts come oldest first) and the end of the following quarter when it is covered too:
    (quarter_start, quarter_end, part's index, next_end)."""
    latest: dict[dt.date, int] = {}
    for order, part in enumerate(parts):
        end = quarters.end_of(part.start)
        while end <= part.end:
            latest[end] = order
            end = quarters.next_end(end)
    return [
        (quarters.start_of(end), end, order, quarters.next_end(end) if quarters.next_end(end) in latest else None)
        for end, order in sorted(latest.items())
    ]


class History:
    """The events of one or more submissions (`Part`s, oldest first) joined into one history as DHSC does
    (`joined.sql`): each quarter's events from the latest submission covering it, a date of death ending an
    event, an open service not found again in the following quarter ended at its quarter's end, and one
    record kept per event. Built once into a table every measure then reads, in one connection."""

    def __init__(self, parts: list[Part]):
        self.connection = connect()
        self.connection.execute(
            "CREATE TEMP TABLE chosen (quarter_start DATE, quarter_end DATE, file_order INTEGER, next_end DATE)"
        )
        rows = chosen_quarters(parts)
        if rows:
            self.connection.executemany("INSERT INTO chosen VALUES (?, ?, ?, ?)", rows)
        if parts:
            files = " UNION ALL BY NAME ".join(  # by name: files kept before areas were have no area
                self._part(order, part) for order, part in enumerate(parts)
            )
        else:
            texts = ", ".join(f'NULL::VARCHAR AS "{name}"' for name in EVENT_COLUMNS if name not in (*DATES, "row"))
            dates = ", ".join(f'NULL::DATE AS "{name}"' for name in DATES)
            files = f"SELECT {texts}, {dates}, NULL::INTEGER AS file_order, NULL::BIGINT AS file_row WHERE false"
        self.connection.execute("CREATE TEMP TABLE outcome_ranks (outcome VARCHAR, name VARCHAR, rank INTEGER)")
        self.connection.executemany(
            "INSERT INTO outcome_ranks VALUES (?, ?, ?)",
            [(name.lower(), name, rank) for name, rank in vocabulary.OUTCOME_RANKS.items()],
        )
        self.connection.execute(f"CREATE TEMP VIEW submitted AS {files}")
        self.connection.execute(JOINED_SQL)
        self.connection.execute("DROP VIEW submitted")

    def _part(self, order: int, part: Part) -> str:
        """One part's events with its file_order and each event's file_row (its row in the file as sent;
        in a file kept before rows were, which were written in the file's order, its place in the file)."""
        source = f"read_parquet('{part.path}', file_row_number = true)"
        named = {name for (name, *_rest) in self.connection.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()}
        row = "row" if "row" in named else "file_row_number"
        dropped = "file_row_number, row" if "row" in named else "file_row_number"
        return f"SELECT * EXCLUDE ({dropped}), {order} AS file_order, {row} AS file_row FROM {source}"

    def run(self, sql: str, parameters: dict) -> list[tuple]:
        return self.connection.execute(sql, parameters).fetchall()

    def rows(self, sql: str, parameters: dict, grouped: bool = False) -> list[tuple]:
        """A measure's rows (its SQL gives one a person, or an episode for 2A, the pseudonym first), each
        ending in how many it stands for: 1, or `grouped`, the rows alike but for their pseudonym made
        one, with no pseudonym and their count. The figures alone need no more (at a million events, 2E's
        291,444 rows grouped are 32, and all five measures' figures come 0.6 s sooner)."""
        if grouped:
            sql = f"SELECT NULL AS person, * EXCLUDE (person), count(*) AS n FROM ({sql}\n) GROUP BY ALL"
        else:
            sql = f"SELECT *, 1 AS n FROM ({sql}\n)"
        return self.run(sql, parameters)

    def close(self) -> None:
        self.connection.close()


# Each measure is its SQL's rows (one a person, or an episode for 2A, the person's pseudonym first, and
# last how many the row stands for: `History.rows`) and the figures worked out from them, so the figures
# of the council and of each area (`by_area`) come from one run of the SQL. A figure's people are those
# of its rows that name one.


def _people(rows) -> list[str]:
    return [r[0] for r in rows if r[0] is not None]


def admission_rows(history: History, start: dt.date, end: dt.date, grouped: bool = False) -> list[tuple]:
    parameters = {"period_start": start, "period_end": end, "self_funded": vocabulary.SELF_FUNDED}
    return history.rows(SQL, parameters, grouped)


def admissions(history: History, start: dt.date, end: dt.date, population: dict[str, int] | None) -> list[Figure]:
    """2B and 2C for the period from `start` to `end`, with each band's population (None when not known)."""
    return admission_figures(admission_rows(history, start, end), population)


def admission_figures(rows: list[tuple], population: dict[str, int] | None) -> list[Figure]:
    counts = {band: 0 for band in ADMISSION_CODES}
    people: dict[str, list[str]] = {band: [] for band in ADMISSION_CODES}
    for person, band, n in rows:
        counts[band] += n
        if person is not None:
            people[band].append(person)
    return [
        Figure(
            code,
            band,
            counts[band],
            (population or {}).get(band),
            people[band],
            cohort=[(person, "numerator", "") for person in people[band]],
        )
        for band, code in ADMISSION_CODES.items()
    ]


def self_directed(history: History, end: dt.date, cohorts: bool = True) -> list[Figure]:
    """3D 1a (self-directed support) and 2a (direct payments) of clients with long-term community support
    on `end`, by age band and in total (people of unknown age are in the total only). Beside each, how
    many had no known delivery mechanism (counted in the denominator, as DHSC does). Without `cohorts`,
    the figures only (no list of everyone behind each)."""
    return self_directed_figures(self_directed_rows(history, end, end), cohorts)


def self_directed_rows(history: History, _start: dt.date, end: dt.date, grouped: bool = False) -> list[tuple]:
    return history.rows(SELF_DIRECTED_SQL, {"period_end": end}, grouped)


def self_directed_figures(rows: list[tuple], cohorts: bool = True) -> list[Figure]:
    """3D's figures from its rows (person, band, self-directed, direct payment, delivery unknown, n)."""
    figures = []
    for group in GROUPS:
        held = rows if group == "Total" else [r for r in rows if r[1] == group]
        unknown = sum(r[5] for r in held if r[4])
        for code, column in (("3D1A", 2), ("3D2A", 3)):
            counted = [r for r in held if r[column]]
            cohort = (
                [(r[0], "numerator" if r[column] else "denominator", "delivery unknown" if r[4] else "") for r in held]
                if cohorts
                else []
            )
            figures.append(
                Figure(
                    code,
                    group,
                    sum(r[5] for r in counted),
                    sum(r[5] for r in held),
                    _people(counted),
                    per=100,
                    left_out={"delivery unknown": unknown},
                    cohort=cohort,
                )
            )
    return figures


def own_home(history: History, start: dt.date, end: dt.date, cohorts: bool = True) -> list[Figure]:
    """2E for people aged 18 to 64 and 65 and above, and for people aged 18 to 64 whose primary support
    reason is learning disability (group 'Learning disability 18 to 64'). People of unknown age are left
    out, as DHSC's output does; an unknown or unlisted accommodation status stays in the denominator and
    is counted beside the figure."""
    return own_home_figures(own_home_rows(history, start, end), cohorts)


def own_home_rows(history: History, start: dt.date, end: dt.date, grouped: bool = False) -> list[tuple]:
    return history.rows(
        OWN_HOME_SQL,
        {
            "period_start": start,
            "period_end": end,
            "settled": list(vocabulary.SETTLED),
            "learning_disability": vocabulary.LEARNING_DISABILITY,
            "presumed_at_home": vocabulary.PRESUMED_AT_HOME,
            "presumed_in_community": vocabulary.PRESUMED_IN_COMMUNITY,
        },
        grouped,
    )


# what 2E counts beside its figure as accommodation unknown: these statuses, and any not in the list
_UNKNOWN_STATUSES = frozenset(("Unknown", vocabulary.PRESUMED_IN_COMMUNITY))
_LISTED_STATUSES = frozenset(vocabulary.DEFINED["Accommodation Status"])


UNKNOWN = "accommodation unknown"


def _status_unknown(status: str) -> bool:
    """Whether 2E counts a person's accommodation as unknown: a status unknown, or one not in the list but
    the presumption of home (each person is one row of 2E's)."""
    return status in _UNKNOWN_STATUSES or (status not in _LISTED_STATUSES and status != vocabulary.PRESUMED_AT_HOME)


def own_home_figures(everyone: list[tuple], cohorts: bool = True) -> list[Figure]:
    """2E's figures from its rows (person, band, settled, status, learning disability, n); without
    `cohorts`, the figures only (no list of the people behind each)."""
    learning = [r for r in everyone if r[4]]
    figures = []
    for group, rows in (
        ("18 to 64", [r for r in everyone if r[1] == "18 to 64"]),
        ("65 and above", [r for r in everyone if r[1] == "65 and above"]),
        ("Learning disability 18 to 64", [r for r in learning if r[1] == "18 to 64"]),
    ):
        settled = [r for r in rows if r[2]]
        cohort = (
            [
                (r[0], "numerator" if r[2] else "denominator", UNKNOWN if _status_unknown(r[3]) else r[3])
                for r in sorted(rows)  # each person once: by their pseudonym
            ]
            if cohorts
            else []
        )
        figures.append(
            Figure(
                "2E",
                group,
                sum(r[5] for r in settled),
                sum(r[5] for r in rows),
                sorted(_people(settled)) if cohorts else [],
                per=100,
                left_out={
                    UNKNOWN: sum(r[5] for r in rows if _status_unknown(r[3])),
                    "presumed at home": sum(r[5] for r in rows if r[3] == vocabulary.PRESUMED_AT_HOME),
                },
                cohort=cohort,
            )
        )
    return figures


def short_term(history: History, start: dt.date, end: dt.date) -> list[Figure]:
    """2A for the episodes of reablement ending from `start` to `end`, by age band at the episode's end and
    in total (people of unknown age in the total only). Counted beside each: the episodes left out of both
    sides, by why, and those whose outcome cannot be classified."""
    return short_term_figures(short_term_rows(history, start, end))


def short_term_rows(history: History, start: dt.date, end: dt.date, grouped: bool = False) -> list[tuple]:
    return history.rows(
        SHORT_TERM_SQL,
        {
            "period_start": start,
            "period_end": end,
            "long_term": list(vocabulary.FOLLOWED_BY_LONG_TERM),
            "no_long_term": list(vocabulary.FOLLOWED_BY_NO_LONG_TERM),
        },
        grouped,
    )


def short_term_figures(rows: list[tuple]) -> list[Figure]:
    """2A's figures from its rows (person, band, what followed, step, in the denominator, in the numerator,
    n), one an episode."""
    figures = []
    for group in GROUPS:
        held = [r for r in rows if group == "Total" or r[1] == group]
        counted = [r for r in held if r[4]]
        left_out: dict[str, int] = {}
        for _person, _band, followed, _step, in_denominator, _in_numerator, n in held:
            if not in_denominator:
                why = vocabulary.LEFT_OUT_OF_2A.get(followed, "unable to classify")
                left_out[why] = left_out.get(why, 0) + n
        figures.append(
            Figure(
                "2A",
                group,
                sum(r[6] for r in counted if r[5]),
                sum(r[6] for r in counted),
                sorted(set(_people(r for r in counted if r[5]))),
                per=100,
                left_out={"unable to classify": 0, **left_out},
                counts="episodes",
                cohort=[
                    (r[0], "numerator" if r[5] else "denominator", f"{r[2]} (step {r[3]})")
                    for r in counted
                    if r[0] is not None
                ],
            )
        )
    return figures


CARER_SUPPORT = {1: "direct payment", 2: "council-managed personal budget", 3: "commissioned support"}


def carers(history: History, start: dt.date, end: dt.date) -> list[Figure]:
    """3D 1b (self-directed support) and 2b (direct payments) of carers supported from `start` to `end`
    through a direct payment, a council-managed personal budget or commissioned support, by age band and in
    total (carers of unknown age in the total only). Beside each, the carers whose support direct to them
    has no known delivery mechanism: DHSC leaves them out of both sides."""
    return carer_figures(carer_rows(history, start, end))


def carer_rows(history: History, start: dt.date, end: dt.date, grouped: bool = False) -> list[tuple]:
    parameters = {"period_start": start, "period_end": end, "advice": vocabulary.INFORMATION_AND_ADVICE}
    return history.rows(CARERS_SQL, parameters, grouped)


def carer_figures(rows: list[tuple]) -> list[Figure]:
    """3D's carers' figures from its rows (person, band, support, n)."""
    figures = []
    for group in GROUPS:
        held = [r for r in rows if group == "Total" or r[1] == group]
        counted = [r for r in held if r[2] <= 3]
        unknown = sum(r[3] for r in held if r[2] == 4)
        for code, best in (("3D1B", 2), ("3D2B", 1)):
            figures.append(
                Figure(
                    code,
                    group,
                    sum(r[3] for r in counted if r[2] <= best),
                    sum(r[3] for r in counted),
                    sorted(_people(r for r in counted if r[2] <= best)),
                    per=100,
                    left_out={"delivery unknown": unknown},
                    cohort=[
                        (r[0], "numerator" if r[2] <= best else "denominator", CARER_SUPPORT[r[2]])
                        for r in counted
                        if r[0] is not None
                    ],
                    counts="carers",
                )
            )
    return figures


def of_code(
    history: History, code: str, start: dt.date, end: dt.date, population: dict[str, int] | None
) -> list[Figure]:
    """The figures of the one measure `code` (with its sister parts worked out in the same pass), for a page
    that shows one figure: the people behind it."""
    family = {
        "2A": lambda: short_term(history, start, end),
        "2B": lambda: admissions(history, start, end, population),
        "2C": lambda: admissions(history, start, end, population),
        "2E": lambda: own_home(history, start, end),
        "3D1A": lambda: self_directed(history, end),
        "3D2A": lambda: self_directed(history, end),
        "3D1B": lambda: carers(history, start, end),
        "3D2B": lambda: carers(history, start, end),
    }.get(code.upper())
    return [f for f in family() if f.code == code.upper()] if family else []


# Every measure worked out so far, as (its rows for the 12 months from start to end, its figures from those
# rows and the population): the figures without the lists of everyone behind the largest (`of_code` gives
# those, for one measure). The council's figures and each area's (`by_area`) are both worked out from it;
# the council's alone (`every`) from the rows grouped, with no one named.
EVERY = [
    (short_term_rows, lambda rows, _population: short_term_figures(rows)),
    (admission_rows, admission_figures),
    (own_home_rows, lambda rows, _population: own_home_figures(rows, cohorts=False)),
    (self_directed_rows, lambda rows, _population: self_directed_figures(rows, cohorts=False)),
    (carer_rows, lambda rows, _population: carer_figures(rows)),
]


def every(history: History, start: dt.date, end: dt.date, population: dict[str, int] | None) -> list[Figure]:
    """Every measure for the period from `start` to `end` (`EVERY`), without the people behind them."""
    return [
        f for rows_of, figures_of in EVERY for f in figures_of(rows_of(history, start, end, grouped=True), population)
    ]
