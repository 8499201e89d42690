"""A measure's XmR chart as a scorecard row holds it: plain values a published snapshot keeps, worked out
by `indicators.spc` from the row's series and the method the officer chose. No database."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from . import periods, spc


@dataclass(frozen=True)
class SpcMethodFacts:
    """The officer's choices for one measure (`SpcMethod` and `SpcMark` as plain values)."""

    improvement: str = "auto"  # auto (from polarity), up, down, neither
    conflict: str = "improvement"
    screen: bool = False
    baseline_end: periods.Period | None = None
    recalculations: tuple[tuple[periods.Period, str], ...] = ()  # (period, reason)
    exclusions: tuple[tuple[periods.Period, str], ...] = ()
    reason: str = ""


@dataclass(frozen=True)
class SpcPoint:
    period: periods.Period
    value: float
    type: str  # common_cause, improvement, concern, neither, excluded
    mean: float | None = None
    lower: float | None = None
    upper: float | None = None
    lower_2s: float | None = None
    upper_2s: float | None = None
    note: str = ""  # the reason for an excluded point or a recalculation starting here


@dataclass(frozen=True)
class SpcSummary:
    points: tuple[SpcPoint, ...]
    variation: str | None  # None: a run chart
    assurance: str | None
    reading: str
    reason: str = ""
    improvement: str = "neither"

    @property
    def is_run_chart(self) -> bool:
        return self.variation is None

    @property
    def variation_words(self) -> str:
        return spc.VARIATION_WORDS.get(self.variation, "Too few points to judge")

    @property
    def assurance_words(self) -> str:
        if self.assurance is None:
            return "No assurance: " + ("too few points" if self.is_run_chart else "no target or no better direction")
        return {"pass": "Pass", "fail": "Fail", "hit_and_miss": "Hit and miss"}[self.assurance]

    @property
    def last_three(self) -> list[SpcPoint]:
        return self.last(3)

    def last(self, count: int) -> list[SpcPoint]:
        counted = [p for p in self.points if p.type != "excluded"]
        return counted[-count:]


def summarise(
    series: list[tuple[periods.Period, Decimal | None]], polarity: str, target: Decimal | None, method: SpcMethodFacts
) -> SpcSummary | None:
    """The XmR chart of a measure's series (periods with no figure left out)."""
    points = [(period, float(value)) for period, value in series if value is not None]
    if not points:
        return None
    improvement = (
        spc.Improvement.of_polarity(polarity) if method.improvement == "auto" else spc.Improvement(method.improvement)
    )
    chart = spc.xmr(
        points,
        spc.Method(
            improvement=improvement,
            conflict=spc.Conflict(method.conflict),
            screen=method.screen,
            baseline_end=method.baseline_end,
            recalculate_from=tuple(p for p, _ in method.recalculations),
            excluded=tuple(p for p, _ in method.exclusions),
        ),
        float(target) if target is not None else None,
    )
    notes = {p: f"Excluded: {why}" for p, why in method.exclusions}
    notes.update({p: f"Limits recalculated from here: {why}" for p, why in method.recalculations})
    return SpcSummary(
        points=tuple(
            SpcPoint(p.key, p.value, p.type, p.mean, p.lower, p.upper, p.lower_2s, p.upper_2s, notes.get(p.key, ""))
            for p in chart.points
        ),
        variation=chart.variation,
        assurance=chart.assurance,
        reading=spc.reading(chart),
        reason=chart.reason,
        improvement=improvement.value,
    )
