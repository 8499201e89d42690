"""Typing one figure: an officer gives a measure, a period and its numerator and denominator, a value, or
the reason there is none. The form writes it as a one-row extract and sends it down the same path as any
upload (check, preview, confirm), so it is checked by the same rules and kept as a revision."""

from __future__ import annotations

import csv
import io

from django import forms
from django.shortcuts import redirect, render
from django.utils import timezone

from indicators.models import Measure, ScorecardMeasure
from indicators.periods import PeriodKind, not_started, parse_period

from . import services
from .models import Upload


def period_field(text: str, kind: PeriodKind | None = None):
    """A period typed into a form, or the form's error saying what is wrong with it: not a period, or one
    that has not started (no figure can be held for it yet)."""
    try:
        period = parse_period(text.strip(), kind)
    except ValueError as problem:
        raise forms.ValidationError(f"{str(problem)[0].upper()}{str(problem)[1:]}.") from None
    early = not_started(period, timezone.localdate())
    if early:
        raise forms.ValidationError(f"{early[0].upper()}{early[1:]}.")
    return period


# Units whose figure is worked out from a numerator and a denominator (the form offers both boxes).
WITH_PARTS = (Measure.Unit.PERCENTAGE, Measure.Unit.RATE, Measure.Unit.AVERAGE)


def grouped_measures() -> list[tuple[str, list[tuple[str, str]]]]:
    """The measures under each scorecard that shows them (by title, in its order), then the rest: the
    choices of the measure list, as an officer finds a measure, by where it is reported."""
    groups: dict[str, list[tuple[str, str]]] = {}
    placed = set()
    for entry in ScorecardMeasure.objects.select_related("scorecard", "measure").order_by("scorecard__title", "order"):
        groups.setdefault(entry.scorecard.title, []).append((entry.measure.code, _label(entry.measure)))
        placed.add(entry.measure_id)
    others = [(m.code, _label(m)) for m in Measure.objects.exclude(id__in=placed).order_by("code")]
    return [*groups.items(), *([("Other measures", others)] if others else [])]


def _label(measure: Measure) -> str:
    return f"{measure.code}: {measure.short_title or measure.title}"


