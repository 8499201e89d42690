"""Plain copies of the catalogue's records as a scorecard row shows them: a measure's facts, its target,
its benchmarks and its commentary. A report row holds these, never model instances, so what a row
says cannot change under it. Each `of` reads a model instance whose related rows are already loaded
(no query)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal

from . import periods, quartiles, rules


def _copied(cls, record, **given):
    """The fields of `cls` read from the model instance `record` by the same names, except those `given`."""
    return cls(**{f.name: getattr(record, f.name) for f in fields(cls) if f.name not in given}, **given)


@dataclass(frozen=True)
class MeasureFacts:
    """The catalogue's facts about a measure that the scorecard shows or works with."""

    id: int
    code: str
    title: str
    short_title: str
    definition: str
    unit: str
    unit_name: str  # "Percentage", "Rate per N population"
    unit_label: str  # "per 100,000 population aged 65+"
    multiplier: Decimal
    decimal_places: int
    polarity: str
    frequency: str
    frequency_label: str  # "Monthly", "Every two years"
    accumulation: str
    source: str
    owner: str
    responsible_officer: str
    faq: str
    benchmarkable: bool
    constituency_breakdown: bool
    people_noun: str
    frameworks: tuple[str, ...]
    owner_user_id: int | None = None
    responsible_user_id: int | None = None
    national_code: str = ""  # benchmarked against this national measure (docs/benchmarking.md)
    national_disaggregation: str = ""
    national_edition: str = ""  # the ASCOF edition the code belongs to; empty: 2014

    @property
    def is_cumulative(self) -> bool:
        return self.accumulation == "cumulative"

    @property
    def worked_out(self) -> str:
        """How the figure is worked out, in words a councillor can follow: 'Numerator divided by
        denominator, times 100, shown to 1 decimal place.'"""
        places = f"shown to {self.decimal_places} decimal place{'s' if self.decimal_places != 1 else ''}"
        if self.decimal_places == 0:
            places = "shown as a whole number"
        unit = rules.Unit(self.unit)
        if unit is rules.Unit.PERCENTAGE:
            how = "The numerator divided by the denominator, as a percentage"
        elif unit is rules.Unit.RATE:
            per = self.unit_label or f"per {self.multiplier.normalize():,f}"
            how = f"The numerator divided by the denominator, as a rate {per}"
        elif unit is rules.Unit.AVERAGE:
            how = "An average" + (f" in {self.unit_label}" if self.unit_label else "")
        elif unit is rules.Unit.SCORE:
            how = "A score, as the source gives it"
        else:
            how = "A count" + (f" ({self.unit_label})" if self.unit_label else "")
        return f"{how}, {places}."

    @property
    def aim_words(self) -> str:
        return {
            "higher": "Higher is better.",
            "lower": "Lower is better.",
            "band": "Best within the target band.",
            "none": "For information: neither higher nor lower is better.",
        }[self.polarity]

    @property
    def period_words(self) -> str:
        """'Monthly; cumulative from 1 April to date.'"""
        kinds = {
            "snapshot": "the position at the end of each period",
            "cumulative": "cumulative from 1 April to date",
            "rolling": "over the rolling 12 months to each period",
        }
        return f"{self.frequency_label}; {kinds.get(self.accumulation, self.accumulation)}."

    @classmethod
    def of(cls, measure) -> MeasureFacts:
        """From a `Measure` whose frameworks are prefetched (no query)."""
        return _copied(
            cls,
            measure,
            id=measure.pk,
            unit_name=measure.get_unit_display(),
            frequency_label=measure.get_frequency_display(),
            frameworks=tuple(f.code for f in measure.frameworks.all()),
        )


@dataclass(frozen=True)
class TargetFacts:
    """A measure's target for one financial year, with its monthly profile (month 1 = April)."""

    financial_year: int
    rule: str
    target: Decimal | None = None
    tolerance: Decimal | None = None
    tolerance_type: str = "absolute"
    minimum: Decimal | None = None
    stretch: Decimal | None = None
    band_low: Decimal | None = None
    band_high: Decimal | None = None
    label: str = ""
    profile: tuple[tuple[int, Decimal], ...] = ()

    @property
    def year_label(self) -> str:
        return periods.financial_year_label(self.financial_year)

    @property
    def band(self) -> tuple[Decimal, Decimal] | None:
        if self.band_low is None or self.band_high is None:
            return None
        return (self.band_low, self.band_high)

    def profile_value(self, month_index: int | None) -> Decimal | None:
        return dict(self.profile).get(month_index) if month_index else None

    def as_rule(self, profile_value: Decimal | None = None) -> rules.TargetRule:
        """The rule for one period; a monthly profile value replaces the single target."""
        return rules.TargetRule(
            rule=rules.Rule(self.rule),
            target=profile_value if profile_value is not None else self.target,
            tolerance=self.tolerance,
            tolerance_is_relative=self.tolerance_type == "relative",
            minimum=self.minimum,
            stretch=self.stretch,
            band_low=self.band_low,
            band_high=self.band_high,
        )

    @classmethod
    def of(cls, target) -> TargetFacts:
        """From a `Target` whose profile is prefetched (no query)."""
        return _copied(cls, target, profile=tuple(sorted((p.month, p.value) for p in target.profile.all())))


@dataclass(frozen=True)
class BenchmarkFacts:
    """National and regional comparators for one year, with the quartile cut points when held."""

    financial_year: int
    label: str
    england_average: Decimal | None = None
    regional_average: Decimal | None = None
    region_name: str = ""
    england_rank: int | None = None
    england_rank_of: int | None = None
    previous_rank: int | None = None
    council_quartile: str = ""
    cuts: quartiles.QuartileCuts | None = None
    source: str = "typed in"  # or where the product worked it out from ("national data: …")

    @property
    def is_typed_in(self) -> bool:
        return self.source == "typed in"

    @classmethod
    def of(cls, benchmark) -> BenchmarkFacts:
        return _copied(cls, benchmark, source="typed in")


@dataclass(frozen=True)
class CommentaryFacts:
    """A measure's commentary for the period, in whatever state it stands."""

    state: str
    state_label: str
    data: str = ""
    review: str = ""
    action: str = ""
    text: str = ""
    author_title: str = ""
    sent_back_reason: str = ""

    @property
    def is_published(self) -> bool:
        return self.state == "published"

    @classmethod
    def of(cls, commentary) -> CommentaryFacts:
        return _copied(cls, commentary, state_label=commentary.get_state_display())
