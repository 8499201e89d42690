"""What the product knows of each national measure: its title, unit, multiplier and the direction of good
performance. Oflog's codes are filed under the ASCOF code a council's scorecard uses where there is one
(../shared/national/README.md). A measure not listed here is shown with the title its file gives and no
direction, so it is ranked highest first and compared as higher / lower, never as better / worse."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from indicators.definitions import DEFAULT_MULTIPLIER
from indicators.statistics import Direction

# ASCOF was renumbered in 2023-24; the same code can name a different measure in the two editions, so a
# national measure is known by its edition and code (../shared/national/README.md).
EDITIONS = {"2014": "ASCOF 2014-15 to 2022-23", "2023": "ASCOF 2023-24 onwards"}


def edition_of(year: int) -> str:
    """The framework edition a financial year's figures are published in (2023 is 2023-24)."""
    return "2023" if year >= 2023 else "2014"


OFLOG_TO_ASCOF = {"ASC1": "1D", "ASC2": "1J", "ASC3": "3D1", "ASC4": "3D2", "ASC5": "2D"}


class Kind(StrEnum):
    """What a published figure is made of, which decides how sure of it we can be."""

    COUNTED = "counted"  # people counted: Wilson for a proportion, Byar's for a rate
    SURVEY = "survey"  # a weighted survey estimate: the published margin of error, never Wilson
    OUTCOME = "outcome"  # only the outcome is published (or its counts mean nothing): no interval


@dataclass(frozen=True)
class NationalMeasure:
    code: str
    title: str
    unit: str  # percentage, score, rate
    direction: Direction
    multiplier: float = 100.0
    decimal_places: int = 1
    kind: Kind = Kind.COUNTED
    edition: str = "2014"

    @property
    def is_proportion(self) -> bool:
        return self.unit == "percentage"


H, L, N = Direction.HIGHER, Direction.LOWER, Direction.NONE
C, S, OUT = Kind.COUNTED, Kind.SURVEY, Kind.OUTCOME


def _edition(edition: str, *rows: tuple) -> dict[str, NationalMeasure]:
    """Rows of (code, title, unit, direction, kind[, decimal places])."""
    found = {}
    for code, title, unit, direction, kind, *places in rows:
        multiplier = float(DEFAULT_MULTIPLIER.get(unit, 1))
        decimals = places[0] if places else 1
        found[code] = NationalMeasure(code, title, unit, direction, multiplier, decimals, kind, edition)
    return found


P, R, SC = "percentage", "rate", "score"
KNOWN = {
    "2014": _edition(
        "2014",
        ("1A", "Social care-related quality of life score", SC, H, S),
        ("1B", "People who use services who have control over their daily life (%)", P, H, S),
        ("1C1A", "People who use services who receive self-directed support (%)", P, H, C),
        ("1C1B", "Carers who receive self-directed support (%)", P, H, C),
        ("1C2A", "People who use services who receive direct payments (%)", P, H, C),
        ("1C2B", "Carers who receive direct payments (%)", P, H, C),
        ("1D", "Carer-reported quality of life (score out of 12)", SC, H, S),
        ("1E", "Adults with a learning disability in paid employment (%)", P, H, C),
        ("1F", "Adults in contact with secondary mental health services in paid employment (%)", P, H, OUT),
        ("1G", "Adults with a learning disability who live in their own home or with their family (%)", P, H, C),
        ("1H", "Adults in contact with secondary mental health services living independently (%)", P, H, OUT),
        ("1I1", "People who use services who have as much social contact as they would like (%)", P, H, S),
        ("1I2", "Carers who have as much social contact as they would like (%)", P, H, S),
        ("1J", "Social care-related quality of life: impact of services (adjusted)", SC, H, OUT, 3),
        ("2A1", "Adults aged 18-64 whose long-term needs are met by admission to care homes, per 100,000", R, L, C),
        ("2A2", "Older adults (65+) whose long-term needs are met by admission to care homes, per 100,000", R, L, C),
        ("2B1", "Older people still at home 91 days after discharge into reablement (%)", P, H, C),
        ("2B2", "Older people offered reablement on discharge from hospital (%)", P, H, C),
        ("2C1", "Delayed transfers of care from hospital, per 100,000", R, L, OUT),
        ("2C2", "Delayed transfers of care attributable to social care, per 100,000", R, L, OUT),
        ("2C3", "Delayed transfers of care attributable to social care or jointly, per 100,000", R, L, OUT),
        ("2D", "Outcome of short-term services: sequel to service (%)", P, H, C),
        ("3A", "Overall satisfaction of people who use services with their care and support (%)", P, H, S),
        ("3B", "Overall satisfaction of carers with social services (%)", P, H, S),
        ("3C", "Carers who report that they have been included or consulted (%)", P, H, S),
        ("3D1", "Service users who find it easy to find information about services (%)", P, H, S),
        ("3D2", "Carers who find it easy to find information about support (%)", P, H, S),
        ("4A", "People who use services who feel safe (%)", P, H, S),
        ("4B", "People who use services who say those services have made them feel safe and secure (%)", P, H, S),
        ("ASC6", "Requests for support from new clients resulting in a service, per 100,000", R, N, OUT),
        ("ASC7", "Adult social care workforce turnover rate (%)", P, L, OUT),
    ),
    "2023": _edition(
        "2023",
        ("1A", "Social care-related quality of life score", SC, H, S),
        ("1B", "Social care-related quality of life: impact of services (adjusted)", SC, H, OUT, 3),
        ("1C", "Carer-reported quality of life (score out of 12)", SC, H, S),
        ("1D", "Overall satisfaction of people who use services with their care and support (%)", P, H, S),
        ("1E", "Overall satisfaction of carers with social services (%)", P, H, S),
        ("2A", "Outcome of short-term services: sequel to service (%)", P, H, C),
        ("2B", "Adults aged 18-64 whose long-term needs are met by admission to care homes, per 100,000", R, L, C),
        ("2C", "Older adults (65+) whose long-term needs are met by admission to care homes, per 100,000", R, L, C),
        ("2D1", "Older people still at home 91 days after discharge into reablement (%)", P, H, C),
        ("2D2", "Older people offered reablement on discharge from hospital (%)", P, H, C),
        ("2D", "People at home 12 weeks after discharge from hospital into reablement (%)", P, H, C),
        ("2E", "Adults with a learning disability who live in their own home or with their family (%)", P, H, C),
        ("3A", "People who use services who have control over their daily life (%)", P, H, S),
        ("3B", "Carers who report that they have been included or consulted (%)", P, H, S),
        ("3C1", "Service users who find it easy to find information about services (%)", P, H, S),
        ("3C2", "Carers who find it easy to find information about support (%)", P, H, S),
        ("3D1A", "People who use services who receive self-directed support (%)", P, H, C),
        ("3D1B", "Carers who receive self-directed support (%)", P, H, C),
        ("3D2A", "People who use services who receive direct payments (%)", P, H, C),
        ("3D2B", "Carers who receive direct payments (%)", P, H, C),
        ("4A", "People who use services who feel safe (%)", P, H, S),
        ("5A1", "People who use services who have as much social contact as they would like (%)", P, H, S),
        ("5A2", "Carers who have as much social contact as they would like (%)", P, H, S),
    ),
}


def measure(code: str, edition: str = "2014") -> NationalMeasure:
    """What is known of a code in an edition; a code not known is shown by its file's words, no direction."""
    return KNOWN.get(edition, {}).get(code) or NationalMeasure(
        code, f"National measure {code}", "score", Direction.NONE, 1, 1, Kind.OUTCOME, edition
    )
