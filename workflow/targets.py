"""Changing a measure's target safely: the fields of the chosen rule only, a reason and the year it
applies from, and before anything is saved, the draft months whose status the change would move.
Published months keep the target they were published with (they are frozen snapshots)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.db import transaction

from indicators import audit_trail, formatting, periods, report, rules
from indicators.facts import MeasureFacts, TargetFacts
from indicators.models import Measure, Scorecard, ScorecardMeasure, StoredPeriod, Target
from scorecard import queries

# The draft months checked for a change of status, newest first, per scorecard: a scorecard loaded with
# years of history it never published says how many more it did not check.
MOST_CHECKED = 12

# The fields each rule reads; a field not listed for the chosen rule is not asked and is saved empty.
RULE_FIELDS = {
    rules.Rule.TOLERANCE: ("target", "tolerance", "tolerance_type"),
    rules.Rule.MIN_STRETCH: ("minimum", "stretch"),
    rules.Rule.BAND: ("band_low", "band_high", "tolerance", "tolerance_type"),
    rules.Rule.DIRECTION: (),
    rules.Rule.NONE: (),
}
FIGURES = ("target", "tolerance", "minimum", "stretch", "band_low", "band_high")


def _number(label: str, help_text: str = "", required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        required=required,
        max_digits=20,
        decimal_places=8,
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"Enter the {label.lower()} as a number, like 75 or 23.5",
        },
    )


class RuleChoice(forms.Form):
    """Step one: the year the target applies from, and the rule (so step two asks only its fields)."""

    year = forms.TypedChoiceField(
        label="Applies from",
        coerce=int,
        help_text="The financial year from April. Later years keep their own targets; published months "
        "keep the target they were published with.",
        error_messages={"invalid_choice": "Choose a year in the list"},
    )
    rule = forms.ChoiceField(
        label="How its status is judged",
        choices=Target.RULE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how its status is judged", "invalid_choice": "Choose a rule"},
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, periods.financial_year_label(y)) for y in years]


class TargetForm(forms.Form):
    """Step two: the chosen rule's figures, what is printed for it, and why it changes."""

    target = _number("Target")
    tolerance = _number("Tolerance", "How far short of it is still Amber; leave empty for none", required=False)
    tolerance_type = forms.ChoiceField(
        label="The tolerance is", choices=Target.ToleranceType.choices, widget=forms.RadioSelect
    )
    minimum = _number("Minimum", "Below it is Red")
    stretch = _number("Stretch", "At it or better is Green; leave empty to make the minimum Green", required=False)
    band_low = _number("Bottom of the band")
    band_high = _number("Top of the band")
    label = forms.CharField(
        label="Printed as (optional)",
        required=False,
        max_length=80,
        help_text="Instead of the figures, for example 'DoT only' or '<4.1 (17 admissions)'",
    )
    reason = forms.CharField(
        label="Why the target changes",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the audit log with the old and new values, for example 'Agreed at Cabinet, 4 June'",
        error_messages={"required": "Say why the target changes"},
    )

    def __init__(self, *args, rule: rules.Rule, **kwargs):
        super().__init__(*args, **kwargs)
        self.rule = rule
        for name in set(FIGURES + ("tolerance_type",)) - set(RULE_FIELDS[rule]):
            del self.fields[name]

    def clean(self):
        data = super().clean()
        low, high = data.get("band_low"), data.get("band_high")
        if low is not None and high is not None and low > high:
            self.add_error("band_high", "The top of the band is below its bottom: enter it again")
        if data.get("tolerance") is not None and data["tolerance"] < 0:
            self.add_error("tolerance", "A tolerance cannot be below zero")
        return data

    def checked_as(self) -> str:
        """The figures as checked, to tell whether they were edited after the check."""
        return "|".join(f"{name}={self.cleaned_data.get(name)}" for name in sorted(self.fields) if name != "reason")

    def as_facts(self, year: int, profile: tuple = ()) -> TargetFacts:
        data = self.cleaned_data
        return TargetFacts(
            financial_year=year,
            rule=str(self.rule),
            tolerance_type=data.get("tolerance_type") or Target.ToleranceType.ABSOLUTE,
            label=data.get("label", ""),
            profile=profile,
            **{name: data.get(name) for name in FIGURES},
        )


def held_targets(measure: Measure) -> list[TargetFacts]:
    """The measure's targets, by year (two queries): read once a request, for every step below."""
    return [TargetFacts.of(t) for t in measure.targets.prefetch_related("profile")]


