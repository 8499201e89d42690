"""Statistical process control as plain functions: XmR charts and NHS England's Making Data Count
reading of them, exactly as ../shared/SPC.md sets out (docs/spc.md says it in plain words). No database.

    xmr            a series read as an XmR chart: windows, limits, every point's type, the two icons
    outside_flags / shift_flags / trend_flags / near_flags   the four special-cause rules on their own
    variation_icon / assurance_icon                          the icons, from the last point counted

A series is a list of (key, value) in period order, where a key is anything that sorts (a period, a
date). Periods with no figure are simply not in the series.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum

LIMIT = 2.66  # the constant, literally (not 3 / 1.128)
SCREEN = 3.267  # moving ranges this many MRbar or more are screened out, when screening is on
MINIMUM_POINTS = 15  # limits and icons need this many points in a window
RUN = 7  # points in a shift or a trend


class Improvement(StrEnum):
    UP = "up"  # higher is better
    DOWN = "down"
    NEITHER = "neither"

    @classmethod
    def of_polarity(cls, polarity: str) -> Improvement:
        return {"higher": cls.UP, "lower": cls.DOWN}.get(polarity, cls.NEITHER)


class Conflict(StrEnum):
    IMPROVEMENT = "improvement"  # MDC Excel's choice, the default
    CONCERN = "concern"


@dataclass(frozen=True)
class Method:
    """How one measure's chart is drawn: chosen by a performance officer, never automatically."""

    improvement: Improvement = Improvement.NEITHER
    conflict: Conflict = Conflict.IMPROVEMENT
    screen: bool = False  # moving-range screening, off by default
    baseline_end: object | None = None  # limits fixed from the points up to here (in its window)
    recalculate_from: tuple = ()  # a new window starts at each of these keys
    excluded: tuple = ()  # "ghost" points: drawn, never counted
    minimum_points: int = MINIMUM_POINTS


@dataclass(frozen=True)
class Point:
    key: object
    value: float
    window: int
    mean: float | None = None
    lower: float | None = None
    upper: float | None = None
    lower_2s: float | None = None
    upper_2s: float | None = None
    type: str = "common_cause"  # common_cause, improvement, concern, neither, excluded
    side: str = ""  # "high" or "low": the side the special cause is on
    rules: tuple[str, ...] = ()  # outside, shift, trend, two_of_three


@dataclass(frozen=True)
class Window:
    start: object
    mean: float | None
    mr_bar: float | None
    counted: int  # points that take part (not excluded)
    limits_from: int  # points the limits were worked out from (the baseline, or the whole window)

    @property
    def enough(self) -> bool:
        return self.mean is not None

    @property
    def constant(self) -> bool:
        return self.mr_bar == 0


@dataclass(frozen=True)
class Chart:
    points: list[Point]
    windows: list[Window]
    variation: str | None  # None: too few points for icons
    assurance: str | None
    reason: str = ""  # why it is a run chart, or why the limits equal the mean
    method: Method = field(default_factory=Method)

    @property
    def is_run_chart(self) -> bool:
        return self.variation is None


# ---------------------------------------------------------------------------------------------- limits


def moving_ranges(values: list[float]) -> list[float]:
    return [abs(b - a) for a, b in zip(values, values[1:], strict=False)]


def mr_bar(values: list[float], screen: bool = False) -> float:
    """Average moving range; with screening, ranges of 3.267 x MRbar or more are dropped once."""
    ranges = moving_ranges(values)
    if not ranges:
        return 0.0
    average = sum(ranges) / len(ranges)
    if screen:
        kept = [r for r in ranges if r < SCREEN * average]
        average = sum(kept) / len(kept) if kept else average
    return average


# ----------------------------------------------------------------------------------------------- rules


def outside_flags(values: list[float], lower: list[float], upper: list[float]) -> list[str]:
    """Rule 1: strictly above the upper or below the lower limit -> 'high' / 'low' / ''."""
    return ["high" if v > u else "low" if v < lo else "" for v, lo, u in zip(values, lower, upper, strict=True)]


def shift_flags(values: list[float], means: list[float], run: int = RUN) -> list[str]:
    """Rule 2: `run` or more consecutive points strictly on one side of the mean (a point on the mean
    breaks the run); every point of the run is flagged."""
    flags = [""] * len(values)
    start = 0
    while start < len(values):
        side = _side(values[start], means[start])
        end = start
        while end + 1 < len(values) and side and _side(values[end + 1], means[end + 1]) == side:
            end += 1
        if side and end - start + 1 >= run:
            for i in range(start, end + 1):
                flags[i] = side
        start = end + 1
    return flags


