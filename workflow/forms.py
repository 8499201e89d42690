"""The working month's forms. What they check is what the services check; the forms say it beside the
field a person typed in."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from accounts.naming import name_and_login
from config.date_input import DatePartsField
from indicators.models import AuditEvent, Commentary, Scorecard

from . import services


class CommentaryForm(forms.Form):
    data = forms.CharField(
        label="Data: what the figures show", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    review = forms.CharField(label="Review: why", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    action = forms.CharField(
        label="Action: what is being done", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    text = forms.CharField(
        label="Or free text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For commentary that is not split into data, review and action.",
    )

    def clean(self):
        cleaned = super().clean()
        if not Commentary.has_words(cleaned):
            raise ValidationError(Commentary.NEEDS_WORDS)
        return cleaned


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("approve", "Approve"), ("send_back", "Send back to the author")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Reason for sending it back",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Tell the author what to change. Needed when sending back.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "send_back" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", services.SEND_BACK_NEEDS_REASON)
        return cleaned


class PublishForm(forms.Form):
    confirm_missing = forms.BooleanField(
        label="Publish without the commentary listed as missing",
        required=False,
    )


class CorrectionForm(forms.Form):
    note = forms.CharField(
        label="What the correction changes and why",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Readers see this beside the scorecard, e.g. 'Measure 9 counted people twice; figure corrected.'",
        error_messages={"required": "Say what the correction changes and why: readers see the note."},
    )


class DeadlineForm(forms.Form):
    deadline = forms.DateField(
        label="Commentary deadline",
        required=False,
        # A date input shows only an ISO date (2026-11-26); any other format leaves it blank.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Owners with missing commentary are reminded by e-mail as it approaches. Leave empty for none.",
    )


class AuditFilter(forms.Form):
    action = forms.ChoiceField(label="What", required=False, choices=[("", "Everything"), *AuditEvent.Action.choices])
    user = forms.ModelChoiceField(
        label="Who",
        required=False,
        queryset=get_user_model().objects.none(),
        to_field_name="username",
        empty_label="Anyone",
        error_messages={"invalid_choice": "Choose someone in the list"},
    )
    scorecard = forms.ChoiceField(label="Scorecard", required=False)
    measure = forms.CharField(label="Measure code", required=False, max_length=32)
    since = DatePartsField(label="From", required=False, help_text="For example, 27 3 2025")
    until = DatePartsField(label="To", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the people who appear in the log, and the scorecards, as choices
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(id__in=AuditEvent.objects.exclude(user=None).values("user_id"))
            .order_by("username")
        )
        self.fields["user"].label_from_instance = name_and_login
        self.fields["scorecard"].choices = [("", "Any scorecard")] + [
            (slug, title) for slug, title in Scorecard.objects.order_by("title").values_list("slug", "title")
        ]
        self.fields["scorecard"].error_messages["invalid_choice"] = "Choose a scorecard in the list"

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", "To must be the same as or after From")
        return cleaned