def years_offered(held: list[TargetFacts], today_fy: int) -> list[int]:
    """The years a target can be set from: each year it has one, and last year to two years ahead."""
    return sorted({t.financial_year for t in held} | set(range(today_fy - 1, today_fy + 3)))


def target_words(measure: Measure | MeasureFacts, target: TargetFacts | None) -> str:
    """A target as a reader sees it ('75%, Amber within 5'), or what it means when there is none."""
    if target is None:
        return "No target"
    words = report.target_display(measure, target, None) or dict(Target.RULE_CHOICES)[rules.Rule(target.rule)]
    if target.tolerance is not None:
        shown = formatting.plain_number(target.tolerance)
        words += f", Amber within {shown}{'%' if target.tolerance_type == 'relative' else ''}"
    return words


@dataclass(frozen=True)
class StatusChange:
    scorecard: Scorecard
    period: StoredPeriod
    figure: str
    before: rules.Status
    after: rules.Status


@dataclass(frozen=True)
class Consequences:
    changes: list[StatusChange]
    checked: int  # draft months looked at
    not_checked: int  # earlier draft months past MOST_CHECKED


def draft_consequences(measure: Measure, proposed: TargetFacts, held: list[TargetFacts]) -> Consequences:
    """Each draft month of each scorecard showing the measure whose status the proposed target would
    move, by the same rule the scorecard judges with (`indicators.report.status_by_rule`). A status set
    by judgement stays as set, so is not listed."""
    facts = MeasureFacts.of(Measure.objects.prefetch_related("frameworks").get(pk=measure.pk))
    after = [t for t in held if t.financial_year != proposed.financial_year] + [proposed]
    showing = set(ScorecardMeasure.objects.filter(measure=measure).values_list("scorecard_id", flat=True))
    changes, checked, not_checked = [], 0, 0
    for scorecard, held_periods, published in queries.list_scorecards(drafts=True):
        if scorecard.id not in showing:
            continue
        drafts = [p for p in held_periods if p.id not in published and p.value.fy >= proposed.financial_year]
        not_checked += max(0, len(drafts) - MOST_CHECKED)
        for period in drafts[:MOST_CHECKED]:
            row = queries.whole_row(queries.cached_scorecard_report(scorecard, period), measure.code)
            checked += 1
            if row is None or row.status.source == "manual":
                continue
            data_period = row.current.period if row.current else period.value
            target = report.target_for(after, data_period.fy) or report.target_for(after, period.value.fy)
            full = scorecard.status_precision == Scorecard.Precision.FULL
            forecast = report.forecast_for(facts, row.current, data_period)
            status = report.status_by_rule(facts, target, data_period, row.current, forecast, row.travel, full)
            if status.status != row.status.status:
                figure = row.current.display if row.current else "no figure"
                if status.judged_on == "forecast" and status.judged_value is not None:
                    forecast_shown = formatting.format_value(status.judged_value, facts.unit, facts.decimal_places)
                    figure += f" (judged on its year-end forecast, {forecast_shown})"
                changes.append(StatusChange(scorecard, period, figure, row.status.status, status.status))
    return Consequences(changes, checked, not_checked)


@transaction.atomic
def save_target(measure: Measure, proposed: TargetFacts, reason: str, user) -> Target:
    """Keep the target for its year (changed in place when the year has one, so its monthly profile
    stays), with the reason on its history: the audit log records old and new values and the reason."""
    target = Target.objects.select_for_update().filter(measure=measure, financial_year=proposed.financial_year).first()
    target = target or Target(measure=measure, financial_year=proposed.financial_year)
    target.rule = proposed.rule
    target.tolerance_type = proposed.tolerance_type
    target.label = proposed.label
    for name in FIGURES:
        setattr(target, name, getattr(proposed, name))
    target.full_clean()
    target._change_reason = reason[:100]
    target._history_user = user
    with audit_trail.because(reason):
        target.save()
    return target


def initial_from(target: TargetFacts | None, rule: rules.Rule) -> dict:
    """The form's starting values: the target's own where it has the same rule."""
    if target is None or rules.Rule(target.rule) is not rule:
        return {"tolerance_type": Target.ToleranceType.ABSOLUTE}
    values: dict[str, object] = {name: getattr(target, name) for name in FIGURES}
    plain = {k: formatting.plain_number(v) if isinstance(v, Decimal) else v for k, v in values.items()}
    return {**plain, "tolerance_type": target.tolerance_type, "label": target.label}
