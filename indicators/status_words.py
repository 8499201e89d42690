"""What each status rests on, in words a councillor can trust: the summary's counts split by what set
each status (a target met or missed, a judgement, the direction of travel where there is no target), and
on each row the gap to the threshold that would have made it GREEN ("11.4 pp below the minimum").
Plain functions of the row's facts, no request and no database."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from .formatting import format_number
from .rules import Colour, Polarity, Rule, Status, TargetRule, better_or_equal

# What set a status ("basis"): a target, a judgement, or, with no target, the direction of travel.
TARGET, JUDGEMENT, IMPROVING, STEADY, WORSENING, NOT_COMPARED, NONE = (
    "target",
    "judgement",
    "improving",
    "steady",
    "worsening",
    "not-compared",
    "none",
)
BASES = (TARGET, JUDGEMENT, IMPROVING, STEADY, WORSENING, NOT_COMPARED, NONE)

TRAVEL_BASIS = {Colour.GREEN: IMPROVING, Colour.AMBER: STEADY, Colour.RED: WORSENING}


def basis_of(source: str, has_target: bool, direction_only: bool, travel: Colour | None) -> str:
    """What set one row's status: `source` is the status's ("manual" for a judgement), `has_target`
    whether a target, minimum or band applies, `direction_only` whether the rule is "DoT only"."""
    if source == "manual":
        return JUDGEMENT
    if has_target:
        return TARGET
    if direction_only:
        return TRAVEL_BASIS.get(travel, NOT_COMPARED)
    return NONE


# The words for each part of a status's count; a pair not listed is not one the rules can give.
PART_WORDS = {
    (Status.GREEN, TARGET): "met or exceeded target",
    (Status.GREEN, JUDGEMENT): "set by judgement",
    (Status.GREEN, IMPROVING): "no target: improving",
    (Status.GREEN, STEADY): "no target: no significant change",
    (Status.AMBER, TARGET): "within tolerance of target",
    (Status.AMBER, JUDGEMENT): "set by judgement",
    (Status.RED, TARGET): "missed target",
    (Status.RED, JUDGEMENT): "set by judgement",
    (Status.RED, WORSENING): "no target: worsening",
    (Status.NA, TARGET): "no figure to judge against its target",
    (Status.NA, JUDGEMENT): "set by judgement",
    (Status.NA, NOT_COMPARED): "no target, and no earlier figure to compare with",
    (Status.NA, NONE): "for information: no target",
}
ORDER = (Status.GREEN, Status.AMBER, Status.RED, Status.NA)


@dataclass(frozen=True)
class Part:
    basis: str
    words: str
    count: int


@dataclass(frozen=True)
class StatusCount:
    status: Status
    count: int
    parts: tuple[Part, ...]  # what set them, most common first; empty when there are none


def status_counts(rows: Iterable[tuple[Status, str]]) -> tuple[StatusCount, ...]:
    """Each status's count (GREEN, AMBER, RED, N/A) split by what set it, from (status, basis) rows."""
    counted = Counter(rows)
    found = []
    for status in ORDER:
        parts = sorted(
            (
                Part(basis, PART_WORDS.get((status, basis), basis), n)
                for (s, basis), n in counted.items()
                if s is status
            ),
            key=lambda p: (-p.count, BASES.index(p.basis) if p.basis in BASES else len(BASES)),
        )
        found.append(StatusCount(status, sum(p.count for p in parts), tuple(parts)))
    return tuple(found)


# ----------------------------------------------------------------------------------- the gap on a row


@dataclass(frozen=True)
class Gap:
    amount: Decimal  # how far from the threshold, always above zero
    side: str  # "below" or "above"
    threshold: str  # "target", "minimum", "stretch" or "band"


def gap_to_green(value: Decimal | None, rule: TargetRule | None, polarity: Polarity) -> Gap | None:
    """How far a judged value is from the threshold it had to reach to be GREEN: the target; the
    minimum when it missed the minimum, else the stretch; the nearer edge of a band. None when it is
    GREEN, or there is no value or threshold to measure from."""
    if value is None or rule is None:
        return None

    def gap(threshold: Decimal | None, name: str) -> Gap | None:
        if threshold is None or better_or_equal(value, threshold, polarity):
            return None
        return Gap(abs(value - threshold), "below" if value < threshold else "above", name)

    if rule.rule is Rule.TOLERANCE:
        return gap(rule.target, "target")
    if rule.rule is Rule.MIN_STRETCH:
        minimum = rule.minimum if rule.minimum is not None else rule.stretch
        return gap(minimum, "minimum") or gap(rule.stretch, "stretch")
    if rule.rule is Rule.BAND and rule.band_low is not None and rule.band_high is not None:
        if value < rule.band_low:
            return Gap(rule.band_low - value, "below", "band")
        if value > rule.band_high:
            return Gap(value - rule.band_high, "above", "band")
    return None


def gap_words(gap: Gap | None, unit: str, decimal_places: int) -> str:
    """'11.4 pp below the minimum', '27 above the target', '2.0 below the band': a percentage's gap in
    percentage points, every other in the measure's own unit, to the measure's decimal places."""
    if gap is None:
        return ""
    amount = format_number(gap.amount, decimal_places)
    return f"{amount}{' pp' if unit == 'percentage' else ''} {gap.side} the {gap.threshold}"


def travel_reason(status: Status, basis: str) -> str:
    """Beside a status set by the direction of travel, for want of a target: 'No target: worsening'
    (the summary's words for it); empty for a status set otherwise."""
    if basis not in TRAVEL_BASIS.values():
        return ""
    words = PART_WORDS.get((status, basis), "")
    return words[:1].upper() + words[1:]


def spc_and_status(status: Status, assurance: str | None) -> str:
    """One sentence where the XmR chart's assurance seems to contradict the status: the status judges this
    period's figure against the target, the assurance whether the process, varying as it does, will keep
    meeting it. Empty where they agree or there is no assurance."""
    if assurance is None:
        return ""
    if status is Status.GREEN and assurance == "fail":
        return (
            "GREEN because this period's figure meets the target; the assurance fails because, varying as it "
            "has, the process will usually miss it: expect it to fall short again unless something changes."
        )
    if status is Status.GREEN and assurance == "hit_and_miss":
        return (
            "GREEN this period, but the target lies within the figures' usual range, so it will be met in "
            "some periods and missed in others by chance alone."
        )
    if status in (Status.RED, Status.AMBER) and assurance == "pass":
        return (
            f"{status.value} this period, although the process usually meets the target: this period's "
            "figure is outside the usual range, so look for what was different."
        )
    return ""