class MeasureChoice(forms.Form):
    """Step one: which measure (grouped by scorecard; a select can be searched by typing its start)."""

    measure = forms.ChoiceField(label="Measure", error_messages={"invalid_choice": "Choose a measure in the list"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = [("", "Choose a measure"), *grouped_measures()]

    def clean_measure(self):
        found = Measure.objects.filter(code=self.cleaned_data["measure"]).first()
        if found is None:
            raise forms.ValidationError("Choose a measure in the list")
        return found


class OneFigureForm(MeasureChoice):
    period = forms.CharField(
        label="Period the figure is for", max_length=20, help_text="e.g. 2024-09, Sep 24, 2024/25 Q2 or 2023/24"
    )
    reporting_period = forms.CharField(
        label="Scorecard month",
        required=False,
        max_length=20,
        help_text="The month whose scorecard first shows it, e.g. 2024-09. Blank: the period's own month.",
    )
    numerator = forms.CharField(label="Numerator", required=False, max_length=40)
    denominator = forms.CharField(label="Denominator", required=False, max_length=40)
    value = forms.CharField(
        label="Or the value", required=False, max_length=40, help_text="For a figure with no numerator: 37.5, 1,204"
    )
    reason = forms.CharField(
        label="Or why there is no figure",
        required=False,
        max_length=200,
        help_text="e.g. 'Not yet available: survey results are due in June'",
    )
    note = forms.CharField(label="Note (optional)", required=False, max_length=500)

    def clean_period(self):
        return period_field(self.cleaned_data["period"])

    def clean_reporting_period(self):
        text = self.cleaned_data["reporting_period"].strip()
        return period_field(text, PeriodKind.MONTH) if text else None

    def clean(self):
        cleaned = super().clean()
        measure = cleaned.get("measure")
        counted = cleaned.get("numerator", "").strip() or cleaned.get("denominator", "").strip()
        if counted and measure is not None and measure.unit not in WITH_PARTS:
            raise forms.ValidationError(
                f"{measure.code} is a {measure.get_unit_display().lower()}, with no numerator or denominator: "
                "give its value."
            )
        given = [bool(counted), bool(cleaned.get("value", "").strip()), bool(cleaned.get("reason", "").strip())]
        if sum(given) == 0:
            raise forms.ValidationError(
                "Give the numerator and denominator, or the value, or the reason there is no figure."
            )
        if sum(given) > 1:
            raise forms.ValidationError("Give one of these only: numerator and denominator, a value, or a reason.")
        if counted and not (cleaned.get("numerator", "").strip() and cleaned.get("denominator", "").strip()):
            self.add_error("denominator" if cleaned.get("numerator", "").strip() else "numerator", "Give both.")
        return cleaned

    def as_extract(self) -> bytes:
        """The figure as the long extract format (code, period, numerator, denominator, value, note)."""
        data = self.cleaned_data
        note = data["reason"].strip() or data["note"].strip()  # the extract reads a note alone as the reason
        if data["reason"].strip() and data["note"].strip():
            note = f"{data['reason'].strip()}; {data['note'].strip()}"
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["code", "period", "numerator", "denominator", "value", "note"])
        writer.writerow(
            [
                data["measure"].code,
                data["period"].code,
                data["numerator"].strip(),
                data["denominator"].strip(),
                data["value"].strip(),
                note,
            ]
        )
        return out.getvalue().encode()

    def scorecard_month(self):
        """The month the figure is reported in: as given, or the month the period ends in."""
        given = self.cleaned_data["reporting_period"]
        if given is not None:
            return given
        period = self.cleaned_data["period"]
        return period if period.kind is PeriodKind.MONTH else period.latest_of_kind(PeriodKind.MONTH)


def one_figure_page(request):
    """Step one chooses the measure (?measure=); step two asks its figure, with a numerator and a
    denominator only where the measure has them. On sending, the one-row extract goes to the upload's
    check and preview page, which speaks of the figure typed."""
    if request.method != "POST":
        choice = MeasureChoice(request.GET if "measure" in request.GET else None)
        if not choice.is_bound or not choice.is_valid():
            status = 400 if choice.errors else 200
            return render(request, "imports/one_figure.html", {"choice": choice}, status=status)
        measure = choice.cleaned_data["measure"]
        form = OneFigureForm(initial={"measure": measure.code})
        return render(request, "imports/one_figure.html", _step_two(form, measure))
    form = OneFigureForm(request.POST)
    if form.is_valid():
        measure, period = form.cleaned_data["measure"], form.cleaned_data["period"]
        upload = services.receive(
            form.as_extract(),
            f"typed-{measure.code}-{period.code}.csv",
            user=request.user,
            kind=Upload.Kind.EXTRACT,
            reporting_period=form.scorecard_month(),
            source=Upload.Source.TYPED,
        )
        return redirect("imports:detail", upload.pk)
    measure = Measure.objects.filter(code=request.POST.get("measure", "")).first()
    if measure is None:
        return render(request, "imports/one_figure.html", {"choice": MeasureChoice(request.POST)}, status=400)
    return render(request, "imports/one_figure.html", _step_two(form, measure))


def _step_two(form: OneFigureForm, measure: Measure) -> dict:
    parts = measure.unit in WITH_PARTS
    if not parts:
        form.fields["value"].label = "The figure"
        form.fields["value"].help_text = f"As {measure.code} is reported: {measure.get_unit_display().lower()}"
    shown = ["period", *(["numerator", "denominator"] if parts else []), "value", "reason", "note"]
    return {"form": form, "measure": measure, "fields": [form[name] for name in shown], "parts": parts}
