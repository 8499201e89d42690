"""A measure's XmR chart as a scorecard row holds it: plain values a published snapshot keeps, worked out
by `indicators.spc` from the row's series and the method the officer chose. No database."""

from __future__ import annotations

import hashlib
import json
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
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

    @property
    def chart_size(self) -> int:
        """How many points the whole chart has."""
        return self.points.chart_size if isinstance(self.points, KeptPoints) else len(self.points)

    def last(self, count: int) -> list[SpcPoint]:
        counted = [p for p in self.points if p.type != "excluded"]
        return counted[-count:]


def chart_points(series: list[tuple[periods.Period, Decimal | None]]) -> list[tuple[periods.Period, float]]:
    """The points an XmR chart counts: the periods with a figure, as floats."""
    return [(period, float(value)) for period, value in series if value is not None]


def figures_digest(figures: list[tuple[periods.Period, float]] | str, salt="") -> str:
    """The half of a chart's digest that stands for its figures: the chart's points, or a stamp that
    stands for them (what the database says of every figure the chart counts, `FigureStamp.text`).
    `salt` names the code that works charts out (a new release works every chart out again)."""
    digest = hashlib.blake2b(digest_size=10)
    digest.update(repr(salt).encode())
    if isinstance(figures, str):
        digest.update(b"stamp:" + figures.encode())
    else:
        digest.update(array("d", [value for _, value in figures]).tobytes())
        digest.update(array("q", [period.ordinal for period, _ in figures]).tobytes())
    return digest.hexdigest()


def inputs_digest(
    figures: list[tuple[periods.Period, float]] | str,
    polarity: str,
    target: Decimal | None,
    method: SpcMethodFacts,
    salt="",
) -> str:
    """A digest of everything a chart is worked out from: two charts with the same digest are the same.
    Its first half is `figures_digest`, its second the target, polarity, method and marks."""
    settings = hashlib.blake2b(
        repr((polarity, None if target is None else str(target), method)).encode(), digest_size=10
    )
    return figures_digest(figures, salt) + settings.hexdigest()


def summarise(
    series: list[tuple[periods.Period, Decimal | None]], polarity: str, target: Decimal | None, method: SpcMethodFacts
) -> SpcSummary | None:
    """The XmR chart of a measure's series (periods with no figure left out)."""
    return _summarise(chart_points(series), polarity, target, method)


def _summarise(
    points: list[tuple[periods.Period, float]], polarity: str, target: Decimal | None, method: SpcMethodFacts
) -> SpcSummary | None:
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
    notes = point_notes(method)
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


SHIFT_LONG_ENOUGH = spc.MINIMUM_POINTS  # a shift this long gives new limits enough points to stand on


def sustained_shift(points: Sequence[SpcPoint], long_enough: int | None = None) -> periods.Period | None:
    """Where a shift still running at the latest point began, when it has run long enough for limits
    worked out from its start to stand (SHIFT_LONG_ENOUGH points on one side of the mean) and the limits
    were not already worked out from there: the period Making Data Count advises an officer to recalculate
    the limits from. None otherwise."""
    long_enough = SHIFT_LONG_ENOUGH if long_enough is None else long_enough
    counted = [p for p in points if p.type != "excluded" and p.mean is not None]
    if len(counted) < long_enough:
        return None
    window = [p for p in counted if p.mean == counted[-1].mean]  # the points since the last recalculation
    flags = spc.shift_flags([p.value for p in window], [p.mean for p in window])
    if not flags[-1]:
        return None
    start = len(window) - 1
    while start > 0 and flags[start - 1] == flags[-1]:
        start -= 1
    if start == 0 or len(window) - start < long_enough:
        return None  # the limits already start where the shift does, or it is not long enough yet
    return window[start].period


# ------------------------------------------------------------------------------------- kept charts
# A kept chart holds only what its series does not: each point's type (one letter) and the limits,
# run-length coded (they change only where the limits are recalculated). The values and periods come
# from the series the digest was worked out from, the notes from the method.

_LETTER = {"common_cause": "c", "improvement": "i", "concern": "o", "neither": "n", "excluded": "x"}
_TYPE = {letter: kind for kind, letter in _LETTER.items()}


def point_notes(method: SpcMethodFacts) -> dict[periods.Period, str]:
    notes = {p: f"Excluded: {why}" for p, why in method.exclusions}
    notes.update({p: f"Limits recalculated from here: {why}" for p, why in method.recalculations})
    return notes


def points_text(points: Sequence[SpcPoint]) -> str:
    """A chart's point types and limits as compact JSON (floats written so they read back exactly)."""
    runs: list[list] = []
    for p in points:
        bounds = [p.mean, p.lower, p.upper, p.lower_2s, p.upper_2s]
        if runs and runs[-1][1:] == bounds:
            runs[-1][0] += 1
        else:
            runs.append([1, *bounds])
    return json.dumps({"types": "".join(_LETTER[p.type] for p in points), "limits": runs}, separators=(",", ":"))