def trend_flags(values: list[float], run: int = RUN) -> list[tuple[str, ...]]:
    """Rule 3: `run` consecutive points each strictly higher (or lower) than the one before; an equal
    value breaks it; all the points of the trend are flagged, each with the sides of every trend it is
    in: a turning point that ends a rise and starts a fall belongs to both ('high', 'low')."""
    flags: list[tuple[str, ...]] = [()] * len(values)
    for direction, side in ((1, "high"), (-1, "low")):
        start = 0
        for i in range(1, len(values) + 1):
            rising = i < len(values) and (values[i] - values[i - 1]) * direction > 0
            if not rising:
                if i - start >= run:
                    for j in range(start, i):
                        flags[j] = (*flags[j], side)
                start = i
    return flags


def near_flags(
    values: list[float], means: list[float], lower: list[float], upper: list[float], lower_2s, upper_2s
) -> list[str]:
    """Rule 4: two of three consecutive points between the two-sigma line and the limit on the same
    side, with all three on that side of the mean; only the near points are flagged."""
    near_high = [u2 < v <= u for v, u2, u in zip(values, upper_2s, upper, strict=True)]
    near_low = [lo <= v < l2 for v, l2, lo in zip(values, lower_2s, lower, strict=True)]
    sides = [_side(v, m) for v, m in zip(values, means, strict=True)]
    flags = [""] * len(values)
    for i in range(len(values) - 2):
        trio = range(i, i + 3)
        for near, side in ((near_high, "high"), (near_low, "low")):
            same_side = sides[i] == sides[i + 1] == sides[i + 2] == side
            if same_side and sum(near[j] for j in trio) >= 2:
                for j in trio:
                    if near[j]:
                        flags[j] = flags[j] or side
    return flags


def _side(value: float, mean: float) -> str:
    return "high" if value > mean else "low" if value < mean else ""


# ---------------------------------------------------------------------------------------------- the chart


def xmr(series: list[tuple[object, float]], method: Method = Method(), target: float | None = None) -> Chart:
    """The series read as an XmR chart under `method`, with its icons against `target`."""
    excluded = set(method.excluded)
    starts = sorted(set(method.recalculate_from))
    window_of = [sum(1 for s in starts if key >= s) for key, _ in series] if starts else [0] * len(series)
    counts = [key not in excluded for key, _ in series] if excluded else [True] * len(series)  # not ghosts
    windows: list[Window] = []
    limits: dict[int, tuple[float, float]] = {}  # window -> (mean, MRbar)
    for w in sorted(set(window_of)):
        counted = [v for (_k, v), wi, used in zip(series, window_of, counts, strict=True) if wi == w and used]
        basis = counted
        if method.baseline_end is not None:
            in_baseline = [
                v
                for (k, v), wi, used in zip(series, window_of, counts, strict=True)
                if wi == w and used and k <= method.baseline_end
            ]
            if len(in_baseline) >= 2:
                basis = in_baseline
        start = next(k for (k, _), wi in zip(series, window_of, strict=True) if wi == w)
        if len(counted) < method.minimum_points:
            windows.append(Window(start, None, None, len(counted), len(basis)))
            continue
        mean = sum(basis) / len(basis)
        average_range = mr_bar(basis, method.screen)
        limits[w] = (mean, average_range)
        windows.append(Window(start, mean, average_range, len(counted), len(basis)))

    points = _typed_points(series, window_of, excluded, limits, method)
    counted_points = [p for p in points if p.type != "excluded"]
    last = counted_points[-1] if counted_points else None
    if last is None or last.mean is None:
        needed = method.minimum_points
        reason = (
            f"A run chart: limits and icons need at least {needed} points since the last recalculation, "
            f"and there are {windows[-1].counted if windows else 0}."
        )
        return Chart(points, windows, None, None, reason, method)
    reason = ""
    if windows[-1].constant:
        reason = "Every figure is the same, so the limits equal the mean and no point can fall outside them."
    return Chart(
        points,
        windows,
        variation_icon(last, method.improvement),
        assurance_icon(target, last, method.improvement),
        reason,
        method,
    )


