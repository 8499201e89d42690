"""Commentary for a measure that is off track must say why and what is being done: a scorecard that asks
for it (`Scorecard.reasons_when_off_track`, on by default) refuses to have commentary submitted for a
measure it shows RED or AMBER without Review and Action."""

from __future__ import annotations

from indicators.models import Measure, Scorecard, StoredPeriod
from scorecard import queries

from .errors import WorkflowError


class ReasonsMissing(WorkflowError):
    """Submitted without Review or Action for a measure a scorecard shows as RED or AMBER."""

    def __init__(self, message: str, empty: list[str], status: str):
        super().__init__(message)
        self.empty = empty  # the fields to fill in: "review", "action"
        self.status = status

    def field_message(self, name: str) -> str:
        return {
            "review": f"Say why the measure is {self.status}",
            "action": "Say what is being done about it",
        }[name]


OFF_TRACK = ("RED", "AMBER")


def off_track(measure: Measure, period: StoredPeriod) -> list[tuple[Scorecard, str]]:
    """Each scorecard that shows `measure` RED or AMBER for `period` and asks for Review and Action then,
    with the status."""
    asking = [s for s, _cycle in queries.scorecards_showing(measure, period) if s.reasons_when_off_track]
    return [
        (scorecard, row.status.status.value)
        for scorecard, _held, row in queries.rows_showing(measure, period, asking)
        if row.status.status.value in OFF_TRACK
    ]


def reasons_missing(measure: Measure, period: StoredPeriod, words: dict[str, str]) -> ReasonsMissing | None:
    """What stops commentary with `words` being submitted for a RED or AMBER measure, if anything."""
    empty = [name for name in ("review", "action") if not (words.get(name) or "").strip()]
    if not empty:
        return None
    shown = off_track(measure, period)
    if not shown:
        return None
    scorecard, status = shown[0]
    return ReasonsMissing(
        f"{measure.code} is {status} on {scorecard.title} for {period.long_label}: say why it is (Review) and "
        "what is being done about it (Action) before submitting. You can save it as a draft meanwhile.",
        empty,
        status,
    )
