"""Typing one figure: an officer gives a measure, a period and its numerator and denominator, a value, or
the reason there is none. The form writes it as a one-row extract and sends it down the same path as any
upload (check, preview, confirm), so it is checked by the same rules and kept as a revision."""

from __future__ import annotations

import csv
import io

from django import forms
from django.shortcuts import redirect, render
from django.utils import timezone

from indicators.models import Measure
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


class OneFigureForm(forms.Form):
    measure = forms.ModelChoiceField(
        label="Measure",
        queryset=Measure.objects.order_by("code"),
        to_field_name="code",
        empty_label="Choose a measure",
    )
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
        counted = cleaned.get("numerator", "").strip() or cleaned.get("denominator", "").strip()
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
    """The form; on sending, the one-row extract goes to the upload's check and preview page."""
    form = OneFigureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
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
    return render(request, "imports/one_figure.html", {"form": form})