class KeptPoints(Sequence):
    """A kept chart's points, put together from the series and the kept types and limits only when
    something asks for them: a scorecard shows each measure's icons and reading, a measure page draws
    the points."""

    def __init__(self, text: str, series: list[tuple[periods.Period, float]], notes: dict[periods.Period, str]):
        self._text = text
        self._series = series  # the chart's latest points: all of them, or those of the years a page shows
        self._notes = notes
        self._points: tuple[SpcPoint, ...] | None = None

    def _read(self) -> tuple[SpcPoint, ...]:
        if self._points is None:
            kept = json.loads(self._text)
            bounds = [run[1:] for run in kept["limits"] for _ in range(run[0])]
            types, count = kept["types"], len(self._series)
            if len(bounds) != len(types) or count > len(types):
                raise ValueError("a kept chart does not fit its series")
            notes = self._notes
            self._points = tuple(
                SpcPoint(period, value, _TYPE[letter], *limits, notes.get(period, ""))
                for (period, value), letter, limits in zip(
                    self._series, types[len(types) - count :], bounds[len(bounds) - count :], strict=True
                )
            )
        return self._points

    @property
    def chart_size(self) -> int:
        """How many points the whole chart has (more than are here when only the latest years were read)."""
        return len(json.loads(self._text)["types"])

    def __len__(self) -> int:
        return len(self._series)

    def __getitem__(self, index):
        return self._read()[index]

    def __iter__(self):
        return iter(self._read())

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and tuple(self) == tuple(other)

    def __repr__(self) -> str:
        return f"KeptPoints({len(self)} points)"


@dataclass(frozen=True)
class KeptSummary:
    """A kept chart as plain values: the digest of its inputs and what it said (points as `points_text`)."""

    inputs: str
    variation: str | None
    assurance: str | None
    improvement: str
    reading: str
    reason: str
    points: str

    @classmethod
    def of(cls, inputs: str, summary: SpcSummary) -> KeptSummary:
        return cls(
            inputs,
            summary.variation,
            summary.assurance,
            summary.improvement,
            summary.reading,
            summary.reason,
            points_text(summary.points),
        )

    @classmethod
    def no_chart(cls, inputs: str) -> KeptSummary:
        """What is kept for figures none of which has a value: no chart."""
        return cls(inputs, None, None, "neither", "", "", "")

    def summary(self, series: list[tuple[periods.Period, float]], method: SpcMethodFacts) -> SpcSummary:
        """The chart of `series`: the points it was kept for, or the latest of them."""
        return SpcSummary(
            points=KeptPoints(self.points, series, point_notes(method)),
            variation=self.variation or None,
            assurance=self.assurance or None,
            reading=self.reading,
            reason=self.reason,
            improvement=self.improvement,
        )


@dataclass
class ChartBook:
    """The charts a scorecard already holds (by measure id), and those worked out while building it that
    were not held or whose inputs have changed (`made`), for the caller to keep.

    With `stamps` (what the database says of each measure's figures, `FigureStamp.text`), a kept chart is
    matched by the stamp rather than by the points, so a scorecard that read only the years its pages show
    can still use a chart of the whole history. A chart not kept cannot be worked out from those years:
    unless `whole`, its measure is put in `wanted` (its row is built again from the whole history)."""

    kept: dict[int, KeptSummary] = field(default_factory=dict)
    salt: str = ""
    made: dict[int, KeptSummary] = field(default_factory=dict)
    stamps: dict[int, str] | None = None
    whole: bool = True
    wanted: set[int] = field(default_factory=set)

    def stale(self, measure_id: int) -> bool:
        """True when the measure's kept chart is not of the figures its stamp stands for (or none is kept):
        its row has to be built from the whole history."""
        held, stamp = self.kept.get(measure_id), (self.stamps or {}).get(measure_id)
        return stamp is not None and (held is None or not held.inputs.startswith(figures_digest(stamp, self.salt)))

    def chart(
        self,
        measure_id: int,
        series: list[tuple[periods.Period, Decimal | None]],
        polarity: str,
        target: Decimal | None,
        method: SpcMethodFacts,
    ) -> SpcSummary | None:
        points = chart_points(series)
        stamp = self.stamps.get(measure_id) if self.stamps is not None else None
        if not (points or stamp):
            return None
        inputs = inputs_digest(points if stamp is None else stamp, polarity, target, method, self.salt)
        held = self.kept.get(measure_id)
        if held is not None and held.inputs == inputs:
            return held.summary(points, method) if held.points else None  # kept: figures, but none with a value
        if not self.whole:
            self.wanted.add(measure_id)
            return None
        summary = _summarise(points, polarity, target, method)
        self.made[measure_id] = KeptSummary.of(inputs, summary) if summary else KeptSummary.no_chart(inputs)
        return summary