def _typed_points(series, window_of, excluded, limits, method: Method) -> list[Point]:
    # Rules are evaluated on the points that count (ghosts skipped). A trend may run across windows.
    counted = [(i, k, v) for i, (k, v) in enumerate(series) if not excluded or k not in excluded]
    values = [v for _, _, v in counted]
    trend = trend_flags(values)
    flags: dict[int, set[tuple[str, str]]] = defaultdict(set)  # only points a rule flags have an entry
    for n, (i, _, _) in enumerate(counted):
        if trend[n] and window_of[i] in limits:
            flags[i].update((side, "trend") for side in trend[n])
    for w, (mean, average_range) in limits.items():
        members = [(n, i, v) for n, (i, _, v) in enumerate(counted) if window_of[i] == w]
        vals = [v for _, _, v in members]
        means = [mean] * len(vals)
        upper, lower = [mean + LIMIT * average_range] * len(vals), [mean - LIMIT * average_range] * len(vals)
        upper_2s = [mean + 2 / 3 * LIMIT * average_range] * len(vals)
        lower_2s = [mean - 2 / 3 * LIMIT * average_range] * len(vals)
        for rule, found in (
            ("outside", outside_flags(vals, lower, upper)),
            ("shift", shift_flags(vals, means)),
            ("two_of_three", near_flags(vals, means, lower, upper, lower_2s, upper_2s)),
        ):
            for (_, i, _), side in zip(members, found, strict=True):
                if side:
                    flags[i].add((side, rule))
    bounds_of = {
        w: {
            "mean": mean,
            "lower": mean - LIMIT * average_range,
            "upper": mean + LIMIT * average_range,
            "lower_2s": mean - 2 / 3 * LIMIT * average_range,
            "upper_2s": mean + 2 / 3 * LIMIT * average_range,
        }
        for w, (mean, average_range) in limits.items()
    }
    points = []
    for i, ((key, value), w) in enumerate(zip(series, window_of, strict=True)):
        bounds = bounds_of.get(w, {})
        if excluded and key in excluded:
            points.append(Point(key, value, w, type="excluded", **bounds))
            continue
        found = flags.get(i)
        if not found:
            points.append(Point(key, value, w, **bounds))
            continue
        kind, side = _type_of(found, method)
        rules = tuple(sorted({rule for _, rule in found}))
        points.append(Point(key, value, w, type=kind, side=side, rules=rules, **bounds))
    return points


def _type_of(flags: set[tuple[str, str]], method: Method) -> tuple[str, str]:
    sides = {side for side, _ in flags}
    if not sides:
        return "common_cause", ""
    if method.improvement is Improvement.NEITHER:
        return "neither", "high" if "high" in sides else "low"
    good = "high" if method.improvement is Improvement.UP else "low"
    bad = "low" if good == "high" else "high"
    if good in sides and bad in sides:
        return ("improvement", good) if method.conflict is Conflict.IMPROVEMENT else ("concern", bad)
    return ("improvement", good) if good in sides else ("concern", bad)


# ---------------------------------------------------------------------------------------------- icons


def variation_icon(point: Point, improvement: Improvement) -> str:
    """improvement_high / improvement_low, concern_high / concern_low, neither_high / neither_low, or
    common_cause, from the last point counted."""
    if point.type in ("common_cause", "excluded"):
        return "common_cause"
    return f"{point.type}_{point.side}"


def assurance_icon(target: float | None, point: Point, improvement: Improvement) -> str | None:
    """pass / fail / hit_and_miss against the limits in force at the last point; None without a target
    or a preferred direction."""
    if target is None or improvement is Improvement.NEITHER or point.lower is None:
        return None
    if improvement is Improvement.UP:
        return "pass" if target <= point.lower else "fail" if target >= point.upper else "hit_and_miss"
    return "pass" if target >= point.upper else "fail" if target <= point.lower else "hit_and_miss"


VARIATION_WORDS = {
    "improvement_high": "Special cause: improving (higher is better)",
    "improvement_low": "Special cause: improving (lower is better)",
    "concern_high": "Special cause: concern (higher than expected)",
    "concern_low": "Special cause: concern (lower than expected)",
    "neither_high": "Special cause: higher than expected",
    "neither_low": "Special cause: lower than expected",
    "common_cause": "Common cause: no significant change",
}
ASSURANCE_WORDS = {
    "pass": "The target will be met consistently: it lies outside the limits on the good side.",
    "fail": "The target will not be met without change: it lies outside the limits on the bad side.",
    "hit_and_miss": "The target is inside the limits, so it will be hit and missed by chance.",
}


def reading(chart: Chart) -> str:
    """One line for the reader: 'Special cause: improving. The target is inside the limits, so …'."""
    if chart.is_run_chart:
        return chart.reason
    words = VARIATION_WORDS[chart.variation]
    if chart.assurance:
        return f"{words}. {ASSURANCE_WORDS[chart.assurance]}"
    return f"{words}."
