"""What the product knows of each national measure: its title, unit, multiplier and the direction of good
performance. Oflog's codes are filed under the ASCOF code a council's scorecard uses where there is one
(../shared/national/README.md). A measure not listed here is shown with the title its file gives and no
direction, so it is ranked highest first and compared as higher / lower, never as better / worse."""

from __future__ import annotations

from dataclasses import dataclass

from .statistics import Direction

OFLOG_TO_ASCOF = {"ASC1": "1D", "ASC2": "1J", "ASC3": "3D1", "ASC4": "3D2", "ASC5": "2D"}


@dataclass(frozen=True)
class NationalMeasure:
    code: str
    title: str
    unit: str  # percentage, score, rate
    direction: Direction
    multiplier: float = 100.0
    decimal_places: int = 1

    @property
    def is_proportion(self) -> bool:
        return self.unit == "percentage"


def _higher_percentages(*codes_and_titles: tuple[str, str]) -> list[NationalMeasure]:
    return [NationalMeasure(code, title, "percentage", Direction.HIGHER) for code, title in codes_and_titles]


KNOWN = {
    m.code: m
    for m in [
        NationalMeasure("1A", "Social care-related quality of life score", "score", Direction.HIGHER, 1, 1),
        *_higher_percentages(
            ("1B", "People who use services who have control over their daily life (%)"),
            ("1C1A", "People who use services who receive self-directed support (%)"),
            ("1C2A", "People who use services who receive direct payments (%)"),
            ("1E", "Adults with a learning disability in paid employment (%)"),
            ("1F", "Adults in contact with secondary mental health services in paid employment (%)"),
            ("1G", "Adults with a learning disability who live in their own home or with their family (%)"),
            ("1H", "Adults in contact with secondary mental health services living independently (%)"),
            ("1I1", "People who use services who have as much social contact as they would like (%)"),
            ("1I2", "Carers who have as much social contact as they would like (%)"),
            ("2B1", "Older people still at home 91 days after discharge into reablement (%)"),
            ("3A", "Overall satisfaction of people who use services with their care and support (%)"),
            ("3B", "Overall satisfaction of carers with social services (%)"),
            ("4A", "People who use services who feel safe (%)"),
            ("4B", "People who use services who say those services have made them feel safe and secure (%)"),
        ),
        NationalMeasure(
            "2A1",
            "Younger adults (18-64) whose long-term support needs are met by admission to care homes, per 100,000",
            "rate",
            Direction.LOWER,
            100000,
            1,
        ),
        NationalMeasure(
            "2A2",
            "Older adults (65+) whose long-term support needs are met by admission to care homes, per 100,000",
            "rate",
            Direction.LOWER,
            100000,
            1,
        ),
        NationalMeasure("1D", "Carer-reported quality of life (score out of 12)", "score", Direction.HIGHER, 1, 1),
        NationalMeasure(
            "1J", "Social care-related quality of life: impact of services (adjusted)", "score", Direction.HIGHER, 1, 3
        ),
        NationalMeasure(
            "3D1",
            "Service users who find it easy to find information about services (%)",
            "percentage",
            Direction.HIGHER,
        ),
        NationalMeasure(
            "3D2", "Carers who find it easy to find information about support (%)", "percentage", Direction.HIGHER
        ),
        NationalMeasure("2D", "Outcome of short-term services: sequel to service (%)", "percentage", Direction.HIGHER),
        NationalMeasure(
            "ASC6",
            "Requests for support from new clients resulting in a service, per 100,000",
            "rate",
            Direction.NONE,
            100000,
            1,
        ),
        NationalMeasure("ASC7", "Adult social care workforce turnover rate (%)", "percentage", Direction.LOWER),
    ]
}


def measure(code: str) -> NationalMeasure:
    return KNOWN.get(code) or NationalMeasure(code, f"National measure {code}", "score", Direction.NONE, 1, 1)
